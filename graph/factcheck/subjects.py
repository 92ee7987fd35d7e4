"""A claim's terms: what it is about (`Subject`), the day it speaks of,
and the two answers an evaluator gives: a `Derived` value with its Source,
or `Missing`, saying what the data lacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.resolve.lookup import find_model, find_vendor
from tokenatlas.graph.store.tables import Claim, Source

DATA_KINDS = ("snapshot", "dataset", "package", "catalog")  # sources that measure


class Missing(Exception):
    """The data cannot answer the claim; the message says what it lacks."""


@dataclass(frozen=True)
class Derived:
    value: Decimal | str
    source_id: str | None
    locator: str | None
    note: str  # how it was derived, in words
    exact: bool = False  # compared exactly (ranks, counts, text)
    # For a sum of a ranking's rows: the rows summed and the period's other
    # rows, (label, tokens) each, so a gap can be explained from them.
    parts: tuple[tuple[str, int], ...] = ()
    others: tuple[tuple[str, int], ...] = ()
    whole: int | None = None  # for a share: the tokens divided by (parts and others sum to it)


@dataclass(frozen=True)
class Subject:
    kind: str  # model | vendor | country | platform | group
    text: str  # as the claim names it
    model_id: int | None = None
    vendor_id: int | None = None

    @property
    def code(self) -> str:
        """The part after `kind:` (an ISO code, a platform, a group's words)."""
        return self.text.partition(":")[2] if ":" in self.text else self.text


def subject_of(claim: Claim) -> Subject:
    return Subject(claim.subject_kind, claim.subject, claim.model_id, claim.vendor_id)


def other_side(session: Session, text: str) -> Subject:
    """The `compare_to` of a claim, read like a subject."""
    kind, _, rest = text.partition(":")
    if rest and kind in ("country", "platform", "group"):
        return Subject(kind, text)
    try:
        if rest and kind == "vendor":
            return Subject("vendor", text, vendor_id=find_vendor(session, rest).id)
        return Subject("model", text, model_id=find_model(session, text).id)
    except TokenAtlasError as exc:
        raise Missing(f"'{text}' names nothing the data holds ({exc})") from None


def not_a_group(subject: Subject, role: str = "the subject") -> None:
    if subject.kind == "group":
        raise Missing(
            f"{role} is a group named in words ('{subject.code}'): the claim does not "
            "list its members (no `members` in the ranking either), so no query can answer for it"
        )


def model_of(claim: Claim) -> int:
    """The model a claim's measure is about; `Missing` for a set of models."""
    subject = subject_of(claim)
    not_a_group(subject)
    if subject.model_id is None:
        raise Missing(
            f"a {claim.measure.replace('_', ' ')} is a model's; the claim names {subject.text}, "
            "not which of its models"
        )
    return subject.model_id


def claim_day(session: Session, claim: Claim) -> tuple[date, str]:
    """The day a claim speaks of, and why: its period, its as-of date, or
    the day its source was published."""
    if claim.period_start is not None:
        return claim.period_start, f"the claim's period {claim.period_start}..{claim.period_end}"
    if claim.as_of is not None:
        return claim.as_of, f"the claim's date {claim.as_of}"
    source = session.get(Source, claim.source_id)
    if source is not None and source.published is not None:
        return source.published, f"the source's date {source.published}"
    raise Missing("the claim has no period or date, and its source no publication date")
