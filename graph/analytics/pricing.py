"""Prices compared: one model's price against another's, and what a workload
costs on each model, in exact decimals.

Which price stands for a model is one rule, used by every function here:
graph.analytics.price_rule (standard listings only; the vendor's own API
first unless a provider is asked for; then the cheapest for what is asked).
A context tier applies to a whole request whose prompt (input plus cached
input) holds more than the tier's threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Session
from tokenatlas.graph.analytics.price_rule import (
    Choice,
    Listing,
    check_day,
    choose,
    find_provider,
    is_variant_id,
    listings,
)
from tokenatlas.graph.errors import ErrorCode, TokenAtlasError
from tokenatlas.graph.resolve.lookup import find_model
from tokenatlas.graph.store.tables import Model, Price

# The public names, with the price rule's: they stay importable from pricing.
__all__ = [
    "DEFAULT_INPUT_SHARE",
    "MAX_WORKLOAD_MODELS",
    "MILLION",
    "Choice",
    "Component",
    "ComponentPrice",
    "Listing",
    "PriceRatio",
    "Workload",
    "WorkloadCostResult",
    "WorkloadCostRow",
    "check_day",
    "checked_input_share",
    "choose",
    "component_price",
    "find_provider",
    "is_variant_id",
    "listings",
    "price_of",
    "price_ratio",
    "workload_cost",
]

MILLION = Decimal(1_000_000)
DEFAULT_INPUT_SHARE = Decimal("0.75")  # 3 input tokens to 1 output token
MAX_WORKLOAD_MODELS = 50


class Component(StrEnum):
    INPUT = "input"
    OUTPUT = "output"
    CACHE_READ = "cache_read"
    BLENDED = "blended"


# --------------------------------------------------------------------------
# Price of one component


def _kinds(component: Component) -> tuple[str, ...]:
    return ("input", "output") if component is Component.BLENDED else (component.value,)


def checked_input_share(value: Decimal | None) -> Decimal:
    share = DEFAULT_INPUT_SHARE if value is None else value
    if not share.is_finite() or not Decimal(0) <= share <= Decimal(1):
        raise TokenAtlasError(f"'inputShare' must be between 0 and 1, got {share}")
    return share


@dataclass
class ComponentPrice:
    model: Model
    component: Component
    usd_per_mtok: Decimal
    listing: Listing
    rule: str
    prices: list[Price]  # the rows used: one, or input and output for BLENDED
    tier_min_tokens: int
    at: date


def component_price(
    listing: Listing, component: Component, input_share: Decimal, prompt_tokens: Decimal
) -> tuple[Decimal, list[Price]] | None:
    if component is Component.BLENDED:
        i, o = listing.price("input", prompt_tokens), listing.price("output", prompt_tokens)
        if i is None or o is None:
            return None
        value = input_share * i.usd_per_mtok + (1 - input_share) * o.usd_per_mtok
        return value, [i, o]
    p = listing.price(component.value, prompt_tokens)
    return (p.usd_per_mtok, [p]) if p is not None else None


def price_of(
    model: Model,
    candidates: list[Listing],
    *,
    component: Component,
    at: date,
    provider: str | None = None,
    input_share: Decimal | None = None,
    prompt_tokens: Decimal = Decimal(0),
) -> ComponentPrice:
    share = checked_input_share(input_share)
    what = "blended price" if component is Component.BLENDED else f"{component.value} price"

    def cost(listing: Listing) -> Decimal:
        found = component_price(listing, component, share, prompt_tokens)
        return found[0] if found else Decimal("Infinity")

    choice = choose(
        model,
        candidates,
        kinds=_kinds(component),
        cost=cost,
        provider=provider,
        at=at,
        what=what,
    )
    value, rows = component_price(choice.listing, component, share, prompt_tokens)
    return ComponentPrice(
        model,
        component,
        value,
        choice.listing,
        choice.rule,
        rows,
        max(r.tier_min_tokens for r in rows),
        at,
    )


@dataclass
class PriceRatio:
    numerator: ComponentPrice
    denominator: ComponentPrice
    component: Component
    input_share: Decimal | None  # BLENDED only
    ratio: Decimal | None  # numerator / denominator
    reason: str | None  # why ratio is None


def price_ratio(
    session: Session,
    *,
    numerator: str,
    denominator: str,
    component: Component,
    at: date | None = None,
    provider: str | None = None,
    numerator_provider: str | None = None,
    denominator_provider: str | None = None,
    input_share: Decimal | None = None,
    prompt_tokens: Decimal | None = None,
) -> PriceRatio:
    """How many times the numerator's price is the denominator's."""
    day = check_day(at)
    for name in (provider, numerator_provider, denominator_provider):
        if name is not None:
            find_provider(session, name)
    if prompt_tokens is not None and (not prompt_tokens.is_finite() or prompt_tokens < 0):
        raise TokenAtlasError("'contextTokens' must be 0 or more")
    num_model, den_model = find_model(session, numerator), find_model(session, denominator)
    found = listings(session, [num_model, den_model], day)
    share = checked_input_share(input_share) if component is Component.BLENDED else None
    prompt = prompt_tokens or Decimal(0)
    num = price_of(
        num_model,
        found.get(num_model.id, []),
        component=component,
        at=day,
        provider=numerator_provider or provider,
        input_share=share,
        prompt_tokens=prompt,
    )
    den = price_of(
        den_model,
        found.get(den_model.id, []),
        component=component,
        at=day,
        provider=denominator_provider or provider,
        input_share=share,
        prompt_tokens=prompt,
    )
    if den.usd_per_mtok == 0:
        return PriceRatio(
            num, den, component, share, None, f"{den_model.slug}'s price is 0 (free): no ratio"
        )
    return PriceRatio(num, den, component, share, num.usd_per_mtok / den.usd_per_mtok, None)


# --------------------------------------------------------------------------
# Workload cost


@dataclass
class Workload:
    input_tokens: Decimal  # uncached input
    output_tokens: Decimal
    cached_input_tokens: Decimal
    requests: int

    @property
    def prompt_tokens_per_request(self) -> Decimal:
        return (self.input_tokens + self.cached_input_tokens) / self.requests


@dataclass
class WorkloadCostRow:
    model: Model
    usd: Decimal | None
    input_usd: Decimal | None = None
    cached_input_usd: Decimal | None = None
    output_usd: Decimal | None = None
    ratio_to_cheapest: Decimal | None = None
    listing: Listing | None = None
    rule: str | None = None
    prices: list[Price] = field(default_factory=list)
    tier_min_tokens: int | None = None
    note: str | None = None  # e.g. cached input billed at the input price
    reason: str | None = None  # why usd is None


@dataclass
class WorkloadCostResult:
    workload: Workload
    at: date
    rows: list[WorkloadCostRow]  # cheapest first, then models without a price


def _cost(
    listing: Listing, w: Workload
) -> tuple[Decimal, Decimal, Decimal, list[Price], str | None]:
    prompt = w.prompt_tokens_per_request
    i, o = listing.price("input", prompt), listing.price("output", prompt)
    c = listing.price("cache_read", prompt)
    note = None
    if c is None and w.cached_input_tokens:
        c, note = i, "no cache-read price listed: cached input billed at the input price"
    input_usd = w.input_tokens * i.usd_per_mtok / MILLION
    output_usd = w.output_tokens * o.usd_per_mtok / MILLION
    cached_usd = w.cached_input_tokens * c.usd_per_mtok / MILLION if c is not None else Decimal(0)
    rows = [i, o] + ([c] if c is not None and c is not i else [])
    return input_usd, cached_usd, output_usd, rows, note


def _tokens(name: str, value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0:
        raise TokenAtlasError(f"'{name}' must be a number of tokens, 0 or more; got {value}")
    return value


def workload_cost(
    session: Session,
    *,
    models: Sequence[str],
    input_tokens: Decimal,
    output_tokens: Decimal,
    cached_input_tokens: Decimal = Decimal(0),
    requests: int = 1,
    at: date | None = None,
    provider: str | None = None,
) -> WorkloadCostResult:
    """The cost of one workload on each model, cheapest first."""
    if not models:
        raise TokenAtlasError("'models' must name at least one model")
    if len(models) > MAX_WORKLOAD_MODELS:
        raise TokenAtlasError(
            f"at most {MAX_WORKLOAD_MODELS} models per workload; got {len(models)}",
            code=ErrorCode.LIMIT_EXCEEDED,
        )
    if requests < 1:
        raise TokenAtlasError("'requests' must be 1 or more")
    if provider is not None:
        find_provider(session, provider)
    w = Workload(
        _tokens("inputTokens", input_tokens),
        _tokens("outputTokens", output_tokens),
        _tokens("cachedInputTokens", cached_input_tokens),
        requests,
    )
    day = check_day(at)
    resolved = list({m.id: m for m in (find_model(session, name) for name in models)}.values())
    found = listings(session, resolved, day)
    rows: list[WorkloadCostRow] = []
    for model in resolved:

        def total(listing: Listing) -> Decimal:
            a, b, c, _, _ = _cost(listing, w)
            return a + b + c

        try:
            choice = choose(
                model,
                found.get(model.id, []),
                kinds=("input", "output"),
                cost=total,
                provider=provider,
                at=day,
                what="input and output prices",
            )
        except TokenAtlasError as exc:
            rows.append(WorkloadCostRow(model, None, reason=str(exc)))
            continue
        input_usd, cached_usd, output_usd, used, note = _cost(choice.listing, w)
        rows.append(
            WorkloadCostRow(
                model,
                input_usd + cached_usd + output_usd,
                input_usd,
                cached_usd,
                output_usd,
                listing=choice.listing,
                rule=choice.rule,
                prices=used,
                tier_min_tokens=max(p.tier_min_tokens for p in used),
                note=note,
            )
        )
    priced = sorted((r for r in rows if r.usd is not None), key=lambda r: (r.usd, r.model.slug))
    unpriced = sorted((r for r in rows if r.usd is None), key=lambda r: r.model.slug)
    if priced and priced[0].usd > 0:
        for r in priced:
            r.ratio_to_cheapest = r.usd / priced[0].usd
    return WorkloadCostResult(w, day, priced + unpriced)
