"""Root fields for market analytics: usage share (one period or a series),
price ratios, workload cost and benchmark parity.

Resolvers translate arguments and return what graph.analytics computes; the
arithmetic is theirs, in exact decimals. The result types are in this
folder's share, pricing and parity modules.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from tokenatlas.api.analytics.enums import PriceComponent, ShareGroup, ShareScope
from tokenatlas.api.analytics.numbers import exact
from tokenatlas.api.analytics.parity import BenchmarkParity
from tokenatlas.api.analytics.pricing import PriceRatio, WorkloadCost
from tokenatlas.api.analytics.share import Share, ShareSeries
from tokenatlas.api.context import Info
from tokenatlas.graph.analytics import parity as graph_parity
from tokenatlas.graph.analytics import pricing as graph_pricing
from tokenatlas.graph.analytics import share as graph_share

# Arguments share and shareSeries both take.
GroupBy = Annotated[ShareGroup, strawberry.argument(description="What to group by.")]
Platform = Annotated[str, strawberry.argument(description="Platform whose usage is shared out.")]
Scope = Annotated[
    ShareScope, strawberry.argument(description="The denominator: TRACKED or PLATFORM.")
]

_DAY = "The day prices hold; default today (UTC)."
_PROVIDER_RULE = (
    "Without a provider, a model's price is its vendor's own API's standard listing, else "
    "the cheapest standard listing of any provider (standard: valid that day, no batch / "
    "service-tier / time-window conditions, not a :free, :batch or -fast offer); the same "
    "rule everywhere."
)


@strawberry.type
class ShareQuery:
    """Usage share: one period, or a series of periods."""

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
        group_by: GroupBy,
        platform: Platform = "openrouter",
        scope: Scope = ShareScope.TRACKED,
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
        return graph_share.share(
            info.context.session,
            day=week,
            group_by=group_by,
            platform=platform,
            scope=scope,
            source=source,
            countries=countries,
            limit=limit,
        )

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
        group_by: GroupBy,
        platform: Platform = "openrouter",
        scope: Scope = ShareScope.TRACKED,
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
        return graph_share.share_series(
            info.context.session,
            start=from_,
            end=to,
            group_by=group_by,
            platform=platform,
            scope=scope,
            countries=countries,
            limit=limit,
        )


@strawberry.type
class PriceQuery:
    """Price ratios and workload cost."""

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
        return graph_pricing.price_ratio(
            info.context.session,
            numerator=numerator,
            denominator=denominator,
            component=component,
            at=at,
            provider=provider,
            numerator_provider=numerator_provider,
            denominator_provider=denominator_provider,
            input_share=exact("inputShare", input_share),
            prompt_tokens=exact("contextTokens", context_tokens),
        )

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
        return graph_pricing.workload_cost(
            info.context.session,
            models=models,
            input_tokens=exact("inputTokens", input_tokens),
            output_tokens=exact("outputTokens", output_tokens),
            cached_input_tokens=exact("cachedInputTokens", cached_input_tokens),
            requests=requests,
            at=at,
            provider=provider,
        )


@strawberry.type
class ParityQuery:
    """Benchmark parity, with prices."""

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
        return graph_parity.benchmark_parity(
            info.context.session,
            benchmark=benchmark,
            models=models,
            tolerance=exact("tolerance", tolerance),
            source=source,
            at=at,
            input_share=exact("inputShare", input_share),
            provider=provider,
        )


@strawberry.type
class AnalyticsQuery(ShareQuery, PriceQuery, ParityQuery):
    """Every analytics root field."""
