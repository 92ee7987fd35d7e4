"""GraphQL object types. Each wraps a store row (kept private) and exposes
described fields; related objects come through the request's loaders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Annotated, NewType

import strawberry
from strawberry import relay

from api.context import Info
from graph.analytics import catalog
from graph.provenance import conflicts
from graph.provenance.facts import encode
from graph.resolve.names import key
from graph.store import tables

DECIMAL_SCALAR = strawberry.scalar(
    name="Decimal",
    serialize=lambda value: format(value, "f"),
    parse_value=Decimal,
    description='An exact decimal number sent as a string in plain notation ("0.3", "10"); '
    "money is never rounded through binary floating point.",
)
BigInt = NewType("BigInt", int)
BIGINT_SCALAR = strawberry.scalar(
    name="BigInt",
    serialize=int,
    parse_value=int,
    description=(
        "A whole number that may exceed 32 bits (token counts), sent as a JSON number. "
        "Exact in JavaScript up to 2^53 (about 9e15)."
    ),
)


def _nodes(info: Info, table, make, node_ids: Iterable[str]) -> list:
    """Relay nodes by slug, in the order asked, None where there is no such row."""
    ids = list(node_ids)
    rows = {r.slug: r for r in catalog.by_slugs(info.context.session, table, ids)}
    return [make(rows[i]) if i in rows else None for i in ids]


# --------------------------------------------------------------------------
# Sources


@strawberry.type(description="Where a figure comes from: a document or a data snapshot.")
class Source:
    row: strawberry.Private[tables.Source]
    locator: str | None = strawberry.field(
        description="Where in the source the figure stands: a paragraph (p4), a row id, a key. "
        "Null when the whole source is meant."
    )

    @strawberry.field(
        description="Stable id of the source, e.g. an article's file id or "
        "'openrouter-weekly/2026-03-16'."
    )
    def id(self) -> str:
        return self.row.id

    @strawberry.field(description="article, snapshot, dataset, package or catalog.")
    def kind(self) -> str:
        return self.row.kind

    @strawberry.field(description="Title of the document or snapshot.")
    def title(self) -> str:
        return self.row.title

    @strawberry.field(description="Who published it, as the source names it; null when unknown.")
    def publisher(self) -> str | None:
        return self.row.publisher

    @strawberry.field(description="Author, as the source names it; null when unknown.")
    def author(self) -> str | None:
        return self.row.author

    @strawberry.field(
        description="Publication date (documents), or collection date (snapshots). "
        "See dateInferred."
    )
    def date(self) -> date | None:
        return self.row.published or self.row.collected

    @strawberry.field(description="True when the date is inferred from the content, not stated.")
    def date_inferred(self) -> bool:
        return self.row.date_inferred

    @strawberry.field(description="How the date was established, when it was inferred.")
    def date_note(self) -> str | None:
        return self.row.date_note

    @strawberry.field(description="URL of the source, when known.")
    def url(self) -> str | None:
        return self.row.url

    @strawberry.field(description="Licence of the source's data, when known.")
    def licence(self) -> str | None:
        return self.row.licence

    @strawberry.field(description="Free-text notes on the source (coverage, quirks).")
    def notes(self) -> str | None:
        return self.row.notes


async def load_source(info: Info, source_id: str, locator: str | None) -> Source:
    row = await info.context.loaders.source_by_id.load(source_id)
    return Source(row=row, locator=locator)


# --------------------------------------------------------------------------
# Values as each source states them


@strawberry.type(description="One source's value for a field, and whether it is the one preferred.")
class FieldValue:
    row: strawberry.Private[conflicts.Value]

    @strawberry.field(description="The value as text (lists joined with ', ').")
    def value(self) -> str:
        v = self.row.value
        if isinstance(v, list):
            return ", ".join(map(str, v))
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    @strawberry.field(description="The value as JSON (a string, number, boolean or list).")
    def value_json(self) -> str:
        return encode(self.row.value)

    @strawberry.field(description="True for the value the graph uses (see reason).")
    def preferred(self) -> bool:
        return self.row.preferred

    @strawberry.field(
        description="Why this value is preferred: the precedence of its source "
        "(curated seeds, then the vendor's statement, catalogues, press, "
        "leaderboards; then the most recent). Null for the others."
    )
    def reason(self) -> str | None:
        return self.row.reason

    @strawberry.field(
        description="Precedence tier of the value: 1 curated, 2 vendor, "
        "3 catalogue, 4 press, 5 leaderboard."
    )
    def tier(self) -> int:
        return self.row.tier

    @strawberry.field(
        description="What qualifies the value (a benchmark's setting, harness "
        "or variant), when stated."
    )
    def note(self) -> str | None:
        return self.row.note

    @strawberry.field(description="Where the value comes from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.row.source_id, self.row.locator)


@strawberry.type(description="Every value sources give for one field, preferred first.")
class FieldValues:
    row: strawberry.Private[conflicts.FieldValues]

    @strawberry.field(
        description="The field: release_date, params_total, context_window, "
        "country, license... or benchmark:<slug> for a benchmark's scores."
    )
    def field(self) -> str:
        return self.row.field

    @strawberry.field(description="True when the sources give different values.")
    def disagree(self) -> bool:
        return self.row.disagree

    @strawberry.field(description="The value the graph uses.")
    def preferred(self) -> FieldValue | None:
        return FieldValue(row=self.row.preferred) if self.row.preferred else None

    @strawberry.field(description="All values, preferred first, each with its source.")
    def values(self) -> list[FieldValue]:
        return [FieldValue(row=v) for v in self.row.values]


def _only(fields: list[conflicts.FieldValues], field: str | None) -> list[FieldValues]:
    return [FieldValues(row=f) for f in fields if field is None or f.field == field]


# --------------------------------------------------------------------------
# Licenses, vendors, providers


@strawberry.type(description="A licence under which model weights are released.")
class License:
    row: strawberry.Private[tables.License]

    @strawberry.field(description="Our key for the licence, e.g. apache-2.0, proprietary.")
    def slug(self) -> str:
        return self.row.slug

    @strawberry.field(description="Full name of the licence.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="SPDX identifier, or null when none exists.")
    def spdx(self) -> str | None:
        return self.row.spdx

    @strawberry.field(description="True for an open licence.")
    def open(self) -> bool:
        return self.row.open

    @strawberry.field(description="Whether commercial use is allowed; null when unknown.")
    def commercial_use(self) -> bool | None:
        return self.row.commercial_use

    @strawberry.field(description="Whether derivatives must keep the licence; null when unknown.")
    def copyleft(self) -> bool | None:
        return self.row.copyleft


@strawberry.type(description="An organisation that develops models.")
class Vendor(relay.Node):
    node_slug: relay.NodeID[str]
    row: strawberry.Private[tables.Vendor]

    @strawberry.field(description="Our key for the vendor, e.g. moonshot-ai.")
    def slug(self) -> str:
        return self.row.slug

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _nodes(info, tables.Vendor, vendor_type, node_ids)

    @strawberry.field(description="Display name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="ISO 3166-1 alpha-2 country of the vendor; null when unknown.")
    def country(self) -> str | None:
        return self.row.country

    @strawberry.field(description="Other names sources use for this vendor.")
    async def aliases(self, info: Info) -> list[str]:
        rows = await info.context.loaders.aliases_by_vendor_id.load(self.row.id)
        return [r.alias for r in rows]

    @strawberry.field(
        description="Every value sources give for this vendor's fields "
        "(country...), preferred first."
    )
    async def facts(
        self,
        info: Info,
        field: Annotated[
            str | None, strawberry.argument(description="Only this field (e.g. country).")
        ] = None,
    ) -> list[FieldValues]:
        return _only(await info.context.loaders.facts_by_vendor_id.load(self.row.id), field)

    @strawberry.field(description="Models this vendor develops, by slug.")
    async def models(self, info: Info) -> list[Model]:
        rows = await info.context.loaders.models_by_vendor_id.load(self.row.id)
        return [model_type(r) for r in rows]


def vendor_type(row: tables.Vendor) -> Vendor:
    return Vendor(node_slug=row.slug, row=row)


@strawberry.type(description="Who serves models: an API platform, a cloud, or the vendor itself.")
class Provider:
    row: strawberry.Private[tables.Provider]

    @strawberry.field(description="Our key for the provider, e.g. openrouter, anthropic.")
    def slug(self) -> str:
        return self.row.slug

    @strawberry.field(description="Display name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="Pricing page, when known.")
    def url(self) -> str | None:
        return self.row.url


# --------------------------------------------------------------------------
# Figures: prices, usage, benchmark results, claims


@strawberry.type(description="A price per million tokens of one kind, valid over an interval.")
class Price:
    row: strawberry.Private[tables.Price]

    @strawberry.field(description="Who charges this price.")
    async def provider(self, info: Info) -> Provider:
        return Provider(row=await info.context.loaders.provider_by_id.load(self.row.provider_id))

    @strawberry.field(description="The model id as this provider names it.")
    def provider_model_id(self) -> str:
        return self.row.provider_model_id

    @strawberry.field(
        description="Token kind: input, output, cache_read, cache_write, "
        "cache_write_1h, input_audio..."
    )
    def token_kind(self) -> str:
        return self.row.token_kind

    @strawberry.field(description="USD per million tokens, as an exact decimal string.")
    def usd_per_million_tokens(self) -> Decimal:
        return self.row.usd_per_mtok

    @strawberry.field(
        description="Applies when the prompt holds more than this many tokens; 0 for the base tier."
    )
    def tier_min_tokens(self) -> BigInt:
        return self.row.tier_min_tokens

    @strawberry.field(description="First day the price holds; null when unknown (since the start).")
    def valid_from(self) -> date | None:
        return self.row.valid_from

    @strawberry.field(description="First day the price no longer holds; null while current.")
    def valid_to(self) -> date | None:
        return self.row.valid_to

    @strawberry.field(
        description="Terms the price needs (e.g. 'processing=batch', a time "
        "window); null for the standard price."
    )
    def conditions(self) -> str | None:
        return self.row.conditions

    @strawberry.field(description="Where this price comes from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.row.source_id, self.row.locator)


@strawberry.type(
    description="Tokens processed on a platform over an explicit period, "
    "by one model endpoint (or vendor, or aggregate)."
)
class UsageObservation:
    row: strawberry.Private[tables.UsageObservation]

    @strawberry.field(description="Platform the tokens were processed on, e.g. openrouter.")
    def platform(self) -> str:
        return self.row.platform

    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.row.period_start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.row.period_end

    @strawberry.field(
        description="The id or name the source used (e.g. a dated or :free endpoint id)."
    )
    def subject_label(self) -> str:
        return self.row.subject_label

    @strawberry.field(description="Total tokens in the period; null when unknown.")
    def tokens(self) -> BigInt | None:
        return self.row.tokens

    @strawberry.field(description="Prompt (input) tokens; null when not collected.")
    def prompt_tokens(self) -> BigInt | None:
        return self.row.prompt_tokens

    @strawberry.field(description="Completion (output) tokens; null when not collected.")
    def completion_tokens(self) -> BigInt | None:
        return self.row.completion_tokens

    @strawberry.field(description="Reasoning tokens; null when not collected.")
    def reasoning_tokens(self) -> BigInt | None:
        return self.row.reasoning_tokens

    @strawberry.field(description="Cached prompt tokens; null when not collected.")
    def cached_tokens(self) -> BigInt | None:
        return self.row.cached_tokens

    @strawberry.field(description="Requests in the period; null when unknown.")
    def request_count(self) -> BigInt | None:
        return self.row.request_count

    @strawberry.field(description="Rank in the source's ranking for the period, when it has one.")
    def rank(self) -> int | None:
        return self.row.rank

    @strawberry.field(
        description="Change against the previous period as the source reports it, "
        "a fraction (0.07 = +7%); null when not reported."
    )
    def reported_change(self) -> float | None:
        return self.row.reported_change

    @strawberry.field(description="Where this observation comes from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.row.source_id, self.row.locator)


@strawberry.type(description="A benchmark: what it measures in, and which way is better.")
class Benchmark:
    row: strawberry.Private[tables.Benchmark]

    @strawberry.field(description="Our key, e.g. swe-bench-verified.")
    def slug(self) -> str:
        return self.row.slug

    @strawberry.field(description="Display name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="Unit of scores: percent, points, score or elo.")
    def unit(self) -> str:
        return self.row.unit

    @strawberry.field(description="True when a higher score is better.")
    def higher_is_better(self) -> bool:
        return self.row.higher_is_better


@strawberry.type(description="A model's score on a benchmark, as one source states it.")
class BenchmarkResult:
    row: strawberry.Private[tables.BenchmarkResult]

    @strawberry.field(description="The benchmark.")
    async def benchmark(self, info: Info) -> Benchmark:
        return Benchmark(row=await info.context.loaders.benchmark_by_id.load(self.row.benchmark_id))

    @strawberry.field(description="The score, in the benchmark's unit.")
    def score(self) -> float:
        return self.row.score

    @strawberry.field(
        description="Mode or variant the score was taken in (e.g. 'Max'); null when not stated."
    )
    def setting(self) -> str | None:
        return self.row.setting

    @strawberry.field(description="Metric, e.g. pass@1, when stated.")
    def metric(self) -> str | None:
        return self.row.metric

    @strawberry.field(description="Harness the score was measured with, when stated.")
    def harness(self) -> str | None:
        return self.row.harness

    @strawberry.field(description="Date of the measurement or of the statement.")
    def measured(self) -> date | None:
        return self.row.measured

    @strawberry.field(description="Where this score comes from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.row.source_id, self.row.locator)


@strawberry.type(
    description="A figure a document states, kept as stated, to compare with what the data derives."
)
class Claim:
    row: strawberry.Private[tables.Claim]

    @strawberry.field(description="Key of the claim, unique within its source.")
    def key(self) -> str:
        return self.row.key

    @strawberry.field(
        description="What the claim is about, as curated: a model name, "
        "vendor:<slug>, country:<ISO>, platform:<name> or group:<text>."
    )
    def subject(self) -> str:
        return self.row.subject

    @strawberry.field(description="model, vendor, country, platform or group.")
    def subject_kind(self) -> str:
        return self.row.subject_kind

    @strawberry.field(description="The model the subject resolves to, when it is a model.")
    async def model(self, info: Info) -> Model | None:
        if self.row.model_id is None:
            return None
        return model_type(await info.context.loaders.model_by_id.load(self.row.model_id))

    @strawberry.field(
        description="What is measured: weekly_tokens, token_share, price_input, "
        "benchmark_score... (see seeds/README.md)."
    )
    def measure(self) -> str:
        return self.row.measure

    @strawberry.field(description="The stated number as an exact decimal string; null for text.")
    def value(self) -> Decimal | None:
        return self.row.value_num

    @strawberry.field(description="The stated value when it is text (a licence, an architecture).")
    def value_text(self) -> str | None:
        return self.row.value_text

    @strawberry.field(description="Unit of the value: tokens, fraction, USD/Mtok, USD, percent...")
    def unit(self) -> str:
        return self.row.unit

    @strawberry.field(
        description="How the source hedged it: about, over, nearly...; null when stated plainly."
    )
    def qualifier(self) -> str | None:
        return self.row.qualifier

    @strawberry.field(description="First day of the period the claim covers, when it has one.")
    def period_start(self) -> date | None:
        return self.row.period_start

    @strawberry.field(description="Last day (inclusive) of the period the claim covers.")
    def period_end(self) -> date | None:
        return self.row.period_end

    @strawberry.field(description="The day a point-in-time figure holds, when stated.")
    def as_of(self) -> date | None:
        return self.row.as_of

    @strawberry.field(description="Benchmark slug, for benchmark scores.")
    def benchmark(self) -> str | None:
        return self.row.benchmark

    @strawberry.field(description="Mode or variant, for benchmark scores.")
    def setting(self) -> str | None:
        return self.row.setting

    @strawberry.field(description="The other side of a ratio or comparison.")
    def compare_to(self) -> str | None:
        return self.row.compare_to

    @strawberry.field(description="What a share is a share of, as the source frames it.")
    def denominator(self) -> str | None:
        return self.row.denominator

    @strawberry.field(description="Curator's note, in our words.")
    def note(self) -> str | None:
        return self.row.note

    @strawberry.field(description="The document that makes the claim, with the paragraph.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.row.source_id, self.row.locator)


# --------------------------------------------------------------------------
# Models


@strawberry.type(
    description="An id under which a platform serves a model (a :free endpoint, a dated id...)."
)
class Endpoint:
    row: strawberry.Private[tables.Endpoint]

    @strawberry.field(description="The id as the platform spells it.")
    def id(self) -> str:
        return self.row.external_id

    @strawberry.field(description="The platform, e.g. openrouter.")
    def platform(self) -> str:
        return self.row.platform

    @strawberry.field(description="default, free, batch, dated, fast or preview.")
    def variant(self) -> str:
        return self.row.variant


@strawberry.type(description="A lineage edge: how one model derives from another.")
class LineageLink:
    row: strawberry.Private[tables.LineageEdge]
    upward: strawberry.Private[bool]

    @strawberry.field(description="The model at the other end of the edge.")
    async def model(self, info: Info) -> Model:
        other = self.row.parent_id if self.upward else self.row.child_id
        return model_type(await info.context.loaders.model_by_id.load(other))

    @strawberry.field(description="finetune, quantization, adapter, merge or distillation.")
    def relation(self) -> str:
        return self.row.relation

    @strawberry.field(description="Where the edge comes from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.row.source_id, None)


@strawberry.type(description="A canonical model: one node whatever each source calls it.")
class Model(relay.Node):
    node_slug: relay.NodeID[str]
    row: strawberry.Private[tables.Model]

    @strawberry.field(description="Our canonical key, e.g. minimax-m2.5.")
    def slug(self) -> str:
        return self.row.slug

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        return _nodes(info, tables.Model, model_type, node_ids)

    @strawberry.field(description="Display name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="The developer; null when unknown (stealth models).")
    async def vendor(self, info: Info) -> Vendor | None:
        if self.row.vendor_id is None:
            return None
        return vendor_type(await info.context.loaders.vendor_by_id.load(self.row.vendor_id))

    @strawberry.field(description="Licence of the weights; null when unknown.")
    async def license(self, info: Info) -> License | None:
        if self.row.license_id is None:
            return None
        return License(row=await info.context.loaders.license_by_id.load(self.row.license_id))

    @strawberry.field(description="Model family, e.g. kimi-k2.")
    def family(self) -> str | None:
        return self.row.family

    @strawberry.field(description="Release date, when known.")
    def release_date(self) -> date | None:
        return self.row.release_date

    @strawberry.field(description="True when the weights are published; null when unknown.")
    def open_weights(self) -> bool | None:
        return self.row.open_weights

    @strawberry.field(description="dense or moe; null when unknown.")
    def architecture(self) -> str | None:
        return self.row.architecture

    @strawberry.field(description="Total parameters, when known.")
    def params_total(self) -> BigInt | None:
        return self.row.params_total

    @strawberry.field(description="Parameters active per token (MoE), when known.")
    def params_active(self) -> BigInt | None:
        return self.row.params_active

    @strawberry.field(description="Context window in tokens, when known.")
    def context_window(self) -> BigInt | None:
        return self.row.context_window

    @strawberry.field(
        description="False when the model entered the graph from a dataset "
        "(e.g. a price list) rather than the curated catalog."
    )
    def curated(self) -> bool:
        return self.row.curated

    @strawberry.field(description="Other names and ids sources use for this model.")
    async def aliases(self, info: Info) -> list[str]:
        rows = await info.context.loaders.aliases_by_model_id.load(self.row.id)
        own = {key(self.row.slug), key(self.row.name)}
        return list(dict.fromkeys(r.alias for r in rows if key(r.alias) not in own))

    @strawberry.field(description="Ids under which platforms serve this model.")
    async def endpoints(self, info: Info) -> list[Endpoint]:
        rows = await info.context.loaders.endpoints_by_model_id.load(self.row.id)
        return [Endpoint(row=r) for r in rows]

    @strawberry.field(description="Prices valid on a day, per provider, token kind and tier.")
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
        rows = await info.context.loaders.prices_by_model_id.load((self.row.id, day, provider))
        return [Price(row=r) for r in rows]

    @strawberry.field(description="Usage observations whose period overlaps [from, to].")
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
        rows = await info.context.loaders.usage_by_model_id.load((self.row.id, from_, to))
        return [UsageObservation(row=r) for r in rows]

    @strawberry.field(description="Benchmark results from every source, each with its source.")
    async def benchmark_results(
        self,
        info: Info,
        benchmark: Annotated[
            str | None,
            strawberry.argument(description="Only this benchmark (slug or name); default all."),
        ] = None,
    ) -> list[BenchmarkResult]:
        bench_id = catalog.find_benchmark(info.context.session, benchmark).id if benchmark else None
        rows = await info.context.loaders.results_by_model_id.load((self.row.id, bench_id))
        return [BenchmarkResult(row=r) for r in rows]

    @strawberry.field(description="Models this one derives from, with the relation.")
    async def parents(self, info: Info) -> list[LineageLink]:
        rows = await info.context.loaders.parent_edges_by_model_id.load(self.row.id)
        return [LineageLink(row=r, upward=True) for r in rows]

    @strawberry.field(description="Models derived from this one, with the relation.")
    async def children(self, info: Info) -> list[LineageLink]:
        rows = await info.context.loaders.child_edges_by_model_id.load(self.row.id)
        return [LineageLink(row=r, upward=False) for r in rows]

    @strawberry.field(
        description="Every value sources give for this model's fields "
        "(release_date, params_total, context_window, license...), preferred "
        "first, each with its source."
    )
    async def facts(
        self,
        info: Info,
        field: Annotated[
            str | None, strawberry.argument(description="Only this field (e.g. release_date).")
        ] = None,
    ) -> list[FieldValues]:
        return _only(await info.context.loaders.facts_by_model_id.load(self.row.id), field)

    @strawberry.field(description="What documents state about this model.")
    async def claims(self, info: Info) -> list[Claim]:
        rows = await info.context.loaders.claims_by_model_id.load(self.row.id)
        return [Claim(row=r) for r in rows]


def model_type(row: tables.Model) -> Model:
    return Model(node_slug=row.slug, row=row)
