"""GraphQL views of graph.analytics.parity's results: scores on one benchmark,
gaps to the leader, prices per point and the price-performance frontier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from tokenatlas.api.analytics.numbers import micro, plain
from tokenatlas.api.analytics.pricing import PricePoint
from tokenatlas.api.catalog.figures import Benchmark, BenchmarkResult
from tokenatlas.api.catalog.types import Model
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped, argument_length
from tokenatlas.api.provenance.types import Source, cite
from tokenatlas.graph.analytics import parity as graph_parity


@exposes(graph_parity.ParityRow, description="One model's score, gap to the leader and price.")
class ParityRow:
    model: Model = strawberry.field(description="The model.")
    score: float = strawberry.field(description="The preferred score, in the benchmark's unit.")

    @strawberry.field(description="Mode or variant the score was taken in, when stated.")
    def setting(self) -> str | None:
        return self.result.setting

    gap: float = strawberry.field(
        description="How far behind the leader, in the benchmark's unit (0 for the leader); "
        "exact to the scores' digits."
    )
    relative_gap: float | None = strawberry.field(
        description="gap / the leader's score, a fraction; null if that is 0."
    )
    within_tolerance: bool = strawberry.field(description="True when gap <= tolerance.")
    result: BenchmarkResult = strawberry.field(description="The result used, with its source.")

    @strawberry.field(description="Where the score comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.result.source_id, self.result.locator)

    alternatives: list[BenchmarkResult] = strawberry.field(
        description="Other results for this model on the benchmark (other sources or "
        "settings), preferred first; never averaged in.",
        extensions=[Capped(100)],
    )

    @strawberry.field(
        description="Blended price (USD per million tokens, exact decimal string); null "
        "when none is known (see priceReason)."
    )
    def blended_usd_per_million_tokens(self) -> Decimal | None:
        return plain(self.price.usd_per_mtok) if self.price else None

    price: PricePoint | None = strawberry.field(
        description="The blended price with its provider, rule and source."
    )
    price_reason: str | None = strawberry.field(
        description="Why there is no price; null when there is one."
    )

    @strawberry.field(
        description="Blended USD per million tokens per point of score, rounded half-even to "
        "6 decimal places; null without a price or for lower-is-better benchmarks."
    )
    def usd_per_point(self) -> Decimal | None:
        return micro(self.usd_per_point)

    on_frontier: bool = strawberry.field(
        description="True when no other priced model is at least as good on score and price "
        "and better on one."
    )


# Rows for the models the request names, when it names them.
in_request = argument_length("models", depth=1)


@exposes(
    graph_parity.ParityResult,
    name="BenchmarkParity",
    description="Scores on one benchmark: leader, gaps, prices and the frontier.",
)
class BenchmarkParity:
    benchmark: Benchmark = strawberry.field(description="The benchmark.")
    tolerance: float = strawberry.field(
        description="Largest gap, in the benchmark's unit, that counts as parity."
    )
    at: date = strawberry.field(description="The day prices were taken for.")
    input_share: float = strawberry.field(description="Input share of the blended prices.")
    leader: ParityRow | None = strawberry.field(
        description="The best score; null when no model has a result."
    )
    rows: list[ParityRow] = strawberry.field(
        description="Every model with a result, best score first.",
        extensions=[Capped(1000, rest="name models to compare others", estimate=in_request)],
    )
    frontier: list[ParityRow] = strawberry.field(
        description="The price-performance frontier: priced models no other beats on both "
        "score and price, cheapest first.",
        extensions=[Capped(1000, estimate=in_request)],
    )

    @strawberry.field(
        description="Models named in the request that have no result.",
        extensions=[Capped(100, estimate=in_request)],
    )
    def models_without_result(self) -> list[Model]:
        return self.without_result
