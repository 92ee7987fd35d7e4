"""Root fields for market analytics: usage share (one period or a series),
price ratios, workload cost and benchmark parity.

Resolvers translate arguments and shape what graph.analytics.share, graph.analytics.pricing and
graph.analytics.parity return; the arithmetic is theirs, in exact decimals. Money
reaches clients as decimal strings; shares, changes and ratios as floats.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum
from typing import Annotated

import strawberry

from api.context import Info
from api.types import (
    Benchmark,
    BenchmarkResult,
    BigInt,
    Claim,
    Model,
    Price,
    Provider,
    Source,
    UsageObservation,
    load_source,
    model_type,
)
from graph.analytics import parity as graph_parity
from graph.analytics import pricing as graph_pricing
from graph.analytics import share as graph_share
from graph.errors import TokenAtlasError

MICRO = Decimal("0.000001")


def _plain(value: Decimal | None) -> Decimal | None:
    """A decimal without exponent notation ('125', not '1.25E+2')."""
    if value is None:
        return None
    return Decimal(format(value.normalize(), "f"))


def _micro(value: Decimal | None) -> Decimal | None:
    """Rounded half-even to 6 decimal places."""
    if value is None:
        return None
    return _plain(value.quantize(MICRO, rounding=ROUND_HALF_EVEN))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _decimal(name: str, value: float | None) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(repr(value))
    if not number.is_finite():
        raise TokenAtlasError(f"'{name}' must be a finite number")
    return number


# --------------------------------------------------------------------------
# Enums


@strawberry.enum(description="What a share groups tokens by.")
class ShareGroup(Enum):
    MODEL = strawberry.enum_value(
        graph_share.ShareGroup.MODEL.value,
        description="Canonical model: endpoint variants (:free, dated ids) sum into it.",
    )
    VENDOR = strawberry.enum_value(
        graph_share.ShareGroup.VENDOR.value, description="The vendor that develops the model."
    )
    COUNTRY = strawberry.enum_value(
        graph_share.ShareGroup.COUNTRY.value,
        description="ISO 3166-1 alpha-2 country of the model's vendor.",
    )


@strawberry.enum(description="What a share is a share of: its denominator.")
class ShareScope(Enum):
    TRACKED = strawberry.enum_value(
        graph_share.ShareScope.TRACKED.value,
        description="The tokens the period's observations hold (e.g. a top-10 snapshot's sum).",
    )
    PLATFORM = strawberry.enum_value(
        graph_share.ShareScope.PLATFORM.value,
        description="The platform's whole volume, from a platform-total observation of the "
        "period; null with a reason where the source has none.",
    )


@strawberry.enum(description="Which price of a model a ratio compares.")
class PriceComponent(Enum):
    INPUT = strawberry.enum_value(
        graph_pricing.Component.INPUT.value, description="Input (prompt) tokens, uncached."
    )
    OUTPUT = strawberry.enum_value(
        graph_pricing.Component.OUTPUT.value, description="Output (completion) tokens."
    )
    CACHE_READ = strawberry.enum_value(
        graph_pricing.Component.CACHE_READ.value,
        description="Input tokens read from the prompt cache.",
    )
    BLENDED = strawberry.enum_value(
        graph_pricing.Component.BLENDED.value,
        description="inputShare x input price + (1 - inputShare) x output price.",
    )


# --------------------------------------------------------------------------
# Share


@strawberry.type(description="One group's tokens in a period, and its share of the denominator.")
class ShareRow:
    data: strawberry.Private[graph_share.ShareRow]
    grouping: strawberry.Private[graph_share.ShareGroup]
    source_id: strawberry.Private[str]

    @strawberry.field(description="Where the row's tokens come from (the share's source).")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.source_id, None)

    @strawberry.field(
        description="Model slug, vendor slug or ISO country code. Tokens of unknown origin "
        "keep their own rows: 'unknown:model:<slug>' (a model without a known vendor), "
        "'unknown:vendor:<slug>' (a vendor without a known country), 'unresolved:<id>'."
    )
    def key(self) -> str:
        return self.data.key

    @strawberry.field(description="Display name of the model, vendor or country.")
    def label(self) -> str:
        return self.data.label

    @strawberry.field(description="True when the row's vendor or country (or model) is unknown.")
    def unknown(self) -> bool:
        return self.data.unknown

    @strawberry.field(
        description="ISO country of the vendor (for model and vendor rows); null when unknown."
    )
    def country(self) -> str | None:
        return self.data.country

    @strawberry.field(description="Tokens of the group in the period.")
    def tokens(self) -> BigInt:
        return self.data.tokens

    @strawberry.field(
        description="tokens / the denominator (totalTokens), a fraction 0..1, unrounded; "
        "null when the denominator is unknown (see reason)."
    )
    def share(self) -> float | None:
        return _float(self.data.share)

    @strawberry.field(
        description="Position by tokens among all groups of the period (1 = most); "
        "equal tokens share a rank."
    )
    def rank(self) -> int:
        return self.data.rank

    @strawberry.field(
        description="Relative change in tokens against the previous period, a fraction "
        "(0.25 = +25%); null where the group was not observed then (unknown, not zero)."
    )
    def change(self) -> float | None:
        return _float(self.data.change)

    @strawberry.field(description="The group's tokens in the previous period; null when unknown.")
    def previous_tokens(self) -> BigInt | None:
        return self.data.previous_tokens

    @strawberry.field(description="Slugs of the models whose observations the row sums.")
    def models(self) -> list[str]:
        return self.data.model_slugs

    @strawberry.field(description="The model, for MODEL rows (null for other groupings).")
    async def model(self, info: Info) -> Model | None:
        if self.grouping is not graph_share.ShareGroup.MODEL or not self.data.model_ids:
            return None
        return model_type(await info.context.loaders.model_by_id.load(self.data.model_ids[0]))

    @strawberry.field(
        description="The observations summed, each with its source and locator "
        "(the endpoint id the source used)."
    )
    def observations(self) -> list[UsageObservation]:
        return [UsageObservation(row=r) for r in self.data.observations]

    @strawberry.field(
        description="What documents state about this group for exactly this period "
        "(to compare with; never added to the tokens)."
    )
    def claims(self) -> list[Claim]:
        return [Claim(row=c) for c in self.data.claims]


@strawberry.type(
    description="Usage share in one period: its denominator, its source and one row per group."
)
class Share:
    data: strawberry.Private[graph_share.ShareResult]

    @strawberry.field(description="Platform the tokens were processed on.")
    def platform(self) -> str:
        return self.data.platform

    @strawberry.field(description="What the rows group by.")
    def group_by(self) -> ShareGroup:
        return ShareGroup(self.data.group_by.value)

    @strawberry.field(description="What the shares divide by.")
    def scope(self) -> ShareScope:
        return ShareScope(self.data.scope.value)

    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.data.period.start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.data.period.end

    @strawberry.field(description="The denominator in words: which tokens, which period, whence.")
    def denominator(self) -> str:
        return self.data.denominator

    @strawberry.field(
        description="The denominator: tokens every share divides by; null when unknown "
        "(see reason)."
    )
    def total_tokens(self) -> BigInt | None:
        return self.data.total_tokens

    @strawberry.field(
        description="Tokens the period's observations hold (after the countries restriction), "
        "whatever the scope."
    )
    def tracked_tokens(self) -> BigInt:
        return self.data.tracked_tokens

    @strawberry.field(
        description="Why totalTokens and the shares are null; null when they are not."
    )
    def reason(self) -> str | None:
        return self.data.reason

    @strawberry.field(description="One row per group, most tokens first (after limit).")
    def rows(self) -> list[ShareRow]:
        sid = self.data.period.source_id
        return [
            ShareRow(data=r, grouping=self.data.group_by, source_id=sid) for r in self.data.rows
        ]

    @strawberry.field(description="Sum of the tokens of the rows returned.")
    def selected_tokens(self) -> BigInt:
        return self.data.selected_tokens

    @strawberry.field(description="selectedTokens / totalTokens; null when the latter is unknown.")
    def selected_share(self) -> float | None:
        return _float(self.data.selected_share)

    @strawberry.field(description="The source whose observations the share is computed from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.data.period.source_id, None)

    @strawberry.field(
        description="Ids of other sources observing the same period, not used "
        "(figures from different sources are never added together)."
    )
    def alternative_sources(self) -> list[str]:
        return self.data.alternative_sources

    @strawberry.field(description="Source of the platform total, for scope PLATFORM; else null.")
    async def denominator_source(self, info: Info) -> Source | None:
        sid = self.data.denominator_source_id
        if self.data.scope is not graph_share.ShareScope.PLATFORM or sid is None:
            return None
        return await load_source(info, sid, None)

    @strawberry.field(
        description="First day of the period `change` compares with; null when none was observed."
    )
    def previous_period_start(self) -> date | None:
        return self.data.previous.start if self.data.previous else None

    @strawberry.field(description="Last day of the period `change` compares with.")
    def previous_period_end(self) -> date | None:
        return self.data.previous.end if self.data.previous else None

    @strawberry.field(description="Source of the previous period's observations.")
    async def previous_source(self, info: Info) -> Source | None:
        if self.data.previous is None:
            return None
        return await load_source(info, self.data.previous.source_id, None)

    @strawberry.field(
        description="Observations of the period whose token count is unknown: left out of "
        "every sum."
    )
    def unknown_observations(self) -> int:
        return self.data.unknown_observations

    @strawberry.field(
        description="Usage figures documents state for exactly this period and platform, "
        "to compare with the rows."
    )
    def claims(self) -> list[Claim]:
        return [Claim(row=c) for c in self.data.claims]


@strawberry.type(description="One period of a share series: its denominator and source.")
class SharePeriod:
    data: strawberry.Private[graph_share.SeriesPeriod]

    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.data.period.start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.data.period.end

    @strawberry.field(description="The denominator of the period's shares; null when unknown.")
    def total_tokens(self) -> BigInt | None:
        return self.data.total_tokens

    @strawberry.field(description="Tokens the period's observations hold.")
    def tracked_tokens(self) -> BigInt:
        return self.data.tracked_tokens

    @strawberry.field(description="Why totalTokens is null; null when it is not.")
    def reason(self) -> str | None:
        return self.data.reason

    @strawberry.field(description="The source of the period's observations.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.data.period.source_id, None)


@strawberry.type(description="One group's value in one period of a series.")
class ShareSeriesPoint:
    data: strawberry.Private[graph_share.SeriesPoint]

    @strawberry.field(description="Where the period's tokens come from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.data.period.source_id, None)

    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.data.period.start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.data.period.end

    @strawberry.field(
        description="Tokens of the group; null when the period's source did not observe it "
        "(unknown, not zero)."
    )
    def tokens(self) -> BigInt | None:
        return self.data.tokens

    @strawberry.field(description="Share of the period's denominator (0..1), unrounded; or null.")
    def share(self) -> float | None:
        return _float(self.data.share)

    @strawberry.field(description="Rank by tokens in the period; null when not observed.")
    def rank(self) -> int | None:
        return self.data.rank

    @strawberry.field(
        description="Relative change in tokens against the period before, a fraction; or null."
    )
    def change(self) -> float | None:
        return _float(self.data.change)


@strawberry.type(description="One group's line in a share series: a point per period.")
class ShareSeriesLine:
    data: strawberry.Private[graph_share.SeriesLine]

    @strawberry.field(description="Model slug, vendor slug or ISO country code (as in ShareRow).")
    def key(self) -> str:
        return self.data.key

    @strawberry.field(description="Display name.")
    def label(self) -> str:
        return self.data.label

    @strawberry.field(description="True when the group's vendor or country is unknown.")
    def unknown(self) -> bool:
        return self.data.unknown

    @strawberry.field(description="ISO country of the vendor (model and vendor lines), or null.")
    def country(self) -> str | None:
        return self.data.country

    @strawberry.field(description="Tokens of the group over the whole range.")
    def tokens(self) -> BigInt:
        return self.data.tokens

    @strawberry.field(description="Slugs of the models the line sums.")
    def models(self) -> list[str]:
        return self.data.model_slugs

    @strawberry.field(description="One point per period, in the order of ShareSeries.periods.")
    def points(self) -> list[ShareSeriesPoint]:
        return [ShareSeriesPoint(data=p) for p in self.data.points]


@strawberry.type(
    description="Usage share over every observed period in a range, one line per group, "
    "shaped for a chart."
)
class ShareSeries:
    data: strawberry.Private[graph_share.ShareSeriesResult]

    @strawberry.field(description="Platform the tokens were processed on.")
    def platform(self) -> str:
        return self.data.platform

    @strawberry.field(description="What the lines group by.")
    def group_by(self) -> ShareGroup:
        return ShareGroup(self.data.group_by.value)

    @strawberry.field(description="What the shares divide by.")
    def scope(self) -> ShareScope:
        return ShareScope(self.data.scope.value)

    @strawberry.field(name="from", description="First day of the range asked.")
    def from_(self) -> date:
        return self.data.start

    @strawberry.field(description="Last day of the range asked.")
    def to(self) -> date:
        return self.data.end

    @strawberry.field(description="The observed periods overlapping the range, oldest first.")
    def periods(self) -> list[SharePeriod]:
        return [SharePeriod(data=p) for p in self.data.periods]

    @strawberry.field(description="One line per group, most tokens over the range first.")
    def series(self) -> list[ShareSeriesLine]:
        return [ShareSeriesLine(data=ln) for ln in self.data.lines]


# --------------------------------------------------------------------------
# Prices


@strawberry.type(description="The price that stands for one model, and where it was taken from.")
class PricePoint:
    data: strawberry.Private[graph_pricing.ComponentPrice]

    @strawberry.field(description="The model priced.")
    def model(self) -> Model:
        return model_type(self.data.model)

    @strawberry.field(
        description="USD per million tokens of the component (blended for BLENDED), "
        "as an exact decimal string."
    )
    def usd_per_million_tokens(self) -> Decimal:
        return _plain(self.data.usd_per_mtok)

    @strawberry.field(description="Who charges it.")
    def provider(self) -> Provider:
        return Provider(row=self.data.listing.provider)

    @strawberry.field(description="The model id as this provider lists it.")
    def provider_model_id(self) -> str:
        return self.data.listing.provider_model_id

    @strawberry.field(description="The day the price was taken for.")
    def at(self) -> date:
        return self.data.at

    @strawberry.field(description="Context tier of the price (0 for the base tier).")
    def tier_min_tokens(self) -> BigInt:
        return self.data.tier_min_tokens

    @strawberry.field(
        description="How the listing was chosen: the provider asked for, the vendor's own "
        "API, or the cheapest standard listing."
    )
    def rule(self) -> str:
        return self.data.rule

    @strawberry.field(description="The price rows used (input and output for BLENDED).")
    def prices(self) -> list[Price]:
        return [Price(row=p) for p in self.data.prices]

    @strawberry.field(description="Where the price comes from.")
    async def source(self, info: Info) -> Source:
        first = self.data.prices[0]
        return await load_source(info, first.source_id, first.locator)


@strawberry.type(description="How many times one model's price is another's, on one component.")
class PriceRatio:
    data: strawberry.Private[graph_pricing.PriceRatio]

    @strawberry.field(description="The numerator's price.")
    def numerator(self) -> PricePoint:
        return PricePoint(data=self.data.numerator)

    @strawberry.field(description="The denominator's price.")
    def denominator(self) -> PricePoint:
        return PricePoint(data=self.data.denominator)

    @strawberry.field(description="The price component compared.")
    def component(self) -> PriceComponent:
        return PriceComponent(self.data.component.value)

    @strawberry.field(description="Input share of the blend, for BLENDED; else null.")
    def input_share(self) -> float | None:
        return _float(self.data.input_share)

    @strawberry.field(
        description="numerator price / denominator price (e.g. 16.67: the numerator costs "
        "16.67 times as much), unrounded; null when the denominator is free (see reason)."
    )
    def ratio(self) -> float | None:
        return _float(self.data.ratio)

    @strawberry.field(description="denominator price / numerator price; null when undefined.")
    def inverse(self) -> float | None:
        r = self.data
        if r.numerator.usd_per_mtok == 0:
            return None
        return float(r.denominator.usd_per_mtok / r.numerator.usd_per_mtok)

    @strawberry.field(description="Which way the ratio points, in words.")
    def direction(self) -> str:
        r = self.data
        return (
            f"{r.numerator.model.slug} / {r.denominator.model.slug}, "
            f"{r.component.value.replace('_', ' ')} price per million tokens"
        )

    @strawberry.field(description="Why ratio is null; null when it is not.")
    def reason(self) -> str | None:
        return self.data.reason


@strawberry.type(description="What one workload costs on one model.")
class WorkloadCostRow:
    data: strawberry.Private[graph_pricing.WorkloadCostRow]

    @strawberry.field(description="The model.")
    def model(self) -> Model:
        return model_type(self.data.model)

    @strawberry.field(
        description="Total cost in USD, an exact decimal string; null when the model has no "
        "standard price (see reason)."
    )
    def usd(self) -> Decimal | None:
        return _plain(self.data.usd)

    @strawberry.field(description="Cost of the uncached input tokens, USD.")
    def input_usd(self) -> Decimal | None:
        return _plain(self.data.input_usd)

    @strawberry.field(description="Cost of the cached input tokens, USD.")
    def cached_input_usd(self) -> Decimal | None:
        return _plain(self.data.cached_input_usd)

    @strawberry.field(description="Cost of the output tokens, USD.")
    def output_usd(self) -> Decimal | None:
        return _plain(self.data.output_usd)

    @strawberry.field(
        description="usd / the cheapest model's usd (1 for the cheapest), unrounded; null "
        "without a price or when the cheapest is free."
    )
    def ratio_to_cheapest(self) -> float | None:
        return _float(self.data.ratio_to_cheapest)

    @strawberry.field(description="Who charges the prices used.")
    def provider(self) -> Provider | None:
        return Provider(row=self.data.listing.provider) if self.data.listing else None

    @strawberry.field(description="The model id as this provider lists it.")
    def provider_model_id(self) -> str | None:
        return self.data.listing.provider_model_id if self.data.listing else None

    @strawberry.field(
        description="Context tier applied (0 for the base tier): a request whose prompt "
        "exceeds a tier's threshold pays that tier's rates on all its tokens."
    )
    def tier_min_tokens(self) -> BigInt | None:
        return self.data.tier_min_tokens

    @strawberry.field(description="How the provider was chosen.")
    def rule(self) -> str | None:
        return self.data.rule

    @strawberry.field(description="The price rows used, each with its source.")
    def prices(self) -> list[Price]:
        return [Price(row=p) for p in self.data.prices]

    @strawberry.field(description="Where the prices come from.")
    async def source(self, info: Info) -> Source | None:
        if not self.data.prices:
            return None
        first = self.data.prices[0]
        return await load_source(info, first.source_id, first.locator)

    @strawberry.field(description="A caveat on the figure (e.g. no cache-read price listed).")
    def note(self) -> str | None:
        return self.data.note

    @strawberry.field(description="Why usd is null; null when it is not.")
    def reason(self) -> str | None:
        return self.data.reason


@strawberry.type(description="One workload priced on several models, cheapest first.")
class WorkloadCost:
    data: strawberry.Private[graph_pricing.WorkloadCostResult]

    @strawberry.field(description="Uncached input tokens of the workload.")
    def input_tokens(self) -> float:
        return float(self.data.workload.input_tokens)

    @strawberry.field(description="Output tokens of the workload.")
    def output_tokens(self) -> float:
        return float(self.data.workload.output_tokens)

    @strawberry.field(description="Input tokens read from the prompt cache.")
    def cached_input_tokens(self) -> float:
        return float(self.data.workload.cached_input_tokens)

    @strawberry.field(description="Requests the workload is split into.")
    def requests(self) -> int:
        return self.data.workload.requests

    @strawberry.field(
        description="Prompt tokens per request ((input + cached input) / requests): "
        "what selects the context tier."
    )
    def prompt_tokens_per_request(self) -> float:
        return float(self.data.workload.prompt_tokens_per_request)

    @strawberry.field(description="The day the prices were taken for.")
    def at(self) -> date:
        return self.data.at

    @strawberry.field(description="One row per model: cheapest first, models without a price last.")
    def rows(self) -> list[WorkloadCostRow]:
        return [WorkloadCostRow(data=r) for r in self.data.rows]


# --------------------------------------------------------------------------
# Benchmark parity


@strawberry.type(description="One model's score, gap to the leader and price.")
class ParityRow:
    data: strawberry.Private[graph_parity.ParityRow]

    @strawberry.field(description="The model.")
    def model(self) -> Model:
        return model_type(self.data.model)

    @strawberry.field(description="The preferred score, in the benchmark's unit.")
    def score(self) -> float:
        return float(self.data.score)

    @strawberry.field(description="Mode or variant the score was taken in, when stated.")
    def setting(self) -> str | None:
        return self.data.result.setting

    @strawberry.field(
        description="How far behind the leader, in the benchmark's unit (0 for the leader); "
        "exact to the scores' digits."
    )
    def gap(self) -> float:
        return float(self.data.gap)

    @strawberry.field(description="gap / the leader's score, a fraction; null if that is 0.")
    def relative_gap(self) -> float | None:
        return _float(self.data.relative_gap)

    @strawberry.field(description="True when gap <= tolerance.")
    def within_tolerance(self) -> bool:
        return self.data.within_tolerance

    @strawberry.field(description="The result used, with its source.")
    def result(self) -> BenchmarkResult:
        return BenchmarkResult(row=self.data.result)

    @strawberry.field(description="Where the score comes from.")
    async def source(self, info: Info) -> Source:
        return await load_source(info, self.data.result.source_id, self.data.result.locator)

    @strawberry.field(
        description="Other results for this model on the benchmark (other sources or "
        "settings), preferred first; never averaged in."
    )
    def alternatives(self) -> list[BenchmarkResult]:
        return [BenchmarkResult(row=r) for r in self.data.alternatives]

    @strawberry.field(
        description="Blended price (USD per million tokens, exact decimal string); null "
        "when none is known (see priceReason)."
    )
    def blended_usd_per_million_tokens(self) -> Decimal | None:
        return _plain(self.data.price.usd_per_mtok) if self.data.price else None

    @strawberry.field(description="The blended price with its provider, rule and source.")
    def price(self) -> PricePoint | None:
        return PricePoint(data=self.data.price) if self.data.price else None

    @strawberry.field(description="Why there is no price; null when there is one.")
    def price_reason(self) -> str | None:
        return self.data.price_reason

    @strawberry.field(
        description="Blended USD per million tokens per point of score, rounded half-even to "
        "6 decimal places; null without a price or for lower-is-better benchmarks."
    )
    def usd_per_point(self) -> Decimal | None:
        return _micro(self.data.usd_per_point)

    @strawberry.field(
        description="True when no other priced model is at least as good on score and price "
        "and better on one."
    )
    def on_frontier(self) -> bool:
        return self.data.on_frontier


@strawberry.type(description="Scores on one benchmark: leader, gaps, prices and the frontier.")
class BenchmarkParity:
    data: strawberry.Private[graph_parity.ParityResult]

    @strawberry.field(description="The benchmark.")
    def benchmark(self) -> Benchmark:
        return Benchmark(row=self.data.benchmark)

    @strawberry.field(description="Largest gap, in the benchmark's unit, that counts as parity.")
    def tolerance(self) -> float:
        return float(self.data.tolerance)

    @strawberry.field(description="The day prices were taken for.")
    def at(self) -> date:
        return self.data.at

    @strawberry.field(description="Input share of the blended prices.")
    def input_share(self) -> float:
        return float(self.data.input_share)

    @strawberry.field(description="The best score; null when no model has a result.")
    def leader(self) -> ParityRow | None:
        return ParityRow(data=self.data.leader) if self.data.leader else None

    @strawberry.field(description="Every model with a result, best score first.")
    def rows(self) -> list[ParityRow]:
        return [ParityRow(data=r) for r in self.data.rows]

    @strawberry.field(
        description="The price-performance frontier: priced models no other beats on both "
        "score and price, cheapest first."
    )
    def frontier(self) -> list[ParityRow]:
        return [ParityRow(data=r) for r in self.data.frontier]

    @strawberry.field(description="Models named in the request that have no result.")
    def models_without_result(self) -> list[Model]:
        return [model_type(m) for m in self.data.without_result]


# --------------------------------------------------------------------------
# Root fields

_DAY = "The day prices hold; default today (UTC)."
_PROVIDER_RULE = (
    "Without a provider, a model's price is its vendor's own API's standard listing, else "
    "the cheapest standard listing of any provider (standard: valid that day, no batch / "
    "service-tier / time-window conditions, not a :free, :batch or -fast offer); the same "
    "rule everywhere."
)


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="Usage share in the period that contains `week`, grouped by model, vendor "
        "or country: each group's tokens, share of the stated denominator, rank and change "
        "against the previous period. Endpoint variants (:free, dated ids) sum into their "
        "model; tokens of unknown vendor or country keep their own rows. One coherent set "
        "of observations is used. Default rule: the shortest observed period containing the "
        "day; of the sources observing it, measured data (a snapshot or dataset) before "
        "documents restating figures, then the lowest precedence tier, then the most recent, "
        "then the source id. Figures from other sources are never added (they are listed in "
        "alternativeSources; articles' figures appear as claims, to compare with)."
    )
    def share(
        self,
        info: Info,
        week: Annotated[date, strawberry.argument(description="Any day of the period wanted.")],
        group_by: Annotated[ShareGroup, strawberry.argument(description="What to group by.")],
        platform: Annotated[
            str, strawberry.argument(description="Platform whose usage is shared out.")
        ] = "openrouter",
        scope: Annotated[
            ShareScope, strawberry.argument(description="The denominator: TRACKED or PLATFORM.")
        ] = ShareScope.TRACKED,
        source: Annotated[
            str | None,
            strawberry.argument(
                description="Use this source's observations (a source id) instead of the "
                "default rule."
            ),
        ] = None,
        countries: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only models of vendors from these ISO countries ('unknown' for "
                'unknown) count, in rows and in the TRACKED denominator (e.g. ["CN","US"] '
                "for a share of US+CN tokens)."
            ),
        ] = None,
        limit: Annotated[
            int | None,
            strawberry.argument(
                description="Return only the first N rows by rank (selectedTokens sums them); "
                "the denominator is unchanged."
            ),
        ] = None,
    ) -> Share:
        result = graph_share.share(
            info.context.session,
            day=week,
            group_by=graph_share.ShareGroup(group_by.value),
            platform=platform,
            scope=graph_share.ShareScope(scope.value),
            source=source,
            countries=countries,
            limit=limit,
        )
        return Share(data=result)

    @strawberry.field(
        description="The same as `share` for every observed period overlapping [from, to], in "
        "one request, one line per group with a point per period (for a chart). Each period "
        "uses its preferred source (as `share` does by default)."
    )
    def share_series(
        self,
        info: Info,
        from_: Annotated[
            date, strawberry.argument(name="from", description="First day of the range.")
        ],
        to: Annotated[date, strawberry.argument(description="Last day of the range.")],
        group_by: Annotated[ShareGroup, strawberry.argument(description="What to group by.")],
        platform: Annotated[
            str, strawberry.argument(description="Platform whose usage is shared out.")
        ] = "openrouter",
        scope: Annotated[
            ShareScope, strawberry.argument(description="The denominator: TRACKED or PLATFORM.")
        ] = ShareScope.TRACKED,
        countries: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only models of vendors from these ISO countries count "
                "(rows and TRACKED denominators)."
            ),
        ] = None,
        limit: Annotated[
            int | None,
            strawberry.argument(
                description="Only the N lines with the most tokens over the range."
            ),
        ] = None,
    ) -> ShareSeries:
        result = graph_share.share_series(
            info.context.session,
            start=from_,
            end=to,
            group_by=graph_share.ShareGroup(group_by.value),
            platform=platform,
            scope=graph_share.ShareScope(scope.value),
            countries=countries,
            limit=limit,
        )
        return ShareSeries(data=result)

    @strawberry.field(
        description="How many times the numerator model's price is the denominator's, on one "
        "component (numerator / denominator), with both prices, their providers, the day "
        "and their sources. " + _PROVIDER_RULE + " Prices are the base context tier unless "
        "contextTokens is given."
    )
    def price_ratio(
        self,
        info: Info,
        numerator: Annotated[
            str, strawberry.argument(description="Model on top: any alias or slug.")
        ],
        denominator: Annotated[
            str, strawberry.argument(description="Model below: any alias or slug.")
        ],
        component: Annotated[
            PriceComponent, strawberry.argument(description="Which price to compare.")
        ],
        at: Annotated[date | None, strawberry.argument(description=_DAY)] = None,
        provider: Annotated[
            str | None,
            strawberry.argument(description="Take both prices from this provider (slug or name)."),
        ] = None,
        input_share: Annotated[
            float,
            strawberry.argument(
                description="For BLENDED: the share of input tokens in the mix, 0..1 (0.75: "
                "three input tokens per output token)."
            ),
        ] = float(graph_pricing.DEFAULT_INPUT_SHARE),
        numerator_provider: Annotated[
            str | None,
            strawberry.argument(
                description="Provider for the numerator only (overrides provider)."
            ),
        ] = None,
        denominator_provider: Annotated[
            str | None,
            strawberry.argument(
                description="Provider for the denominator only (overrides provider)."
            ),
        ] = None,
        context_tokens: Annotated[
            float | None,
            strawberry.argument(
                description="Prompt size of a request, selecting the context tier "
                "(default: the base tier)."
            ),
        ] = None,
    ) -> PriceRatio:
        result = graph_pricing.price_ratio(
            info.context.session,
            numerator=numerator,
            denominator=denominator,
            component=graph_pricing.Component(component.value),
            at=at,
            provider=provider,
            numerator_provider=numerator_provider,
            denominator_provider=denominator_provider,
            input_share=_decimal("inputShare", input_share),
            prompt_tokens=_decimal("contextTokens", context_tokens),
        )
        return PriceRatio(data=result)

    @strawberry.field(
        description="What one workload costs on each model, cheapest first, with each cost's "
        "ratio to the cheapest. Costs are exact: tokens x USD per million / 1e6. Context tiers "
        "are honoured: a request whose prompt ((input + cached input) / requests) exceeds a "
        "tier's threshold pays that tier's rates. Cached input is billed at the cache-read "
        "price (the input price where none is listed, with a note). "
        + _PROVIDER_RULE
        + " For costs, 'cheapest' means the lowest total for this workload."
    )
    def workload_cost(
        self,
        info: Info,
        models: Annotated[
            list[str], strawberry.argument(description="Models to price: aliases or slugs.")
        ],
        input_tokens: Annotated[
            float, strawberry.argument(description="Uncached input (prompt) tokens.")
        ],
        output_tokens: Annotated[
            float, strawberry.argument(description="Output (completion) tokens.")
        ],
        cached_input_tokens: Annotated[
            float, strawberry.argument(description="Input tokens read from the prompt cache.")
        ] = 0,
        at: Annotated[date | None, strawberry.argument(description=_DAY)] = None,
        requests: Annotated[
            int,
            strawberry.argument(
                description="Requests the workload is split into, evenly (sets the prompt "
                "size per request, hence the context tier)."
            ),
        ] = 1,
        provider: Annotated[
            str | None,
            strawberry.argument(description="Price every model on this provider only."),
        ] = None,
    ) -> WorkloadCost:
        result = graph_pricing.workload_cost(
            info.context.session,
            models=models,
            input_tokens=_decimal("inputTokens", input_tokens),
            output_tokens=_decimal("outputTokens", output_tokens),
            cached_input_tokens=_decimal("cachedInputTokens", cached_input_tokens),
            requests=requests,
            at=at,
            provider=provider,
        )
        return WorkloadCost(data=result)

    @strawberry.field(
        description="Scores of the named models (or every model with a result) on one "
        "benchmark: the leader, each model's gap to it and whether that is within tolerance, "
        "its blended price and price per point, and the price-performance frontier. Where "
        "sources give several scores for a model, none are averaged: the preferred result is "
        "used (lowest precedence tier: curated, vendor, catalogue, press, leaderboard; then "
        "the most recent; then the first stored) and the others are listed as alternatives. "
        + _PROVIDER_RULE
    )
    def benchmark_parity(
        self,
        info: Info,
        benchmark: Annotated[
            str, strawberry.argument(description="Benchmark slug, name or alias.")
        ],
        models: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Models to compare; default every model with a result."
            ),
        ] = None,
        tolerance: Annotated[
            float,
            strawberry.argument(
                description="Largest gap to the leader, in the benchmark's unit, that counts "
                "as parity."
            ),
        ] = float(graph_parity.DEFAULT_TOLERANCE),
        source: Annotated[
            str | None,
            strawberry.argument(description="Only results from this source id."),
        ] = None,
        at: Annotated[date | None, strawberry.argument(description=_DAY)] = None,
        input_share: Annotated[
            float,
            strawberry.argument(description="Input share of the blended price, 0..1."),
        ] = float(graph_pricing.DEFAULT_INPUT_SHARE),
        provider: Annotated[
            str | None,
            strawberry.argument(description="Take every price from this provider."),
        ] = None,
    ) -> BenchmarkParity:
        result = graph_parity.benchmark_parity(
            info.context.session,
            benchmark=benchmark,
            models=models,
            tolerance=_decimal("tolerance", tolerance),
            source=source,
            at=at,
            input_share=_decimal("inputShare", input_share),
            provider=provider,
        )
        return BenchmarkParity(data=result)
