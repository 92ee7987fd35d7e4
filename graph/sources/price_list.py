"""Prices from the `genai-prices` package: every provider, model and price.

Each package entry is linked to a catalog model through the resolver. An
entry that matches none is still stored, as a (non-curated) model of the
vendor its id or provider names, and counted in the report; a name that
could mean several models is recorded as ambiguous and its prices are not
attached to a guess. Price history (start dates), time-of-day conditions,
variants (batch, service tiers) and context tiers are all kept. The package
version is the Source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib.metadata import version
from typing import Any

from sqlmodel import Session, select
from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.index import PRICE_LIST, Resolution, VendorIndex
from tokenatlas.graph.resolve.names import offer, split_endpoint, strip_prefix
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.store.tables import ModelAlias, Price, Provider

PACKAGE = PRICE_LIST  # the package whose price list this imports


@dataclass
class PriceReport:
    version: str = ""
    skipped_unchanged: bool = False
    providers: int = 0
    entries: int = 0
    linked: int = 0  # entries matched to an existing model
    created: int = 0  # entries stored as new, non-curated models
    ambiguous: list[str] = field(default_factory=list)
    prices: int = 0

    def lines(self) -> list[str]:
        if self.skipped_unchanged:
            return [f"{PACKAGE} {self.version}: unchanged since the last seed, skipped"]
        return [
            f"{PACKAGE} {self.version}: {self.providers} providers, {self.entries} model entries, "
            f"{self.prices} prices",
            f"  linked to known models: {self.linked}; "
            f"new models from the price list: {self.created}; "
            f"ambiguous (not linked): {len(self.ambiguous)}",
            *(f"  ambiguous: {name}" for name in self.ambiguous),
        ]


def source_id() -> str:
    return f"{PACKAGE}@{version(PACKAGE)}"


def import_price_list(session: Session) -> PriceReport:
    from genai_prices import data  # imported here: it is large and only needed at seed time

    report = PriceReport(version=version(PACKAGE))
    sid = source_id()
    ctx = ImportContext(session, dataset=PACKAGE, source_id=sid, tier=Tier.CATALOGUE)
    # What an earlier import decided, read before its rows are replaced: the
    # model each (provider, id) was linked to, and whether its rows carried
    # the offer its id names (`-fast`, `:batch`). A re-import keeps those
    # links rather than re-deciding them against a graph that now holds the
    # list's own models.
    aliases_before = session.exec(
        select(ModelAlias.model_id, ModelAlias.alias).where(ModelAlias.source_id == sid)
    ).all()
    linked_before: dict[tuple[str, str], int] = {}
    offered_before: set[tuple[str, str]] = set()  # entries whose rows carried their id's offer
    for provider, model_id_text, model_id, conditions in session.exec(
        select(Provider.slug, Price.provider_model_id, Price.model_id, Price.conditions)
        .join(Provider, Provider.id == Price.provider_id)
        .where(Price.source_id == sid)
    ):
        linked_before[(provider, model_id_text)] = model_id
        terms = offer(model_id_text)
        if terms and conditions and terms in conditions:
            offered_before.add((provider, model_id_text))
    if not ctx.open(
        report.version,
        kind="package",
        title=f"genai-prices {report.version} price dataset",
        publisher="Pydantic (genai-prices)",
        url=f"https://pypi.org/project/genai-prices/{report.version}/",
        licence="MIT",
        notes="USD per million tokens, with price history, conditions and context tiers",
    ):
        report.skipped_unchanged = True
        return report
    for model_id, alias in aliases_before:  # replaced with the source's rows: put back
        ctx.alias(model_id, alias)
    # Vendors' own price lists first: a model first seen there gets its vendor.
    providers = sorted(data.providers, key=lambda p: ctx.vendors.resolve(p.id) is None)
    for p in providers:
        provider_vendor = ctx.vendors.resolve(p.id)
        provider_id = ctx.provider(p.id, p.name, url=p.pricing_urls[0] if p.pricing_urls else None)
        report.providers += 1
        for m in p.models:
            report.entries += 1
            before = linked_before.get((p.id, m.id))
            if before is not None:  # the link and the offer terms it made before
                model_id = before
                terms = offer(m.id) if (p.id, m.id) in offered_before else None
                report.linked += 1
            else:
                model_id, terms = _link(ctx, m, p.id, provider_vendor, report)
            if model_id is None:
                continue
            for row in _price_rows(m, model_id, provider_id, terms):
                ctx.price(**row)
                report.prices += 1
            # The context window the list states, as a fact (once per model and value).
            ctx.fact(model_id, "context_window", m.context_window, locator=f"{p.id}/{m.id}")
    ctx.flush()
    report.created = len(ctx.report.created)
    report.ambiguous = ctx.report.ambiguous
    return report


def _drop_provider_prefix(model_id: str, provider_slug: str) -> str:
    """`databricks-llama-4-maverick` on Databricks is `llama-4-maverick`."""
    for sep in ("-", "."):
        if model_id.lower().startswith(provider_slug.lower() + sep):
            return model_id[len(provider_slug) + 1 :]
    return model_id


def brand_vendor(vendors: VendorIndex, model_id: str) -> int | None:
    """The vendor whose brand starts a model id (`claude-...`, `qwen3-...`).

    A provider serves other vendors' models, so the brand says more about
    who made a model than who lists it.
    """
    first = re.split(r"[-_ ./:]", model_id.strip().lower(), maxsplit=1)[0]
    return vendors.resolve(first) or vendors.resolve(first.rstrip("0123456789."))


def _terms(model_id: str, found: Resolution) -> str | None:
    """The offer an id names (`:batch`, `-fast`) when that is how it reached its model."""
    return offer(model_id) if {"endpoint", "mode"} & set(found.rules) else None


def _link(
    ctx: ImportContext, m, provider_slug: str, provider_vendor: int | None, report: PriceReport
) -> tuple[int | None, str | None]:
    """The model a price-list entry belongs to (found, or created), and the
    serving terms its id adds (`:batch`, `-fast`), if it was found through them."""
    found = ctx.models.resolve(m.id)
    if not found.resolved and found.status != "ambiguous" and m.name:
        by_name = ctx.models.resolve(m.name)
        if by_name.resolved:
            found = by_name
    if found.resolved:
        report.linked += 1
        return found.model, _terms(m.id, found)
    if found.status == "ambiguous":
        ctx.ambiguous(m.id, found.candidates)
        return None, None
    base, _ = split_endpoint(_drop_provider_prefix(m.id, provider_slug))
    pre = strip_prefix(base)
    tail = pre[1] if pre else base
    vendor_id = (
        (ctx.vendors.resolve(pre[0].split(".")[-1]) if pre else None)
        or brand_vendor(ctx.vendors, tail)
        or provider_vendor
    )
    names = [m.id, *([m.name] if m.name else [])]
    model_id = ctx.create_model(
        tail.strip().lower(), names=names, vendor_id=vendor_id, display=m.name or m.id
    )
    return model_id, None


def _describe(constraint) -> str | None:
    if constraint is None or type(constraint).__name__ == "StartDateConstraint":
        return None
    start, end = getattr(constraint, "start_time", None), getattr(constraint, "end_time", None)
    if start is not None and end is not None:
        return f"between {start:%H:%M} and {end:%H:%M} UTC"
    return str(constraint)


def _start(constraint) -> date | None:
    return getattr(constraint, "start_date", None)


def _price_rows(m, model_id: int, provider_id: int, terms: str | None) -> list[dict[str, Any]]:
    """One row per token kind and tier of every price period and variant;
    `terms` (an offer named by the id) joins each row's conditions."""

    def terms_and(condition: str | None) -> str | None:
        return ", ".join(c for c in (terms, condition) if c) or None

    periods = m.prices if isinstance(m.prices, list) else [None]
    rows: list[dict[str, Any]] = []
    # Base prices: a list of conditional prices whose start dates bound each other.
    dated = sorted({d for cp in periods if cp is not None and (d := _start(cp.constraint))})
    for cp in periods:
        prices = m.prices if cp is None else cp.prices
        constraint = None if cp is None else cp.constraint
        start = _start(constraint)
        later = [d for d in dated if start is None or d > start]
        end = later[0] if later and _describe(constraint) is None else None
        rows += _token_rows(
            prices, model_id, provider_id, m.id, start, end, terms_and(_describe(constraint))
        )
    for variant in m.price_variants or []:
        condition = ", ".join(f"{k}={v}" for k, v in sorted(variant.when.items()))
        rows += _token_rows(
            variant.prices,
            model_id,
            provider_id,
            m.id,
            _start(variant.constraint),
            None,
            terms_and(condition),
        )
    return rows


def _token_rows(prices, model_id, provider_id, provider_model_id, start, end, conditions):
    rows = []
    for name, value in vars(prices).items():
        if value is None or not name.endswith("_mtok"):
            continue
        kind = name.removesuffix("_mtok")
        tiers = (
            [(0, value)]
            if isinstance(value, Decimal | int | float)
            else [(0, value.base), *((t.start, t.price) for t in value.tiers)]
        )
        for threshold, amount in tiers:
            rows.append(
                dict(
                    model_id=model_id,
                    provider_id=provider_id,
                    provider_model_id=provider_model_id,
                    token_kind=kind,
                    usd_per_mtok=Decimal(str(amount)),
                    tier_min_tokens=threshold,
                    valid_from=start,
                    valid_to=end,
                    conditions=conditions,
                )
            )
    return rows
