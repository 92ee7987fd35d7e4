"""The figures attached to a model: prices (and who charges them), usage
observations, benchmarks and their results. Each is a store row, with its
source one field away."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.provenance.types import Source, cite
from tokenatlas.api.scalars import BigInt
from tokenatlas.graph.store import tables


@exposes(
    tables.Provider,
    description="Who serves models: an API platform, a cloud, or the vendor itself.",
)
class Provider:
    slug: str = strawberry.field(
        description="Our key for the provider, e.g. openrouter, anthropic."
    )
    name: str = strawberry.field(description="Display name.")
    url: str | None = strawberry.field(description="Pricing page, when known.")


@exposes(
    tables.Price, description="A price per million tokens of one kind, valid over an interval."
)
class Price:
    @strawberry.field(description="Who charges this price.")
    def provider(self, info: Info) -> Provider:
        return info.context.row(tables.Provider, self.provider_id)

    provider_model_id: str = strawberry.field(description="The model id as this provider names it.")
    token_kind: str = strawberry.field(
        description="Token kind: input, output, cache_read, cache_write, "
        "cache_write_1h, input_audio..."
    )

    @strawberry.field(description="USD per million tokens, as an exact decimal string.")
    def usd_per_million_tokens(self) -> Decimal:
        return self.usd_per_mtok

    tier_min_tokens: BigInt = strawberry.field(
        description="Applies when the prompt holds more than this many tokens; 0 for the base tier."
    )
    valid_from: date | None = strawberry.field(
        description="First day the price holds; null when unknown (since the start)."
    )
    valid_to: date | None = strawberry.field(
        description="First day the price no longer holds; null while current."
    )
    conditions: str | None = strawberry.field(
        description="Terms the price needs (e.g. 'processing=batch', a time "
        "window); null for the standard price."
    )

    @strawberry.field(description="Where this price comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, self.locator)


@exposes(
    tables.UsageObservation,
    description="Tokens processed on a platform over an explicit period, "
    "by one model endpoint (or vendor, or aggregate).",
)
class UsageObservation:
    platform: str = strawberry.field(
        description="Platform the tokens were processed on, e.g. openrouter."
    )
    period_start: date = strawberry.field(description="First day of the period (inclusive).")
    period_end: date = strawberry.field(description="Last day of the period (inclusive).")
    subject_label: str = strawberry.field(
        description="The id or name the source used (e.g. a dated or :free endpoint id)."
    )
    tokens: BigInt | None = strawberry.field(
        description="Total tokens in the period; null when unknown."
    )
    prompt_tokens: BigInt | None = strawberry.field(
        description="Prompt (input) tokens; null when not collected."
    )
    completion_tokens: BigInt | None = strawberry.field(
        description="Completion (output) tokens; null when not collected."
    )
    reasoning_tokens: BigInt | None = strawberry.field(
        description="Reasoning tokens; null when not collected."
    )
    cached_tokens: BigInt | None = strawberry.field(
        description="Cached prompt tokens; null when not collected."
    )
    request_count: BigInt | None = strawberry.field(
        description="Requests in the period; null when unknown."
    )
    rank: int | None = strawberry.field(
        description="Rank in the source's ranking for the period, when it has one."
    )
    reported_change: float | None = strawberry.field(
        description="Change against the previous period as the source reports it, "
        "a fraction (0.07 = +7%); null when not reported."
    )

    @strawberry.field(description="Where this observation comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, self.locator)


@exposes(tables.Benchmark, description="A benchmark: what it measures in, and which way is better.")
class Benchmark:
    slug: str = strawberry.field(description="Our key, e.g. swe-bench-verified.")
    name: str = strawberry.field(description="Display name.")
    unit: str = strawberry.field(description="Unit of scores: percent, points, score or elo.")
    higher_is_better: bool = strawberry.field(description="True when a higher score is better.")


@exposes(
    tables.BenchmarkResult,
    description="A model's score on a benchmark, as one source states it.",
)
class BenchmarkResult:
    @strawberry.field(description="The benchmark.")
    def benchmark(self, info: Info) -> Benchmark:
        return info.context.row(tables.Benchmark, self.benchmark_id)

    score: float = strawberry.field(description="The score, in the benchmark's unit.")
    setting: str | None = strawberry.field(
        description="Mode or variant the score was taken in (e.g. 'Max'); null when not stated."
    )
    metric: str | None = strawberry.field(description="Metric, e.g. pass@1, when stated.")
    harness: str | None = strawberry.field(
        description="Harness the score was measured with, when stated."
    )
    measured: date | None = strawberry.field(
        description="Date of the measurement or of the statement."
    )

    @strawberry.field(description="Where this score comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, self.locator)
