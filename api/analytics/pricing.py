"""GraphQL views of graph.analytics.pricing's results: the price that stands
for a model, ratios between two models, and what a workload costs. Money
crosses as plain decimal strings; ratios as unrounded floats."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from tokenatlas.api.analytics.enums import PriceComponent
from tokenatlas.api.analytics.numbers import plain
from tokenatlas.api.catalog.figures import Price, Provider
from tokenatlas.api.catalog.types import Model
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped, argument_length
from tokenatlas.api.provenance.types import Source, cite
from tokenatlas.api.scalars import BigInt
from tokenatlas.graph.analytics import pricing as graph_pricing


def _first_source(info: Info, prices: list) -> Source | None:
    """The source of the first price row used, with its locator."""
    if not prices:
        return None
    return cite(info, prices[0].source_id, prices[0].locator)


@exposes(
    graph_pricing.ComponentPrice,
    name="PricePoint",
    description="The price that stands for one model, and where it was taken from.",
)
class PricePoint:
    model: Model = strawberry.field(description="The model priced.")

    @strawberry.field(
        description="USD per million tokens of the component (blended for BLENDED), "
        "as an exact decimal string."
    )
    def usd_per_million_tokens(self) -> Decimal:
        return plain(self.usd_per_mtok)

    @strawberry.field(description="Who charges it.")
    def provider(self) -> Provider:
        return self.listing.provider

    @strawberry.field(description="The model id as this provider lists it.")
    def provider_model_id(self) -> str:
        return self.listing.provider_model_id

    at: date = strawberry.field(description="The day the price was taken for.")
    tier_min_tokens: BigInt = strawberry.field(
        description="Context tier of the price (0 for the base tier)."
    )
    rule: str = strawberry.field(
        description="How the listing was chosen: the provider asked for, the vendor's own "
        "API, or the cheapest standard listing."
    )
    prices: list[Price] = strawberry.field(
        description="The price rows used (input and output for BLENDED).",
        extensions=[Capped(10)],
    )

    @strawberry.field(description="Where the price comes from.")
    def source(self, info: Info) -> Source:
        return _first_source(info, self.prices)


@exposes(
    graph_pricing.PriceRatio,
    description="How many times one model's price is another's, on one component.",
)
class PriceRatio:
    numerator: PricePoint = strawberry.field(description="The numerator's price.")
    denominator: PricePoint = strawberry.field(description="The denominator's price.")
    component: PriceComponent = strawberry.field(description="The price component compared.")
    input_share: float | None = strawberry.field(
        description="Input share of the blend, for BLENDED; else null."
    )
    ratio: float | None = strawberry.field(
        description="numerator price / denominator price (e.g. 16.67: the numerator costs "
        "16.67 times as much), unrounded; null when the denominator is free (see reason)."
    )

    @strawberry.field(description="denominator price / numerator price; null when undefined.")
    def inverse(self) -> float | None:
        if self.numerator.usd_per_mtok == 0:
            return None
        return float(self.denominator.usd_per_mtok / self.numerator.usd_per_mtok)

    @strawberry.field(description="Which way the ratio points, in words.")
    def direction(self) -> str:
        return (
            f"{self.numerator.model.slug} / {self.denominator.model.slug}, "
            f"{self.component.value.replace('_', ' ')} price per million tokens"
        )

    reason: str | None = strawberry.field(description="Why ratio is null; null when it is not.")


@exposes(graph_pricing.WorkloadCostRow, description="What one workload costs on one model.")
class WorkloadCostRow:
    model: Model = strawberry.field(description="The model.")

    @strawberry.field(
        description="Total cost in USD, an exact decimal string; null when the model has no "
        "standard price (see reason)."
    )
    def usd(self) -> Decimal | None:
        return plain(self.usd)

    @strawberry.field(description="Cost of the uncached input tokens, USD.")
    def input_usd(self) -> Decimal | None:
        return plain(self.input_usd)

    @strawberry.field(description="Cost of the cached input tokens, USD.")
    def cached_input_usd(self) -> Decimal | None:
        return plain(self.cached_input_usd)

    @strawberry.field(description="Cost of the output tokens, USD.")
    def output_usd(self) -> Decimal | None:
        return plain(self.output_usd)

    ratio_to_cheapest: float | None = strawberry.field(
        description="usd / the cheapest model's usd (1 for the cheapest), unrounded; null "
        "without a price or when the cheapest is free."
    )

    @strawberry.field(description="Who charges the prices used.")
    def provider(self) -> Provider | None:
        return self.listing.provider if self.listing else None

    @strawberry.field(description="The model id as this provider lists it.")
    def provider_model_id(self) -> str | None:
        return self.listing.provider_model_id if self.listing else None

    tier_min_tokens: BigInt | None = strawberry.field(
        description="Context tier applied (0 for the base tier): a request whose prompt "
        "exceeds a tier's threshold pays that tier's rates on all its tokens."
    )
    rule: str | None = strawberry.field(description="How the provider was chosen.")
    prices: list[Price] = strawberry.field(
        description="The price rows used, each with its source.", extensions=[Capped(10)]
    )

    @strawberry.field(description="Where the prices come from.")
    def source(self, info: Info) -> Source | None:
        return _first_source(info, self.prices)

    note: str | None = strawberry.field(
        description="A caveat on the figure (e.g. no cache-read price listed)."
    )
    reason: str | None = strawberry.field(description="Why usd is null; null when it is not.")


@exposes(
    graph_pricing.WorkloadCostResult,
    name="WorkloadCost",
    description="One workload priced on several models, cheapest first.",
)
class WorkloadCost:
    @strawberry.field(description="Uncached input tokens of the workload.")
    def input_tokens(self) -> float:
        return float(self.workload.input_tokens)

    @strawberry.field(description="Output tokens of the workload.")
    def output_tokens(self) -> float:
        return float(self.workload.output_tokens)

    @strawberry.field(description="Input tokens read from the prompt cache.")
    def cached_input_tokens(self) -> float:
        return float(self.workload.cached_input_tokens)

    @strawberry.field(description="Requests the workload is split into.")
    def requests(self) -> int:
        return self.workload.requests

    @strawberry.field(
        description="Prompt tokens per request ((input + cached input) / requests): "
        "what selects the context tier."
    )
    def prompt_tokens_per_request(self) -> float:
        return float(self.workload.prompt_tokens_per_request)

    at: date = strawberry.field(description="The day the prices were taken for.")
    rows: list[WorkloadCostRow] = strawberry.field(
        description="One row per model: cheapest first, models without a price last.",
        extensions=[Capped(100, estimate=argument_length("models", depth=1))],
    )
