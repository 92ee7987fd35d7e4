"""Catalog types: models, vendors, licences, endpoints and lineage links.

Each is resolved from its store row (see api/exposed.py); related objects
come through the request's loaders, one batched statement per relation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from tokenatlas.api.catalog.figures import BenchmarkResult, Price, UsageObservation
from tokenatlas.api.catalog.licences import ModelLicenses
from tokenatlas.api.catalog.model_lineage import ModelLineage
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped
from tokenatlas.api.provenance.types import Claim, FieldValues, Source, cite, only_field
from tokenatlas.api.scalars import BigInt
from tokenatlas.graph.analytics import catalog
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.store import tables


def _nodes(info: Info, table: type, node_ids: Iterable[str]) -> list:
    """Rows by slug, in the order asked, None where there is no such row."""
    ids = list(node_ids)
    rows = {r.slug: r for r in catalog.by_slugs(info.context.session, table, ids)}
    return [rows.get(i) for i in ids]


class _SlugNode(relay.Node):
    """A relay node whose global id carries the row's slug."""

    @classmethod
    def resolve_id(cls, root, *, info: Info) -> str:
        return root.slug


@exposes(tables.License, description="A licence under which model weights are released.")
class License:
    slug: str = strawberry.field(
        description="Our key for the licence, e.g. apache-2.0, proprietary."
    )
    name: str = strawberry.field(description="Full name of the licence.")
    spdx: str | None = strawberry.field(description="SPDX identifier, or null when none exists.")
    open: bool = strawberry.field(description="True for an open licence.")
    commercial_use: bool | None = strawberry.field(
        description="Whether commercial use is allowed; null when unknown."
    )
    copyleft: bool | None = strawberry.field(
        description="Whether derivatives must keep the licence; null when unknown."
    )
    terms: str | None = strawberry.field(
        description="What it asks of models derived from weights it covers: permissive, "
        "copyleft, non-commercial, no-derivatives, restricted (a model licence whose terms "
        "bind derivatives) or closed; null when its terms have not been read."
    )
    family: str | None = strawberry.field(
        description="Licences whose terms agree (llama, gemma, qwen...); a derivative "
        "may carry any licence of its base's family."
    )
    url: str | None = strawberry.field(description="Where the licence text is.")


@exposes(tables.Vendor, name="Vendor", description="An organisation that develops models.")
class Vendor(_SlugNode):
    slug: str = strawberry.field(description="Our key for the vendor, e.g. moonshot-ai.")

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _nodes(info, tables.Vendor, node_ids)

    name: str = strawberry.field(description="Display name.")
    country: str | None = strawberry.field(
        description="ISO 3166-1 alpha-2 country of the vendor; null when unknown."
    )
    kind: str = strawberry.field(
        description="organization (named by a catalogue, the vendor's own data or a "
        "curator) or namespace (known only as a Hugging Face namespace: a user or an "
        "organisation, the datasets do not say which; country unknown)."
    )

    @strawberry.field(
        description="Other names sources use for this vendor.", extensions=[Capped(200)]
    )
    async def aliases(self, info: Info) -> list[str]:
        rows = await info.context.loaders.aliases_by_vendor_id.load(self.id)
        return [r.alias for r in rows]

    @strawberry.field(
        description="Every value sources give for this vendor's fields "
        "(country...), preferred first.",
        extensions=[Capped(500)],
    )
    async def facts(
        self,
        info: Info,
        field: Annotated[
            str | None, strawberry.argument(description="Only this field (e.g. country).")
        ] = None,
    ) -> list[FieldValues]:
        return only_field(await info.context.loaders.facts_by_vendor_id.load(self.id), field)

    @strawberry.field(
        description="Models this vendor develops, by slug.",
        extensions=[Capped(1000, rest="page through all of them with models(vendor:)")],
    )
    async def models(self, info: Info) -> list[Model]:
        return await info.context.loaders.models_by_vendor_id.load(self.id)


@exposes(
    tables.Endpoint,
    description="An id under which a platform serves a model (a :free endpoint, a dated id...).",
)
class Endpoint:
    @strawberry.field(description="The id as the platform spells it.")
    def id(self) -> str:
        return self.external_id

    platform: str = strawberry.field(description="The platform, e.g. openrouter.")
    variant: str = strawberry.field(description="default, free, batch, dated, fast or preview.")


@dataclass(frozen=True)
class Link:
    """A lineage edge seen from one of its models: `other_id` is the far end."""

    edge: tables.LineageEdge
    upward: bool  # True: from the child towards its parent

    @property
    def other_id(self) -> int:
        return self.edge.parent_id if self.upward else self.edge.child_id

    @property
    def relation(self) -> str:
        return self.edge.relation


@exposes(Link, description="A lineage edge: how one model derives from another.")
class LineageLink:
    @strawberry.field(description="The model at the other end of the edge.")
    async def model(self, info: Info) -> Model:
        return await info.context.loaders.model_by_id.load(self.other_id)

    relation: str = strawberry.field(
        description="finetune, quantization, adapter, merge or distillation."
    )

    @strawberry.field(description="Where the edge comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.edge.source_id, self.edge.locator)


@exposes(
    tables.Model,
    name="Model",
    description="A canonical model: one node whatever each source calls it.",
)
class Model(_SlugNode, ModelLineage, ModelLicenses):
    slug: str = strawberry.field(description="Our canonical key, e.g. minimax-m2.5.")

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _nodes(info, tables.Model, node_ids)

    name: str = strawberry.field(description="Display name.")

    @strawberry.field(description="The developer; null when unknown (stealth models).")
    async def vendor(self, info: Info) -> Vendor | None:
        if self.vendor_id is None:
            return None
        return await info.context.loaders.vendor_by_id.load(self.vendor_id)

    @strawberry.field(description="Licence of the weights; null when unknown.")
    def license(self, info: Info) -> License | None:
        if self.license_id is None:
            return None
        return info.context.row(tables.License, self.license_id)

    family: str | None = strawberry.field(description="Model family, e.g. kimi-k2.")
    release_date: date | None = strawberry.field(description="Release date, when known.")
    open_weights: bool | None = strawberry.field(
        description="True when the weights are published; null when unknown."
    )
    architecture: str | None = strawberry.field(description="dense or moe; null when unknown.")
    params_total: BigInt | None = strawberry.field(description="Total parameters, when known.")
    params_active: BigInt | None = strawberry.field(
        description="Parameters active per token (MoE), when known."
    )
    context_window: BigInt | None = strawberry.field(
        description="Context window in tokens, when known."
    )
    curated: bool = strawberry.field(
        description="False when the model entered the graph from a dataset "
        "(e.g. a price list) rather than the curated catalog."
    )

    @strawberry.field(
        description="Other names and ids sources use for this model.", extensions=[Capped(200)]
    )
    async def aliases(self, info: Info) -> list[str]:
        rows = await info.context.loaders.aliases_by_model_id.load(self.id)
        own = {key(self.slug), key(self.name)}
        return list(dict.fromkeys(r.alias for r in rows if key(r.alias) not in own))

    @strawberry.field(
        description="Ids under which platforms serve this model.", extensions=[Capped(100)]
    )
    async def endpoints(self, info: Info) -> list[Endpoint]:
        return await info.context.loaders.endpoints_by_model_id.load(self.id)

    @strawberry.field(
        description="Prices valid on a day, per provider, token kind and tier.",
        extensions=[Capped(1000)],
    )
    async def prices(
        self,
        info: Info,
        at: Annotated[
            date | None,
            strawberry.argument(description="The day the prices hold; default today (UTC)."),
        ] = None,
        provider: Annotated[
            str | None,
            strawberry.argument(description="Only this provider (slug or name); default all."),
        ] = None,
    ) -> list[Price]:
        day = at or date.today()
        return await info.context.loaders.prices_by_model_id.load((self.id, day, provider))

    @strawberry.field(
        description="Usage observations whose period overlaps [from, to].",
        extensions=[Capped(1000)],
    )
    async def usage(
        self,
        info: Info,
        from_: Annotated[
            date | None,
            strawberry.argument(
                name="from", description="First day (inclusive); default unbounded."
            ),
        ] = None,
        to: Annotated[
            date | None, strawberry.argument(description="Last day (inclusive); default unbounded.")
        ] = None,
    ) -> list[UsageObservation]:
        return await info.context.loaders.usage_by_model_id.load((self.id, from_, to))

    @strawberry.field(
        description="Benchmark results from every source, each with its source.",
        extensions=[Capped(1000)],
    )
    async def benchmark_results(
        self,
        info: Info,
        benchmark: Annotated[
            str | None,
            strawberry.argument(description="Only this benchmark (slug or name); default all."),
        ] = None,
    ) -> list[BenchmarkResult]:
        bench_id = catalog.find_benchmark(info.context.session, benchmark).id if benchmark else None
        return await info.context.loaders.results_by_model_id.load((self.id, bench_id))

    @strawberry.field(
        description="Models this one derives from, with the relation.", extensions=[Capped(100)]
    )
    async def parents(self, info: Info) -> list[LineageLink]:
        rows = await info.context.loaders.parent_edges_by_model_id.load(self.id)
        return [Link(r, upward=True) for r in rows]

    @strawberry.field(
        description="Models derived from this one, with the relation.", extensions=[Capped(1000)]
    )
    async def children(self, info: Info) -> list[LineageLink]:
        rows = await info.context.loaders.child_edges_by_model_id.load(self.id)
        return [Link(r, upward=False) for r in rows]

    @strawberry.field(
        description="Every value sources give for this model's fields "
        "(release_date, params_total, context_window, license...), preferred "
        "first, each with its source.",
        extensions=[Capped(500)],
    )
    async def facts(
        self,
        info: Info,
        field: Annotated[
            str | None, strawberry.argument(description="Only this field (e.g. release_date).")
        ] = None,
    ) -> list[FieldValues]:
        return only_field(await info.context.loaders.facts_by_model_id.load(self.id), field)

    @strawberry.field(
        description="What documents state about this model.", extensions=[Capped(500)]
    )
    async def claims(self, info: Info) -> list[Claim]:
        return await info.context.loaders.claims_by_model_id.load(self.id)
