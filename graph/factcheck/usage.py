"""Usage claims (tokens, share, rank, change, ratio of tokens, counts and
streaks of weeks), derived
from one period's share table with the rules `share` uses: the period
that holds the claim's day (or exactly the claim's period), the preferred
source observing it, and the claim's denominator (all of the platform, or
what the source tracks)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from sqlmodel import Session
from tokenatlas.graph.analytics.grouping import ShareGroup
from tokenatlas.graph.analytics.periods import observed_periods
from tokenatlas.graph.analytics.share import ShareResult, ShareRow, ShareScope, share
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.factcheck.subjects import (
    Derived,
    Missing,
    Subject,
    claim_day,
    not_a_group,
    other_side,
    subject_of,
)
from tokenatlas.graph.resolve.lookup import find_vendor
from tokenatlas.graph.store.tables import Claim

_GROUPING = {"model": ShareGroup.MODEL, "vendor": ShareGroup.VENDOR, "country": ShareGroup.COUNTRY}


def platform_of(claim: Claim) -> str:
    return claim.platform or "openrouter"


def observed_weeks(session: Session, claim: Claim) -> list[tuple[date, date]]:
    """The (start, end) of every period the claim's platform is observed in,
    in date order."""
    return sorted({(p.start, p.end) for p in observed_periods(session, platform_of(claim))})


def _table(session: Session, claim: Claim, by: ShareGroup, scope: ShareScope) -> ShareResult:
    day, why = claim_day(session, claim)
    try:
        result = share(session, day=day, group_by=by, platform=platform_of(claim), scope=scope)
    except TokenAtlasError as exc:
        raise Missing(f"no usage observation for {why} ({exc})") from None
    p = result.period
    if claim.period_start is not None and (p.start, p.end) != (
        claim.period_start,
        claim.period_end or claim.period_start,
    ):
        raise Missing(
            f"no snapshot observes {claim.period_start}..{claim.period_end}; the nearest "
            f"observed period is {p.start}..{p.end}"
        )
    return result


def _belongs(subject: Subject, r: ShareRow) -> bool:
    """Whether a share row is the subject's (or one of its models')."""
    if subject.kind == "model":
        return subject.model_id in r.model_ids
    if subject.kind == "vendor":
        return r.vendor_id == subject.vendor_id and not r.unknown
    if subject.kind == "country":
        return (r.key if r.group_by is ShareGroup.COUNTRY else r.country) == subject.code
    return False


def _row(result: ShareResult, subject: Subject) -> ShareRow:
    found = next((r for r in result.rows if _belongs(subject, r)), None)
    if found is None:
        p = result.period
        raise Missing(
            f"{subject.text} is not among what {p.source_id} observes in {p.start}..{p.end}"
        )
    return found


def _usage(
    session: Session, claim: Claim, scope: ShareScope = ShareScope.TRACKED
) -> tuple[ShareResult, ShareRow | None]:
    subject = subject_of(claim)
    not_a_group(subject)
    if subject.kind == "platform":
        return _table(session, claim, ShareGroup.MODEL, ShareScope.PLATFORM), None
    result = _table(session, claim, _GROUPING[subject.kind], scope)
    return result, _row(result, subject)


def _members(text: str | None) -> dict | None:
    return json.loads(text) if text else None


def _picked(session: Session, result: ShareResult, members: dict) -> list[ShareRow]:
    """The rows of a model ranking `members` names: those of its country or
    vendor, then its ranks among them (1 = the first of them)."""
    rows = result.rows
    if members.get("country"):
        rows = [r for r in rows if r.country == members["country"]]
    if members.get("vendor"):
        vendor = find_vendor(session, members["vendor"]).id
        rows = [r for r in rows if r.vendor_id == vendor and not r.unknown]
    low, high = members.get("rank") or (1, len(rows))
    return rows[low - 1 : high]


def _side(
    session: Session, result: ShareResult, subject: Subject, members: dict | None
) -> list[ShareRow]:
    """The rows of a model ranking one side of a claim stands for."""
    if subject.kind == "group":
        if members is None:
            not_a_group(subject)
        return _picked(session, result, members)  # type: ignore[arg-type]
    if subject.kind not in _GROUPING:
        raise Missing(f"{subject.text} is not part of a ranking")
    return [r for r in result.rows if _belongs(subject, r)]


def _group(
    session: Session, claim: Claim, scope: ShareScope = ShareScope.TRACKED
) -> tuple[ShareResult, list[ShareRow]]:
    """A group subject's rows in the model ranking of its period."""
    result = _table(session, claim, ShareGroup.MODEL, scope)
    rows = _side(session, result, subject_of(claim), _members(claim.members))
    if not rows:
        raise Missing(f"no model of {_where(result)} is among {claim.subject}'s members")
    return result, rows


def _listed(rows: list[ShareRow]) -> str:
    return ", ".join(f"{r.label} ({r.tokens})" for r in rows[:8]) + (
        f" and {len(rows) - 8} more" if len(rows) > 8 else ""
    )


def _where(result: ShareResult) -> str:
    return f"period {result.period.start}..{result.period.end}"


def _split(rows: list[ShareRow], pool: list[ShareRow]) -> dict:
    """The rows summed and the rest of `pool`, as `Derived` keeps them."""
    summed = {id(r) for r in rows}
    return {
        "parts": tuple((r.label, r.tokens) for r in rows),
        "others": tuple((r.label, r.tokens) for r in pool if id(r) not in summed),
    }


def _tokens(rows: list[ShareRow]) -> int:
    return sum(r.tokens for r in rows)


def weekly_tokens(session: Session, claim: Claim) -> Derived:
    subject = subject_of(claim)
    if subject.kind in ("group", "vendor", "country"):
        # a sum of models: kept with its parts, to explain a gap from them
        result, rows = _group(session, claim)
        return Derived(
            Decimal(_tokens(rows)),
            result.period.source_id,
            _where(result),
            f"{len(rows)} models: {_listed(rows)}",
            **_split(rows, result.rows),
        )
    result, row = _usage(session, claim)
    if row is None:
        if result.total_tokens is None:
            raise Missing(result.reason or "no platform total for the period")
        return Derived(
            Decimal(result.total_tokens),
            result.denominator_source_id,
            _where(result),
            "the platform's total",
        )
    return Derived(
        Decimal(row.tokens), row.source_id, _where(result), f"{row.label}'s tokens, rank {row.rank}"
    )


_COUNTRIES = re.compile(r"^\s*([A-Z]{2}(?:\s*\+\s*[A-Z]{2})+)\b")


def _countries(denominator: str | None) -> set[str] | None:
    """The countries a denominator like 'US+CN tokens' names, else None."""
    found = _COUNTRIES.match(denominator or "")
    return {c.strip() for c in found.group(1).split("+")} if found else None


def token_share(session: Session, claim: Claim) -> Derived:
    """The subject's share of the claim's denominator: all of the platform
    ('all ... tokens'), the tokens of some countries ('US+CN tokens'), else
    what the source tracks."""
    countries = _countries(claim.denominator)
    whole = countries is None and "all" in (claim.denominator or "").lower()
    scope = ShareScope.PLATFORM if whole else ShareScope.TRACKED
    subject = subject_of(claim)
    if subject.kind == "model" and countries is None:
        result, row = _usage(session, claim, scope)
        if row is None or row.share is None:
            raise Missing(result.reason or "no share for the period")
        value = row.share * 100 if claim.unit == "percent" else row.share
        return Derived(value, row.source_id, _where(result), f"share of {result.denominator}")
    result = _table(session, claim, ShareGroup.MODEL, scope)
    mine = _side(session, result, subject, _members(claim.members))
    pool = [r for r in result.rows if countries is None or r.country in countries]
    total = _tokens(pool) if countries else result.total_tokens
    if not total:
        raise Missing(result.reason or f"no tokens to divide by in {_where(result)}")
    value = Decimal(_tokens(mine)) / Decimal(total)
    words = f"tokens of {'+'.join(sorted(countries))} models" if countries else result.denominator
    return Derived(
        value * 100 if claim.unit == "percent" else value,
        result.period.source_id,
        _where(result),
        f"{_tokens(mine)} of {total} ({words})",
        whole=total,
        **_split(mine, pool),
    )


def rank(session: Session, claim: Claim) -> Derived:
    result, row = _usage(session, claim)
    if row is None:
        raise Missing("a platform has no rank")
    return Derived(Decimal(row.rank), row.source_id, _where(result), row.label, exact=True)


def token_change(session: Session, claim: Claim) -> Derived:
    result, row = _usage(session, claim)
    if row is None or row.change is None:
        raise Missing(f"no earlier observed period to compare {_where(result)} with")
    value = row.change * 100 if claim.unit == "percent" else row.change
    return Derived(value, row.source_id, _where(result), "change on the period before")


def tokens_ratio(session: Session, claim: Claim) -> Derived:
    if not claim.compare_to:
        raise Missing("the claim does not say what its tokens are compared with")
    other = other_side(session, claim.compare_to)
    subject = subject_of(claim)
    if "group" in (subject.kind, other.kind) or other.kind != subject.kind:
        # sides of different kinds, or groups: both summed from the model ranking
        result = _table(session, claim, ShareGroup.MODEL, ShareScope.TRACKED)
        mine = _side(session, result, subject, _members(claim.members))
        theirs = _side(session, result, other, _members(claim.compare_members))
        ours, against = _tokens(mine), _tokens(theirs)
        if not mine or not against:
            raise Missing(
                f"{claim.subject} or {claim.compare_to} has no tokens in {_where(result)}"
            )
        return Derived(
            Decimal(ours) / Decimal(against),
            result.period.source_id,
            _where(result),
            f"{ours} tokens against {against} ({_listed(theirs)})",
        )
    result, row = _usage(session, claim)
    if row is None:
        raise Missing("a platform's tokens have no ratio")
    found = _row(result, other)
    return Derived(
        Decimal(row.tokens) / Decimal(found.tokens),
        row.source_id,
        _where(result),
        f"{row.tokens} tokens against {found.tokens} ({found.label})",
    )


def among_members(
    session: Session, claim: Claim, missing: str
) -> tuple[ShareResult, list[ShareRow], list[ShareRow]]:
    """The period's model ranking, the rows `members` picks, and those of
    them that are the subject's (all of them for a group); `missing` is
    the reason when the claim has no `members`."""
    members = _members(claim.members)
    if members is None:
        raise Missing(missing)
    subject = subject_of(claim)
    result = _table(session, claim, ShareGroup.MODEL, ShareScope.TRACKED)
    among = _picked(session, result, members)
    if subject.kind == "group":
        return result, among, among
    theirs = {id(r) for r in _side(session, result, subject, None)}
    return result, among, [r for r in among if id(r) in theirs]


def count(session: Session, claim: Claim) -> Derived:
    """How many of the ranking's `members` are the subject's (its country's
    or its vendor's models)."""
    not_a_group(subject_of(claim))
    result, among, counted = among_members(
        session, claim, "the claim does not say among which models it counts (no members)"
    )
    return Derived(
        Decimal(len(counted)),
        result.period.source_id,
        _where(result),
        f"{len(counted)} of {len(among)}: {_listed(counted) or 'none'}",
        exact=True,
    )


MAX_STREAK = 104  # weeks looked back at most


def _holds(
    session: Session,
    result: ShareResult,
    subject: Subject,
    members: dict | None,
    other: Subject | None,
) -> bool:
    """Whether a week bears the streak out: the subject ahead of `other`,
    or every one of `members` the subject's."""
    mine = _side(session, result, subject, None)
    if other is not None:
        theirs = _side(session, result, other, None)
        return _tokens(mine) > _tokens(theirs)
    picked = _picked(session, result, members or {})
    ids = {id(r) for r in mine}
    return bool(picked) and all(id(r) in ids for r in picked)


def streak_weeks(session: Session, claim: Claim) -> Derived:
    """Weeks in a row, up to the claim's period, in which the subject is
    ahead of `compare_to`, or holds every one of `members`."""
    subject = subject_of(claim)
    not_a_group(subject)
    members = _members(claim.members)
    other = other_side(session, claim.compare_to) if claim.compare_to else None
    if members is None and other is None:
        raise Missing(
            "a streak needs what holds each week: members (all of them the subject's) or "
            "compare_to (the subject ahead of it)"
        )
    result = _table(session, claim, ShareGroup.MODEL, ShareScope.TRACKED)
    last, weeks, broken = result.period, 0, None
    while weeks < MAX_STREAK:
        if not _holds(session, result, subject, members, other):
            broken = result.period
            break
        weeks += 1
        if result.previous is None:
            break
        result = share(
            session,
            day=result.previous.start,
            group_by=ShareGroup.MODEL,
            platform=platform_of(claim),
        )
    ended = f"; {broken.start}..{broken.end} breaks it" if broken else "; no earlier week observed"
    return Derived(
        Decimal(weeks),
        last.source_id,
        f"weeks up to {last.start}..{last.end}",
        f"{weeks} week(s) in a row up to {last.start}..{last.end}{ended}",
        exact=True,
    )


def first_week(session: Session, claim: Claim) -> Derived:
    """The first observed week, up to the claim's day, in which the subject
    is ahead of `compare_to`: its month (unit month) or its first day."""
    if not claim.compare_to:
        raise Missing("the claim does not say whom the subject first overtook (no compare_to)")
    subject, other = subject_of(claim), other_side(session, claim.compare_to)
    not_a_group(subject)
    day, _ = claim_day(session, claim)
    for behind, (start, end) in enumerate(observed_weeks(session, claim)):
        if start > day:
            break
        result = share(session, day=start, group_by=ShareGroup.MODEL, platform=platform_of(claim))
        if _holds(session, result, subject, None, other):
            value = start.isoformat()[:7] if claim.unit == "month" else start.isoformat()
            return Derived(
                value,
                result.period.source_id,
                f"period {start}..{end}",
                f"first week with {claim.subject} ahead of {claim.compare_to}: {start}..{end}, "
                f"after {behind} observed week(s) behind it",
                exact=True,
            )
    raise Missing(f"{claim.subject} is ahead of {claim.compare_to} in no observed week up to {day}")
