"""Price claims: a model's price by the default provider rule, the same
price stated of a set of models (each of them must meet it), the ratio of
two models' prices, and the cost of a stated workload."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlmodel import Session, select
from tokenatlas.graph.analytics.price_rule import find_provider, listings
from tokenatlas.graph.analytics.pricing import (
    MILLION,
    Component,
    price_of,
    price_ratio,
    workload_cost,
)
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.factcheck import usage
from tokenatlas.graph.factcheck.subjects import (
    Derived,
    Missing,
    claim_day,
    model_of,
    other_side,
    subject_of,
)
from tokenatlas.graph.factcheck.tolerance import shown
from tokenatlas.graph.store.tables import Claim, Endpoint, Model


def _provider(session: Session, claim: Claim) -> str | None:
    """The provider the claim's platform names, if it names one."""
    if not claim.platform:
        return None
    try:
        return find_provider(session, claim.platform).slug
    except TokenAtlasError:
        return None


def price_ratio_of(session: Session, claim: Claim) -> Derived:
    subject = subject_of(claim)
    if subject.kind != "model" or not claim.compare_to:
        raise Missing("a price ratio is checked between two models; the claim names no pair")
    other = other_side(session, claim.compare_to)
    if other.kind != "model":
        raise Missing(f"'{claim.compare_to}' is not one model: no price rule gives a group's price")
    day, _ = claim_day(session, claim)
    names = [session.get(Model, i).slug for i in (subject.model_id, other.model_id)]  # type: ignore[union-attr]
    component = (
        Component(claim.setting) if claim.setting in ("input", "output") else Component.INPUT
    )
    try:
        found = price_ratio(
            session, numerator=names[0], denominator=names[1], component=component, at=day
        )
    except TokenAtlasError as exc:
        raise Missing(str(exc)) from None
    if found.ratio is None:
        raise Missing(found.reason or "no ratio")
    num, den = found.numerator, found.denominator
    return Derived(
        found.ratio,
        num.listing.source_id,
        f"{component.value} prices on {day}",
        f"{num.usd_per_mtok} ({num.listing.provider.slug}) / {den.usd_per_mtok} "
        f"({den.listing.provider.slug}, {den.listing.source_id}) USD per million "
        f"{component.value} tokens, by the default provider rule",
    )


def model_price(session: Session, claim: Claim) -> Derived:
    """The price of the claim's model; for a vendor, a country or a group
    with `members`, the price of each of its models among them, and the one
    farthest from the stated value decides ("their new models are free"
    holds only if each one is)."""
    subject = subject_of(claim)
    if subject.model_id is not None:
        return _price(session, claim, subject.model_id, claim.subject)
    result, _, rows = usage.among_members(
        session,
        claim,
        f"a {claim.measure.replace('_', ' ')} is a model's; the claim names {subject.text}, "
        "not which of its models (no `members`)",
    )
    if not rows:
        raise Missing(f"none of {claim.subject}'s models is among the claim's members")
    found = [(r.label, _price(session, claim, r.model_ids[0], r.label)) for r in rows]
    stated = claim.value_num or Decimal(0)
    label, far = max(found, key=lambda f: abs(Decimal(f[1].value) - stated))
    each = "; ".join(f"{name} {shown(Decimal(d.value))}" for name, d in found)
    period = f"{result.period.start}..{result.period.end}"
    return Derived(
        far.value,
        far.source_id,
        far.locator,
        f"each of {subject.text}'s {len(found)} models among the members of {period}: "
        f"{each}; {label} is farthest from the stated value",
    )


def _price(session: Session, claim: Claim, model_id: int, name: str) -> Derived:
    """One model's price by the default provider rule (the claim's platform
    when it names a provider) on the claim's day; a claim of zero is met by
    a free endpoint on the claim's platform."""
    model = session.get(Model, model_id)
    component = Component.OUTPUT if claim.measure == "price_output" else Component.INPUT
    if claim.value_num == 0 and claim.platform:
        free = session.exec(
            select(Endpoint).where(
                Endpoint.model_id == model_id,
                Endpoint.platform == claim.platform,
                Endpoint.variant == "free",
            )
        ).first()
        if free is not None:  # "free on the platform": a free endpoint there says so
            return Derived(
                Decimal(0),
                free.source_id,
                free.external_id,
                f"served free on {claim.platform} as {free.external_id}",
            )
    day, why = claim_day(session, claim)
    try:
        found = price_of(
            model,  # type: ignore[arg-type]
            listings(session, [model], day).get(model_id, []),  # type: ignore[list-item]
            component=component,
            at=day,
            provider=_provider(session, claim),
        )
    except TokenAtlasError as exc:
        raise Missing(f"no {component.value} price for {name} on {why} ({exc})") from None
    return Derived(
        found.usd_per_mtok,
        found.listing.source_id,
        f"{found.listing.provider.slug}, {day}",
        f"{found.rule} (USD per million {component.value} tokens)",
    )


def workload_cost_of(session: Session, claim: Claim) -> Derived:
    """What the claim's `workload` costs on its model by the workload cost
    rule (the API's workloadCost). A workload stated only as a total of
    tokens costs anywhere from all of it billed as input to all of it as
    output; the derived value is the cost in that span nearest the claim."""
    model = session.get(Model, model_of(claim))
    if not claim.workload:
        raise Missing(
            "the claim states no workload (`workload`: the tokens, and requests, its cost is for)"
        )
    w = json.loads(claim.workload)
    day, why = claim_day(session, claim)

    def cost(inp: Decimal, out: Decimal, cached: Decimal = Decimal(0)) -> tuple[Decimal, str]:
        try:
            row = workload_cost(
                session,
                models=[model.slug],  # type: ignore[union-attr]
                input_tokens=inp,
                output_tokens=out,
                cached_input_tokens=cached,
                requests=int(w.get("requests", 1)),
                at=day,
                provider=_provider(session, claim),
            ).rows[0]
        except TokenAtlasError as exc:
            raise Missing(f"no workload cost for {claim.subject} on {why} ({exc})") from None
        if row.usd is None or row.listing is None:
            raise Missing(f"no workload cost for {claim.subject} on {why} ({row.reason})")
        return row.usd, row.listing.source_id

    if "tokens" not in w:
        tokens = [Decimal(str(w.get(k, 0))) for k in ("input_tokens", "output_tokens")]
        usd, source = cost(*tokens, Decimal(str(w.get("cached_input_tokens", 0))))
        return Derived(usd, source, str(day), f"the workload's cost on {day}, by the price rule")
    total = Decimal(str(w["tokens"]))
    (a, source_a), (b, source_b) = cost(total, Decimal(0)), cost(Decimal(0), total)
    lo, hi = sorted((a, b))
    stated = claim.value_num or Decimal(0)
    nearest = min(max(stated, lo), hi)
    implied = stated / total * MILLION if total else None
    said = f"; the stated cost is {shown(implied)} USD per million tokens" if implied else ""
    return Derived(
        nearest,
        source_a if nearest == a else source_b,
        str(day),
        f"{shown(total)} tokens, split not stated: {shown(a)} USD all billed as input to "
        f"{shown(b)} as output, on {day}{said}",
    )
