"""Hypotheses for a contradicted claim, from the data: what would make the
stated figure come out. Each is offered as a possibility with its
arithmetic, never as a fact.

- A token total the data sums from models: the smallest set of models
  whose tokens close the gap (left out of the data's sum, or added to it)
  so that the stated figure holds as its wording hedges it.
- A share: the smallest set of models that, left out of the denominator
  (or of the subject and the denominator), gives the stated share.
- A price ratio: the provider listings of the two models on that day whose
  prices give a ratio the claim's wording meets.
- A workload stated as a total of tokens: the listings, and the kind of
  price (input, cached input, output), that bill it at the stated cost.
- A figure of one week's usage: the observed week before or after the one
  read, where the figure holds (an article's week is often inferred).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import combinations

from sqlmodel import Session
from tokenatlas.graph.analytics.price_rule import listings
from tokenatlas.graph.analytics.pricing import MILLION
from tokenatlas.graph.factcheck.measures import EVALUATORS
from tokenatlas.graph.factcheck.subjects import Derived, Missing, claim_day, other_side, subject_of
from tokenatlas.graph.factcheck.tolerance import Range, covered, shown
from tokenatlas.graph.factcheck.usage import observed_weeks
from tokenatlas.graph.store.tables import Claim, Model

MAX_SET = 3  # models in one hypothesis at most
MAX_ROWS = 40  # rows searched at most (the largest first)
MAX_SHOWN = 3  # hypotheses offered per claim (the API's cap on `explanations`)


def _tokens(value: int) -> str:
    return f"{Decimal(value) / Decimal('1e12'):.3f}T"


def _names(found: tuple) -> str:
    return ", ".join(f"{label} ({_tokens(t)})" for label, t in found)


def _sets(rows: Sequence[tuple[str, int]], fits: Callable[[int], bool]) -> list[tuple]:
    """The smallest sets of rows (fewest first, then largest tokens) whose
    tokens make `fits` true."""
    pool = sorted(rows, key=lambda r: -r[1])[:MAX_ROWS]
    for size in range(1, MAX_SET + 1):
        found = [c for c in combinations(pool, size) if fits(sum(t for _, t in c))]
        if found:
            return found[:MAX_SHOWN]
    return []


def token_gap(claim: Claim, derived: Derived, stated: Range) -> list[str]:
    """Models whose tokens, left out of the data's sum or added to it, would
    make the stated figure hold."""
    total = int(derived.value)  # type: ignore[arg-type]
    out: list[str] = []
    for rows, sign, words in ((derived.parts, -1, "left out"), (derived.others, 1, "counted too")):
        for found in _sets(rows, lambda t, sign=sign: stated.holds(Decimal(total + sign * t))):
            moved = sum(t for _, t in found)
            out.append(
                f"hypothesis: with {_names(found)} {words}, the data gives "
                f"{_tokens(total)} {'-' if sign < 0 else '+'} {_tokens(moved)} = "
                f"{_tokens(total + sign * moved)}, which meets {stated.rule}"
            )
    return out[:MAX_SHOWN]


def share_gap(claim: Claim, derived: Derived, stated: Range) -> list[str]:
    """Models whose tokens, left out of the denominator (or of both the
    subject and the denominator), would make the stated share hold."""
    whole = derived.whole or 0
    mine = sum(t for _, t in derived.parts)
    scale = 100 if claim.unit == "percent" else 1

    def share(num: int, den: int) -> Decimal:
        return Decimal(num) / Decimal(den) * scale if den else Decimal(-1)

    out: list[str] = []
    for rows, of_subject in ((derived.others, False), (derived.parts, True)):

        def fits(t: int, of_subject: bool = of_subject) -> bool:
            return stated.holds(share(mine - (t if of_subject else 0), whole - t))

        for found in _sets(rows, fits):
            moved = sum(t for _, t in found)
            num = mine - (moved if of_subject else 0)
            out.append(
                f"hypothesis: with {_names(found)} left out, the share is {_tokens(num)} / "
                f"{_tokens(whole - moved)} = {shown(share(num, whole - moved))}, which meets "
                f"{stated.rule}"
            )
    return out[:MAX_SHOWN]


def price_choices(session: Session, claim: Claim, stated: Range) -> list[str]:
    """Pairs of listings (one per model, that day) whose input prices give
    a ratio the claim's wording meets."""
    subject = subject_of(claim)
    if subject.model_id is None or not claim.compare_to:
        return []
    other = other_side(session, claim.compare_to)
    if other.model_id is None:
        return []
    day, _ = claim_day(session, claim)
    models = [session.get(Model, subject.model_id), session.get(Model, other.model_id)]
    found = listings(session, [m for m in models if m is not None], day)
    kind = "output" if claim.setting == "output" else "input"

    def priced(model_id: int) -> list[tuple[str, Decimal]]:
        out = []
        for listing in found.get(model_id, []):
            p = listing.price(kind)
            if p is not None:
                out.append((listing.provider.slug, p.usd_per_mtok))
        return out

    pairs = []
    for (a_provider, a), (b_provider, b) in (
        (x, y) for x in priced(subject.model_id) for y in priced(other.model_id)
    ):
        if b and stated.holds(a / b):
            pairs.append(
                f"hypothesis: {a} ({a_provider}) / {b} ({b_provider}) = {shown(a / b)}, which "
                f"meets {stated.rule}"
            )
    return sorted(set(pairs))[:MAX_SHOWN]


def workload_prices(session: Session, claim: Claim, stated: Range) -> list[str]:
    """For a workload stated as a total of tokens: the listings of the model
    that day, and the kind of price (input, cached input, output), that bill
    the total at a cost the claim's wording meets."""
    subject = subject_of(claim)
    tokens = json.loads(claim.workload or "{}").get("tokens")
    model = session.get(Model, subject.model_id) if subject.model_id is not None else None
    if tokens is None or model is None:
        return []
    day, _ = claim_day(session, claim)
    total, out = Decimal(str(tokens)), []
    for listing in listings(session, [model], day).get(model.id, []):  # type: ignore[arg-type]
        for kind in ("input", "cache_read", "output"):
            p = listing.price(kind)
            if p is None:
                continue
            usd = total * p.usd_per_mtok / MILLION
            if stated.holds(usd):
                out.append(
                    f"hypothesis: {shown(total)} tokens at {listing.provider.slug}'s "
                    f"{kind.replace('_', ' ')} price of {shown(p.usd_per_mtok)} USD per million "
                    f"cost {shown(usd)} USD, which meets {stated.rule}"
                )
    return sorted(set(out))[:MAX_SHOWN]


# Measures read from one period's usage: a neighbouring week may be the one meant.
_WEEKLY = {
    "weekly_tokens",
    "token_share",
    "rank",
    "token_change",
    "tokens_ratio",
    "count",
    "streak_weeks",
}


def other_weeks(session: Session, claim: Claim, stated: Range) -> list[str]:
    """The observed week before or after the one read, when the claim's
    figure holds there: an article's week is often inferred from its date."""
    day, _ = claim_day(session, claim)
    periods = observed_weeks(session, claim)
    read = next(((a, b) for a, b in periods if a <= day <= b), None)
    if read is None:
        return []
    at = periods.index(read)
    out = []
    for index, words in ((at - 1, "the week before"), (at + 1, "the week after")):
        if not 0 <= index < len(periods):
            continue
        start, end = periods[index]
        shifted = claim.model_copy(update={"period_start": start, "period_end": end})
        try:
            found = EVALUATORS[claim.measure](session, shifted)
        except Missing:
            continue
        if isinstance(found.value, Decimal) and stated.holds(found.value):
            out.append(
                f"hypothesis: if the claim speaks of {start}..{end} ({words} the one read), "
                f"the data gives {shown(found.value)} ({found.source_id}), which meets "
                f"{stated.rule}"
            )
    return out


def explanations(session: Session, claim: Claim, derived: Derived) -> list[str]:
    """Hypotheses for a contradicted numeric claim; none where the data
    offers none."""
    if claim.value_num is None:
        return []
    stated = covered(claim.value_num, claim.qualifier, exact=derived.exact)
    found: list[str] = []
    if derived.whole is not None:
        found = share_gap(claim, derived, stated)
    elif derived.parts:
        found = token_gap(claim, derived, stated)
    elif claim.measure == "price_ratio":
        found = price_choices(session, claim, stated)
    elif claim.measure == "workload_cost":
        found = workload_prices(session, claim, stated)
    if claim.measure in _WEEKLY:
        found += other_weeks(session, claim, stated)
    return found[:MAX_SHOWN]
