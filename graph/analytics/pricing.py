"""Prices compared: one model's price against another's, and what a workload
costs on each model, in exact decimals.

Which price stands for a model (one rule, used by every function here):

1. Only standard prices count: valid on the day asked ([valid_from,
   valid_to)), no conditions (no batch, service tier or time-of-day terms),
   and listed under the provider's plain id for the model: an id with an
   endpoint suffix (`:batch`, `:free`, `:beta`...) or a serving-mode suffix
   (`-fast`, `-highspeed`) is another offer of the model, not its price.
2. A listing is one provider's id for the model; when two sources list the
   same one, the preferred source (graph.provenance.precedence) is used.
3. With `provider`, only that provider's listings count. Without it, the
   vendor's own API (a provider belonging to the model's vendor) when it has
   a standard listing with the prices needed; else every provider's.
4. Among the listings left, the cheapest for what is asked (the component's
   price, or the workload's total cost); ties by provider slug, then id.

Context tiers: a tier applies to a whole request whose prompt (input plus
cached input) holds more than `tier_min_tokens` tokens (genai-prices'
threshold semantics); a price without a context size is the base tier's.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from graph.errors import ErrorCode, NotFoundError, TokenAtlasError
from graph.provenance.precedence import preference_key
from graph.resolve.lookup import find_model
from graph.resolve.names import split_endpoint, strip_mode
from graph.store.tables import Model, Price, Provider, Source

MILLION = Decimal(1_000_000)
DEFAULT_INPUT_SHARE = Decimal("0.75")  # 3 input tokens to 1 output token
MAX_WORKLOAD_MODELS = 50


class Component(StrEnum):
    INPUT = "input"
    OUTPUT = "output"
    CACHE_READ = "cache_read"
    BLENDED = "blended"


def is_variant_id(provider_model_id: str) -> bool:
    """True for an id naming another offer of a model (batch, free, fast...).

    >>> is_variant_id("anthropic/claude-opus-4.6:batch"), is_variant_id("MiniMax-M2.5-highspeed")
    (True, True)
    >>> is_variant_id("anthropic.claude-3-sonnet-20240229-v1:0"), is_variant_id("claude-opus-4-6")
    (False, False)
    """
    _, suffix = split_endpoint(provider_model_id)
    if suffix is not None and not suffix.isdigit():
        return True
    return strip_mode(provider_model_id) is not None


@dataclass
class Listing:
    """One provider's standard prices for one model on one day."""

    model_id: int
    provider: Provider
    provider_model_id: str
    source_id: str
    own: bool  # the provider is the model's vendor
    prices: list[Price] = field(default_factory=list)

    def price(self, kind: str, prompt_tokens: Decimal = Decimal(0)) -> Price | None:
        """The row for `kind` in the tier a prompt of `prompt_tokens` falls in."""
        best = None
        for p in self.prices:
            applies = p.tier_min_tokens == 0 or prompt_tokens > p.tier_min_tokens
            if p.token_kind != kind or not applies:
                continue
            if best is None or p.tier_min_tokens > best.tier_min_tokens:
                best = p
        return best

    def has(self, kinds: Sequence[str]) -> bool:
        return all(self.price(k) is not None for k in kinds)

    @property
    def sort_key(self) -> tuple:
        return (self.provider.slug, self.provider_model_id)


def check_day(at: date | None) -> date:
    """The day asked, or today (UTC)."""
    return at or datetime.now(UTC).date()


def _provider_matches(provider: Provider, name: str) -> bool:
    return provider.slug == name or provider.name.lower() == name.lower()


def find_provider(session: Session, name: str) -> Provider:
    row = session.exec(
        select(Provider).where(
            or_(Provider.slug == name, func.lower(Provider.name) == name.lower())
        )
    ).first()
    if row is None:
        slugs = list(session.exec(select(Provider.slug)).all())
        near = difflib.get_close_matches(name.lower(), slugs, n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(s) for s in near)}?" if near else ""
        raise NotFoundError(f"no provider is known as '{name}'{hint}", name=name, suggestions=near)
    return row


def listings(session: Session, models: Sequence[Model], at: date) -> dict[int, list[Listing]]:
    """Standard listings of each model on day `at`: one statement for all."""
    ids = sorted({m.id for m in models})
    vendor_of = {m.id: m.vendor_id for m in models}
    if not ids:
        return {}
    rows = session.exec(
        select(Price, Provider, Source.tier, Source.collected, Source.published)
        .join(Provider, Provider.id == Price.provider_id)
        .join(Source, Source.id == Price.source_id)
        .where(
            col(Price.model_id).in_(ids),
            col(Price.conditions).is_(None),
            or_(col(Price.valid_from).is_(None), Price.valid_from <= at),
            or_(col(Price.valid_to).is_(None), Price.valid_to > at),
        )
        .order_by(Price.id)
    ).all()
    # (model, provider, provider model id) -> source id -> listing
    found: dict[tuple, dict[str, tuple[tuple, Listing]]] = defaultdict(dict)
    for price, provider, tier, collected, published in rows:
        if is_variant_id(price.provider_model_id):
            continue
        k = (price.model_id, provider.id, price.provider_model_id)
        by_source = found[k]
        if price.source_id not in by_source:
            own = provider.vendor_id is not None and provider.vendor_id == vendor_of[price.model_id]
            listing = Listing(
                price.model_id, provider, price.provider_model_id, price.source_id, own
            )
            by_source[price.source_id] = (preference_key(tier, collected or published, 0), listing)
        by_source[price.source_id][1].prices.append(price)
    out: dict[int, list[Listing]] = defaultdict(list)
    for (model_id, _, _), by_source in found.items():
        _, best = min(by_source.values(), key=lambda kv: (kv[0], kv[1].source_id))
        out[model_id].append(best)
    return out


@dataclass
class Choice:
    listing: Listing
    rule: str  # how it was chosen, in words


def choose(
    model: Model,
    candidates: list[Listing],
    *,
    kinds: Sequence[str],
    cost: Callable[[Listing], Decimal],
    provider: str | None,
    at: date,
    what: str,
) -> Choice:
    """Apply the rule (module docstring) to one model's listings."""
    usable = [c for c in candidates if c.has(kinds)]
    if provider is not None:
        usable = [c for c in usable if _provider_matches(c.provider, provider)]
        rule = f"the provider asked for ({provider})"
        if not usable:
            others = sorted({c.provider.slug for c in candidates if c.has(kinds)})
            hint = f"; providers with one: {', '.join(others)}" if others else ""
            raise TokenAtlasError(
                f"{provider} has no standard {what} for {model.slug} on {at}{hint}",
                code=ErrorCode.NOT_DERIVABLE,
                model=model.slug,
            )
    else:
        own = [c for c in usable if c.own]
        if own:
            usable, rule = own, "the vendor's own API"
        else:
            rule = "the cheapest standard listing (the vendor's own API has none)"
        if not usable:
            raise TokenAtlasError(
                f"no standard {what} is known for {model.slug} on {at}",
                code=ErrorCode.NOT_DERIVABLE,
                model=model.slug,
            )
    best = min(usable, key=lambda c: (cost(c), c.sort_key))
    if len(usable) > 1:
        rule += f", cheapest of {len(usable)} listings"
    return Choice(best, rule)


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
