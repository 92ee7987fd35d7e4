"""GraphQL views of graph.analytics.share's results: a period's share by
group, and a series of periods shaped for a chart. Resolvers return the
domain results; fields read them (see api/exposed.py)."""

from __future__ import annotations

from datetime import date

import strawberry
from tokenatlas.api.analytics.enums import ShareGroup, ShareScope
from tokenatlas.api.catalog.figures import UsageObservation
from tokenatlas.api.catalog.types import Model
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped, argument_value, days_between
from tokenatlas.api.provenance.types import Claim, Source, cite
from tokenatlas.api.scalars import BigInt
from tokenatlas.graph.analytics import share as graph_share

# A series spans at most this many days, hence at most this many periods.
MAX_PERIODS = graph_share.MAX_SERIES_DAYS
# Lines of a series: with a point per period, the longest series stays within
# the default node budget (1,098 periods x 400 lines).
MAX_LINES = 400
periods_in_range = days_between("from", "to", depth=1)


@exposes(
    graph_share.ShareRow,
    description="One group's tokens in a period, and its share of the denominator.",
)
class ShareRow:
    @strawberry.field(description="Where the row's tokens come from (the share's source).")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, None)

    key: str = strawberry.field(
        description="Model slug, vendor slug or ISO country code. Tokens of unknown origin "
        "keep their own rows: 'unknown:model:<slug>' (a model without a known vendor), "
        "'unknown:vendor:<slug>' (a vendor without a known country), 'unresolved:<id>'."
    )
    label: str = strawberry.field(description="Display name of the model, vendor or country.")
    unknown: bool = strawberry.field(
        description="True when the row's vendor or country (or model) is unknown."
    )
    country: str | None = strawberry.field(
        description="ISO country of the vendor (for model and vendor rows); null when unknown."
    )
    tokens: BigInt = strawberry.field(description="Tokens of the group in the period.")
    share: float | None = strawberry.field(
        description="tokens / the denominator (totalTokens), a fraction 0..1, unrounded; "
        "null when the denominator is unknown (see reason)."
    )
    rank: int = strawberry.field(
        description="Position by tokens among all groups of the period (1 = most); "
        "equal tokens share a rank."
    )
    change: float | None = strawberry.field(
        description="Relative change in tokens against the previous period, a fraction "
        "(0.25 = +25%); null where the group was not observed then (unknown, not zero)."
    )
    previous_tokens: BigInt | None = strawberry.field(
        description="The group's tokens in the previous period; null when unknown."
    )

    @strawberry.field(
        description="Slugs of the models whose observations the row sums.", extensions=[Capped(100)]
    )
    def models(self) -> list[str]:
        return self.model_slugs

    @strawberry.field(description="The model, for MODEL rows (null for other groupings).")
    async def model(self, info: Info) -> Model | None:
        if self.group_by is not ShareGroup.MODEL or not self.model_ids:
            return None
        return await info.context.loaders.model_by_id.load(self.model_ids[0])

    observations: list[UsageObservation] = strawberry.field(
        description="The observations summed, each with its source and locator "
        "(the endpoint id the source used).",
        extensions=[Capped(100)],
    )
    claims: list[Claim] = strawberry.field(
        description="What documents state about this group for exactly this period "
        "(to compare with; never added to the tokens).",
        extensions=[Capped(100)],
    )


@exposes(
    graph_share.ShareResult,
    name="Share",
    description="Usage share in one period: its denominator, its source and one row per group.",
)
class Share:
    platform: str = strawberry.field(description="Platform the tokens were processed on.")
    group_by: ShareGroup = strawberry.field(description="What the rows group by.")
    scope: ShareScope = strawberry.field(description="What the shares divide by.")

    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.period.start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.period.end

    denominator: str = strawberry.field(
        description="The denominator in words: which tokens, which period, whence."
    )
    total_tokens: BigInt | None = strawberry.field(
        description="The denominator: tokens every share divides by; null when unknown "
        "(see reason)."
    )
    tracked_tokens: BigInt = strawberry.field(
        description="Tokens the period's observations hold (after the countries restriction), "
        "whatever the scope."
    )
    reason: str | None = strawberry.field(
        description="Why totalTokens and the shares are null; null when they are not."
    )
    rows: list[ShareRow] = strawberry.field(
        description="One row per group, most tokens first (after limit).",
        extensions=[
            Capped(1000, rest="limit chooses fewer", estimate=argument_value("limit", depth=1))
        ],
    )
    selected_tokens: BigInt = strawberry.field(
        description="Sum of the tokens of the rows returned."
    )
    selected_share: float | None = strawberry.field(
        description="selectedTokens / totalTokens; null when the latter is unknown."
    )

    @strawberry.field(description="The source whose observations the share is computed from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.period.source_id, None)

    alternative_sources: list[str] = strawberry.field(
        description="Ids of other sources observing the same period, not used "
        "(figures from different sources are never added together).",
        extensions=[Capped(100)],
    )

    @strawberry.field(description="Source of the platform total, for scope PLATFORM; else null.")
    def denominator_source(self, info: Info) -> Source | None:
        sid = self.denominator_source_id
        if self.scope is not ShareScope.PLATFORM or sid is None:
            return None
        return cite(info, sid, None)

    @strawberry.field(
        description="First day of the period `change` compares with; null when none was observed."
    )
    def previous_period_start(self) -> date | None:
        return self.previous.start if self.previous else None

    @strawberry.field(description="Last day of the period `change` compares with.")
    def previous_period_end(self) -> date | None:
        return self.previous.end if self.previous else None

    @strawberry.field(description="Source of the previous period's observations.")
    def previous_source(self, info: Info) -> Source | None:
        if self.previous is None:
            return None
        return cite(info, self.previous.source_id, None)

    unknown_observations: int = strawberry.field(
        description="Observations of the period whose token count is unknown: left out of "
        "every sum."
    )
    claims: list[Claim] = strawberry.field(
        description="Usage figures documents state for exactly this period and platform, "
        "to compare with the rows.",
        extensions=[Capped(500)],
    )


@exposes(
    graph_share.SeriesPeriod,
    name="SharePeriod",
    description="One period of a share series: its denominator and source.",
)
class SharePeriod:
    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.period.start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.period.end

    total_tokens: BigInt | None = strawberry.field(
        description="The denominator of the period's shares; null when unknown."
    )
    tracked_tokens: BigInt = strawberry.field(description="Tokens the period's observations hold.")
    reason: str | None = strawberry.field(
        description="Why totalTokens is null; null when it is not."
    )

    @strawberry.field(description="The source of the period's observations.")
    def source(self, info: Info) -> Source:
        return cite(info, self.period.source_id, None)


@exposes(
    graph_share.SeriesPoint,
    name="ShareSeriesPoint",
    description="One group's value in one period of a series.",
)
class ShareSeriesPoint:
    @strawberry.field(description="Where the period's tokens come from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.period.source_id, None)

    @strawberry.field(description="First day of the period (inclusive).")
    def period_start(self) -> date:
        return self.period.start

    @strawberry.field(description="Last day of the period (inclusive).")
    def period_end(self) -> date:
        return self.period.end

    tokens: BigInt | None = strawberry.field(
        description="Tokens of the group; null when the period's source did not observe it "
        "(unknown, not zero)."
    )
    share: float | None = strawberry.field(
        description="Share of the period's denominator (0..1), unrounded; or null."
    )
    rank: int | None = strawberry.field(
        description="Rank by tokens in the period; null when not observed."
    )
    change: float | None = strawberry.field(
        description="Relative change in tokens against the period before, a fraction; or null."
    )


@exposes(
    graph_share.SeriesLine,
    name="ShareSeriesLine",
    description="One group's line in a share series: a point per period.",
)
class ShareSeriesLine:
    key: str = strawberry.field(
        description="Model slug, vendor slug or ISO country code (as in ShareRow)."
    )
    label: str = strawberry.field(description="Display name.")
    unknown: bool = strawberry.field(
        description="True when the group's vendor or country is unknown."
    )
    country: str | None = strawberry.field(
        description="ISO country of the vendor (model and vendor lines), or null."
    )
    tokens: BigInt = strawberry.field(description="Tokens of the group over the whole range.")

    @strawberry.field(description="Slugs of the models the line sums.", extensions=[Capped(100)])
    def models(self) -> list[str]:
        return self.model_slugs

    points: list[ShareSeriesPoint] = strawberry.field(
        description="One point per period, in the order of ShareSeries.periods.",
        extensions=[Capped(MAX_PERIODS, estimate=days_between("from", "to", depth=2))],
    )


@exposes(
    graph_share.ShareSeriesResult,
    name="ShareSeries",
    description="Usage share over every observed period in a range, one line per group, "
    "shaped for a chart.",
)
class ShareSeries:
    platform: str = strawberry.field(description="Platform the tokens were processed on.")
    group_by: ShareGroup = strawberry.field(description="What the lines group by.")
    scope: ShareScope = strawberry.field(description="What the shares divide by.")

    @strawberry.field(name="from", description="First day of the range asked.")
    def from_(self) -> date:
        return self.start

    @strawberry.field(description="Last day of the range asked.")
    def to(self) -> date:
        return self.end

    periods: list[SharePeriod] = strawberry.field(
        description="The observed periods overlapping the range, oldest first.",
        extensions=[Capped(MAX_PERIODS, estimate=periods_in_range)],
    )

    @strawberry.field(
        description="One line per group, most tokens over the range first.",
        extensions=[
            Capped(MAX_LINES, rest="limit chooses fewer", estimate=argument_value("limit", depth=1))
        ],
    )
    def series(self) -> list[ShareSeriesLine]:
        return self.lines
