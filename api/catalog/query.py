"""Root fields over the catalog: models, vendors, sources, claims, benchmarks,
and the names no model answers to."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from tokenatlas.api.catalog.figures import Benchmark
from tokenatlas.api.catalog.licences import LicenseQuery
from tokenatlas.api.catalog.lineage import LineageQuery
from tokenatlas.api.catalog.resolution import ResolutionQuery
from tokenatlas.api.catalog.types import Model, Vendor
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped
from tokenatlas.api.pagination import DEFAULT_PAGE, After, Connection, PageSize, connection
from tokenatlas.api.provenance.types import Citation, Source
from tokenatlas.graph.analytics import catalog
from tokenatlas.graph.analytics.catalog import ModelFilter
from tokenatlas.graph.resolve.lookup import find_model, find_vendor


@exposes(
    catalog.UnresolvedEntry,
    description="A name a source used that resolves to no model, or to several.",
)
class UnresolvedName:
    name: str = strawberry.field(description="The name as the source wrote it.")

    @strawberry.field(description="The source that used the name.")
    def source(self) -> str:
        return self.source_id

    reason: str = strawberry.field(
        description="unknown (no model matches), ambiguous (several do) or unavailable "
        "(a base model the Hugging Face Hub no longer serves: deleted, private or gated)."
    )
    candidates: list[str] = strawberry.field(
        description="Slugs of the models the resolver considered.",
        extensions=[Capped(100)],
    )


def _page_size(first: int | None) -> int:
    return DEFAULT_PAGE if first is None else first


@strawberry.type
class EntityQuery:
    """Models and vendors: one by any name, or page by page."""

    node: relay.Node = relay.node(description="Any object with a global id (Model, Vendor).")

    @strawberry.field(
        description="A model by slug or any alias, endpoint id or display name "
        "('MiniMax M2.5', 'minimax/minimax-m2.5-20260211'). Unknown names are an "
        "error with near matches; names meaning several models are an error "
        "listing them."
    )
    def model(
        self,
        info: Info,
        slug: Annotated[
            str, strawberry.argument(description="Slug, alias, endpoint id or name of the model.")
        ],
    ) -> Model:
        return find_model(info.context.session, slug)

    @strawberry.field(description="Models ordered by slug, filtered, one page at a time.")
    def models(
        self,
        info: Info,
        first: PageSize = None,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="Cursor after which the page starts (pageInfo.endCursor)."
            ),
        ] = None,
        vendor: Annotated[
            str | None, strawberry.argument(description="Only this vendor (slug, name or alias).")
        ] = None,
        country: Annotated[
            str | None,
            strawberry.argument(description="Only vendors of this ISO 3166-1 alpha-2 country."),
        ] = None,
        open_weights: Annotated[
            bool | None,
            strawberry.argument(description="Only open-weights (true) or closed (false) models."),
        ] = None,
        license: Annotated[
            str | None, strawberry.argument(description="Only this licence (slug or SPDX id).")
        ] = None,
        family: Annotated[
            str | None, strawberry.argument(description="Only this family (e.g. kimi-k2).")
        ] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Text in the name, slug or an alias.")
        ] = None,
        curated: Annotated[
            bool | None,
            strawberry.argument(
                description="Only catalog models (true) or models that came from datasets (false)."
            ),
        ] = None,
    ) -> Connection[Model]:
        f = ModelFilter(
            vendor=vendor,
            country=country,
            open_weights=open_weights,
            license=license,
            family=family,
            search=search,
            curated=curated,
        )
        page = catalog.list_models(info.context.session, f, first=_page_size(first), after=after)
        return connection(page)

    @strawberry.field(description="A vendor by slug, name or alias.")
    def vendor(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="Slug, name or alias of the vendor.")],
    ) -> Vendor:
        return find_vendor(info.context.session, slug)

    @strawberry.field(description="Vendors ordered by slug, one page at a time.")
    def vendors(
        self,
        info: Info,
        first: PageSize = None,
        after: After = None,
        country: Annotated[
            str | None, strawberry.argument(description="Only this ISO 3166-1 alpha-2 country.")
        ] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Text in the vendor's name.")
        ] = None,
    ) -> Connection[Vendor]:
        page = catalog.list_vendors(
            info.context.session,
            country=country,
            search=search,
            first=_page_size(first),
            after=after,
        )
        return connection(page)


@strawberry.type
class ReferenceQuery:
    """Sources, benchmarks and the names no model answers to."""

    @strawberry.field(
        description="Every source: articles, snapshots, datasets, packages.",
        extensions=[Capped(1000)],
    )
    def sources(
        self,
        info: Info,
        kind: Annotated[
            str | None,
            strawberry.argument(
                description="Only this kind (article, snapshot, package, catalog...)."
            ),
        ] = None,
    ) -> list[Source]:
        return [Citation(r, None) for r in catalog.sources(info.context.session, kind=kind)]

    @strawberry.field(
        description="Every benchmark the graph holds results for.", extensions=[Capped(1000)]
    )
    def benchmarks(self, info: Info) -> list[Benchmark]:
        return catalog.benchmarks(info.context.session)

    @strawberry.field(
        description="Names sources used that resolve to no model or to several, "
        "so a curator can add an alias.",
        extensions=[Capped(1000)],
    )
    def unresolved_names(
        self,
        info: Info,
        source: Annotated[
            str | None, strawberry.argument(description="Only names from this source id.")
        ] = None,
    ) -> list[UnresolvedName]:
        return catalog.unresolved_names(info.context.session, source=source)


@strawberry.type
class CatalogQuery(EntityQuery, ReferenceQuery, ResolutionQuery, LineageQuery, LicenseQuery):
    """Every catalog root field."""
