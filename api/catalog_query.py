"""Root fields over the catalog: models, vendors, sources, claims, benchmarks,
and the names no model answers to."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlmodel import select
from strawberry import relay

from api.context import Info
from api.pagination import Connection, connection
from api.types import Benchmark, Claim, Model, Source, Vendor, model_type, vendor_type
from graph.analytics import catalog
from graph.analytics.catalog import ModelFilter
from graph.resolve.lookup import find_model, find_vendor
from graph.store import tables

DEFAULT_PAGE = 20


@strawberry.type(description="A name a source used that resolves to no model, or to several.")
class UnresolvedName:
    row: strawberry.Private[tables.UnresolvedName]
    candidate_slugs: strawberry.Private[list[str]]

    @strawberry.field(description="The name as the source wrote it.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="The source that used the name.")
    def source(self) -> str:
        return self.row.source_id

    @strawberry.field(description="unknown (no model matches) or ambiguous (several do).")
    def reason(self) -> str:
        return self.row.reason

    @strawberry.field(description="Slugs of the models the resolver considered.")
    def candidates(self) -> list[str]:
        return self.candidate_slugs


def _page_size(first: int | None) -> int:
    return DEFAULT_PAGE if first is None else first


@strawberry.type
class CatalogQuery:
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
        return model_type(find_model(info.context.session, slug))

    @strawberry.field(description="Models ordered by slug, filtered, one page at a time.")
    def models(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"Page size, at most {catalog.MAX_PAGE}; default {DEFAULT_PAGE}."
            ),
        ] = None,
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
        return connection(page, model_type)

    @strawberry.field(description="A vendor by slug, name or alias.")
    def vendor(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="Slug, name or alias of the vendor.")],
    ) -> Vendor:
        return vendor_type(find_vendor(info.context.session, slug))

    @strawberry.field(description="Vendors ordered by slug, one page at a time.")
    def vendors(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"Page size, at most {catalog.MAX_PAGE}; default {DEFAULT_PAGE}."
            ),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor after which the page starts.")
        ] = None,
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
        return connection(page, vendor_type)

    @strawberry.field(description="Every source: articles, snapshots, datasets, packages.")
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
        return [
            Source(row=r, locator=None) for r in catalog.sources(info.context.session, kind=kind)
        ]

    @strawberry.field(description="Figures documents state, with their sources.")
    def claims(
        self,
        info: Info,
        source: Annotated[
            str | None, strawberry.argument(description="Only this source id.")
        ] = None,
        measure: Annotated[
            str | None,
            strawberry.argument(
                description="Only this measure (weekly_tokens, token_share, price_input...)."
            ),
        ] = None,
    ) -> list[Claim]:
        rows = catalog.claims(info.context.session, source=source, measure=measure)
        return [Claim(row=r) for r in rows]

    @strawberry.field(description="Every benchmark the graph holds results for.")
    def benchmarks(self, info: Info) -> list[Benchmark]:
        rows = info.context.session.exec(select(tables.Benchmark).order_by(tables.Benchmark.slug))
        return [Benchmark(row=r) for r in rows]

    @strawberry.field(
        description="Names sources used that resolve to no model or to several, "
        "so a curator can add an alias."
    )
    def unresolved_names(
        self,
        info: Info,
        source: Annotated[
            str | None, strawberry.argument(description="Only names from this source id.")
        ] = None,
    ) -> list[UnresolvedName]:
        rows, slugs = catalog.unresolved_names(info.context.session, source=source)
        return [UnresolvedName(row=r, candidate_slugs=s) for r, s in zip(rows, slugs, strict=True)]
