"""Which price stands for a model: each model's standard listings on a day,
and the rule that chooses one listing among them. Every price comparison in
graph.analytics (pricing, parity) goes through `listings` and `choose`.

The rule:

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

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from tokenatlas.graph.errors import ErrorCode, NotFoundError, TokenAtlasError
from tokenatlas.graph.provenance.precedence import preference_key
from tokenatlas.graph.resolve.names import is_variant_id
from tokenatlas.graph.store import reference
from tokenatlas.graph.store.tables import Model, Price, Provider, Source


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
    """The provider with this slug or name (any case); NotFoundError names near slugs."""
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
    # Plain rows with the Price columns, not ORM objects: a benchmark's
    # parity lists the prices of every model with a result.
    rows = session.exec(
        select(*Price.__table__.columns)  # type: ignore[attr-defined]
        .where(
            col(Price.model_id).in_(ids),
            col(Price.conditions).is_(None),
            or_(col(Price.valid_from).is_(None), Price.valid_from <= at),
            or_(col(Price.valid_to).is_(None), Price.valid_to > at),
        )
        .order_by(Price.id)
    ).all()
    providers = reference.rows_by_id(session, Provider)  # in memory, per state of the store
    sources = reference.rows_by_id(session, Source)
    # (model, provider, provider model id) -> source id -> listing
    found: dict[tuple, dict[str, tuple[tuple, Listing]]] = defaultdict(dict)
    for price in rows:
        provider, source = providers[price.provider_id], sources[price.source_id]
        tier, collected, published = source.tier, source.collected, source.published
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
    """The listing the rule chose for one model, and why."""

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
