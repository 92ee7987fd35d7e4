"""Each claim's status against the data: CONSISTENT, CONTRADICTED (with
the derived value, the difference and its Source) or UNVERIFIABLE (with
what the data lacks). No code per claim: the measure picks the evaluator
(graph.factcheck.measures), the qualifier the tolerance
(graph.factcheck.tolerance); a claim added to seeds/articles/ gets a
status as soon as it is seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select
from tokenatlas.graph.analytics.catalog import Page, page_of
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.factcheck.explain import explanations
from tokenatlas.graph.factcheck.measures import EVALUATORS
from tokenatlas.graph.factcheck.subjects import Derived, Missing
from tokenatlas.graph.factcheck.tolerance import judge, shown
from tokenatlas.graph.store.cache import cached_per_store
from tokenatlas.graph.store.tables import (
    Claim,
)

CONSISTENT, CONTRADICTED, UNVERIFIABLE = "consistent", "contradicted", "unverifiable"
STATUSES = (CONSISTENT, CONTRADICTED, UNVERIFIABLE)


@dataclass(frozen=True)
class ClaimCheck:
    claim_id: int
    status: str
    derived: Derived | None  # what the data says, when it says anything
    difference: Decimal | None  # derived minus stated, for numbers
    reason: str
    explanations: tuple[str, ...] = ()  # hypotheses for a contradiction, never facts


def check(session: Session, claim: Claim) -> ClaimCheck:
    """One claim against the data."""
    cid = claim.id or 0
    evaluate = EVALUATORS.get(claim.measure)
    if evaluate is None:
        return ClaimCheck(
            cid,
            UNVERIFIABLE,
            None,
            None,
            f"no dataset in the store measures '{claim.measure}'",
        )
    try:
        derived = evaluate(session, claim)
    except Missing as gap:
        return ClaimCheck(cid, UNVERIFIABLE, None, None, str(gap))
    if isinstance(derived.value, str) or claim.value_num is None:
        stated = (claim.value_text or "").strip().lower()
        found = str(derived.value).strip().lower()
        holds = stated == found
        words = f"stated '{claim.value_text}', the data says '{derived.value}'"
        status = CONSISTENT if holds else CONTRADICTED
        return ClaimCheck(cid, status, derived, None, f"{words} ({derived.note})")
    verdict = judge(claim.value_num, claim.qualifier, derived.value, exact=derived.exact)
    said = "meets" if verdict.holds else "does not meet"
    reason = f"{shown(derived.value)} {said} {verdict.rule} ({derived.note})"
    if verdict.holds:
        return ClaimCheck(cid, CONSISTENT, derived, verdict.difference, reason)
    why = tuple(explanations(session, claim, derived))
    return ClaimCheck(cid, CONTRADICTED, derived, verdict.difference, reason, why)


def claims_of(
    session: Session,
    *,
    source: str | None = None,
    measure: str | None = None,
    subject: str | None = None,
) -> list[Claim]:
    query = select(Claim)
    if source is not None:
        query = query.where(Claim.source_id == source)
    if measure is not None:
        query = query.where(Claim.measure == measure)
    rows = sorted(session.exec(query), key=position)  # Python's order on every backend
    if subject is not None:
        wanted = subject.strip().lower()
        rows = [c for c in rows if c.subject.lower() == wanted]
    return rows


def checks(session: Session) -> dict[int, ClaimCheck]:
    """Every claim's check by claim id, computed once per state of the
    store (an import changes what it reads) and shared by requests."""

    def build(s: Session) -> dict[int, ClaimCheck]:
        return {c.id: check(s, c) for c in claims_of(s)}  # type: ignore[misc]

    return cached_per_store(session, "claim-checks", build)


def position(claim: Claim) -> str:
    """A claim's keyset position: its source and key."""
    return f"{claim.source_id}\t{claim.key}"


def page(
    session: Session,
    *,
    status: str | None = None,
    source: str | None = None,
    subject: str | None = None,
    measure: str | None = None,
    first: int,
    after: str | None = None,
) -> Page[Claim]:
    """Claims, optionally of one status, source, subject or measure, in
    source then key order, a page at a time."""
    if status is not None and status not in STATUSES:
        raise TokenAtlasError(f"'status' is '{status}'; one of {', '.join(STATUSES)}")
    rows = claims_of(session, source=source, measure=measure, subject=subject)
    if status is not None:
        found = checks(session)
        rows = [c for c in rows if c.id in found and found[c.id].status == status]
    return page_of(rows, position, first=first, after=after, what="claims")
