"""Usage share: the tokens of one period, grouped by model, vendor or country,
each group's fraction of a stated denominator, its rank and its change.

One answer comes from one coherent set of observations: the model-level
usage observations one Source gives for one period. When several sources
observe the same period, the preferred one is used and the others are
named, never added (graph.analytics.periods says which). Claims (an
article's weekly total) are figures to compare with, not observations.

Denominators:
- TRACKED: the tokens of every observation in the set (e.g. a top-10
  snapshot), after an optional country restriction.
- PLATFORM: a platform-total observation (subject_kind 'platform') for the
  same period; without one, shares are None and `reason` says why.

Grouping keys (graph.analytics.grouping): a model slug, a vendor slug or an
ISO country code; tokens whose vendor or country is unknown are never merged
into another group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Session, col, select
from tokenatlas.graph.analytics.grouping import (
    Group,
    Grouped,
    ShareGroup,
    group_periods,
    normalise_countries,
    ranked,
)
from tokenatlas.graph.analytics.periods import Period, observed_timeline, pick_period
from tokenatlas.graph.errors import ErrorCode, TokenAtlasError
from tokenatlas.graph.store.tables import Claim, UsageObservation

# Period and ShareGroup live with the period choice and the grouping; they stay
# importable from here with the rest of share's public names.
__all__ = [
    "MAX_SERIES_DAYS",
    "USAGE_MEASURES",
    "Period",
    "SeriesLine",
    "SeriesPeriod",
    "SeriesPoint",
    "ShareGroup",
    "ShareResult",
    "ShareRow",
    "ShareScope",
    "ShareSeriesResult",
    "share",
    "share_series",
]

MAX_SERIES_DAYS = 3 * 366
# Claims shown beside a share: the measures that speak about one period's usage.
USAGE_MEASURES = ("weekly_tokens", "token_share", "token_change", "tokens_ratio", "rank", "count")


class ShareScope(StrEnum):
    TRACKED = "tracked"
    PLATFORM = "platform"


@dataclass
class ShareRow:
    key: str
    label: str
    unknown: bool  # the group's vendor or country (or model) is unknown
    country: str | None  # ISO code of the vendor, for model and vendor rows
    tokens: int
    share: Decimal | None
    rank: int
    previous_tokens: int | None
    change: Decimal | None
    model_slugs: list[str] = field(default_factory=list)
    model_ids: list[int] = field(default_factory=list)
    vendor_id: int | None = None
    observations: list[UsageObservation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    group_by: ShareGroup | None = None  # what the share groups by
    source_id: str | None = None  # the source of the observations summed


@dataclass
class ShareResult:
    platform: str
    group_by: ShareGroup
    scope: ShareScope
    period: Period
    previous: Period | None
    denominator: str  # in words
    total_tokens: int | None  # the denominator; None when unknown (see reason)
    tracked_tokens: int  # what the period's observations hold (after `countries`)
    denominator_source_id: str | None
    reason: str | None
    rows: list[ShareRow]  # rank order; after `limit`
    selected_tokens: int  # sum of `rows`
    selected_share: Decimal | None
    alternative_sources: list[str]  # other sources observing the period, not used
    unknown_observations: int  # observations whose token count is unknown (left out)
    claims: list[Claim]


@dataclass
class SeriesPoint:
    period: Period
    tokens: int | None  # None: the key was not observed in this period (unknown, not 0)
    share: Decimal | None
    rank: int | None
    change: Decimal | None


@dataclass
class SeriesLine:
    key: str
    label: str
    unknown: bool
    country: str | None
    tokens: int  # over the whole range
    model_slugs: list[str]
    points: list[SeriesPoint]


@dataclass
class SeriesPeriod:
    period: Period
    total_tokens: int | None
    tracked_tokens: int
    reason: str | None


@dataclass
class ShareSeriesResult:
    platform: str
    group_by: ShareGroup
    scope: ShareScope
    start: date
    end: date
    periods: list[SeriesPeriod]
    lines: list[SeriesLine]


# --------------------------------------------------------------------------
# Shares of a group


def _fraction(part: int, whole: int | None) -> Decimal | None:
    if whole is None or whole == 0:
        return None
    return Decimal(part) / Decimal(whole)


def _change(now: int, before: int | None) -> Decimal | None:
    if before is None or before == 0:
        return None
    return Decimal(now) / Decimal(before) - 1


def _denominator(
    scope: ShareScope, g: Grouped, period: Period, platform: str, countries: set[str] | None
) -> tuple[int | None, str, str | None, str | None]:
    """(total, words, source id, reason)."""
    where = f"{platform}, {period.start}..{period.end}"
    if scope is ShareScope.TRACKED:
        among = f" of models from {', '.join(sorted(countries))}" if countries else ""
        return (
            g.tracked,
            f"tokens{among} in the observations of {period.source_id} ({where})",
            period.source_id,
            None,
        )
    if countries is not None:
        return (
            None,
            f"all {platform} tokens ({where})",
            None,
            ("a platform total cannot be restricted to countries; use scope TRACKED"),
        )
    if g.platform_total is None or g.platform_total.tokens is None:
        return (
            None,
            f"all {platform} tokens ({where})",
            None,
            (
                f"no platform-total observation for {where} in {period.source_id}: "
                "the source lists only the models it tracks (e.g. a top-10), so a share of "
                "the whole platform cannot be derived; scope TRACKED divides by what it tracks"
            ),
        )
    t = g.platform_total
    return t.tokens, f"all {platform} tokens ({where}), as {t.source_id} states", t.source_id, None


def _claims_for(
    session: Session, platform: str, spans: Sequence[tuple[date, date]]
) -> dict[tuple[date, date], list[Claim]]:
    if not spans:
        return {}
    starts = sorted({s for s, _ in spans})
    rows = session.exec(
        select(Claim)
        .where(
            col(Claim.period_start).in_(starts),
            col(Claim.measure).in_(USAGE_MEASURES),
        )
        .order_by(Claim.source_id, Claim.id)
    ).all()
    out: dict[tuple[date, date], list[Claim]] = defaultdict(list)
    wanted = set(spans)
    for c in rows:
        if (c.period_start, c.period_end) in wanted and c.platform in (None, platform):
            out[(c.period_start, c.period_end)].append(c)
    return out


def _matches(claim: Claim, row: Group, by: ShareGroup) -> bool:
    if claim.subject_kind == "country":
        return by is ShareGroup.COUNTRY and claim.subject == f"country:{row.key}"
    if claim.subject_kind == "vendor":
        return by is ShareGroup.VENDOR and claim.vendor_id == row.vendor_id and not row.unknown
    if claim.subject_kind == "model":
        return by is ShareGroup.MODEL and claim.model_id in row.model_ids
    return False


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise TokenAtlasError("'limit' must be 1 or more")


# --------------------------------------------------------------------------
# Public


def share(
    session: Session,
    *,
    day: date,
    group_by: ShareGroup,
    platform: str = "openrouter",
    scope: ShareScope = ShareScope.TRACKED,
    source: str | None = None,
    countries: Sequence[str] | None = None,
    limit: int | None = None,
) -> ShareResult:
    """Shares of the period that contains `day` (the shortest such period,
    then the preferred source; `source` picks one)."""
    _check_limit(limit)
    wanted = normalise_countries(countries)
    timeline = observed_timeline(session, platform)
    period, others = pick_period(timeline.periods, day, platform, source)
    previous = timeline.previous(period)
    grouped = group_periods(
        session, platform, [period, *([previous] if previous else [])], group_by, wanted, rows=True
    )
    now = grouped[period]
    before = grouped[previous] if previous else None
    total, words, denominator_source, reason = _denominator(scope, now, period, platform, wanted)
    claims = _claims_for(session, platform, [(period.start, period.end)]).get(
        (period.start, period.end), []
    )
    rows = []
    for g in ranked(now.groups.values()):
        previous_tokens = before.tokens_of(g.key) if before else None
        rows.append(
            ShareRow(
                g.key,
                g.label,
                g.unknown,
                g.country,
                g.tokens,
                _fraction(g.tokens, total),
                g.rank,
                previous_tokens,
                _change(g.tokens, previous_tokens),
                model_slugs=g.model_slugs,
                model_ids=g.model_ids,
                vendor_id=g.vendor_id,
                observations=g.observations,
                claims=[c for c in claims if _matches(c, g, group_by)],
                group_by=group_by,
                source_id=period.source_id,
            )
        )
    shown = rows[:limit] if limit else rows
    selected = sum(r.tokens for r in shown)
    return ShareResult(
        platform=platform,
        group_by=group_by,
        scope=scope,
        period=period,
        previous=previous,
        denominator=words,
        total_tokens=total,
        tracked_tokens=now.tracked,
        denominator_source_id=denominator_source,
        reason=reason,
        rows=shown,
        selected_tokens=selected,
        selected_share=_fraction(selected, total),
        alternative_sources=others,
        unknown_observations=now.unknown_observations,
        claims=claims,
    )


def share_series(
    session: Session,
    *,
    start: date,
    end: date,
    group_by: ShareGroup,
    platform: str = "openrouter",
    scope: ShareScope = ShareScope.TRACKED,
    countries: Sequence[str] | None = None,
    limit: int | None = None,
) -> ShareSeriesResult:
    """Shares of every observed period overlapping [start, end], one line per
    key with a point per period (None where the key was not observed). Each
    period's source is the preferred one; change compares with the period
    just before (which may lie before `start`)."""
    if end < start:
        raise TokenAtlasError(f"'to' ({end}) is before 'from' ({start})")
    if (end - start).days > MAX_SERIES_DAYS:
        raise TokenAtlasError(
            f"a series spans at most {MAX_SERIES_DAYS} days; {start}..{end} is longer",
            code=ErrorCode.LIMIT_EXCEEDED,
        )
    _check_limit(limit)
    wanted = normalise_countries(countries)
    timeline = observed_timeline(session, platform)
    chosen = [g[0] for (s, e), g in timeline.spans.items() if s <= end and e >= start]
    previous = {p: timeline.previous(p) for p in chosen}
    needed = set(chosen) | {p for p in previous.values() if p is not None}
    grouped = group_periods(session, platform, needed, group_by, wanted)
    periods: list[SeriesPeriod] = []
    lines: dict[str, SeriesLine] = {}
    for i, p in enumerate(chosen):
        g = grouped[p]
        total, _, _, reason = _denominator(scope, g, p, platform, wanted)
        periods.append(SeriesPeriod(p, total, g.tracked, reason))
        before = grouped.get(previous[p]) if previous[p] else None
        for row in ranked(g.groups.values()):
            line = lines.get(row.key)
            if line is None:
                line = lines[row.key] = SeriesLine(
                    row.key, row.label, row.unknown, row.country, 0, [], [None] * len(chosen)
                )
            line.tokens += row.tokens
            line.model_slugs += [s for s in row.model_slugs if s not in line.model_slugs]
            prev = before.tokens_of(row.key) if before else None
            line.points[i] = SeriesPoint(
                p, row.tokens, _fraction(row.tokens, total), row.rank, _change(row.tokens, prev)
            )
    ordered = sorted(lines.values(), key=lambda ln: (-ln.tokens, ln.key))
    if limit:
        ordered = ordered[:limit]
    for line in ordered:
        line.points = [
            pt if pt is not None else SeriesPoint(chosen[i], None, None, None, None)
            for i, pt in enumerate(line.points)
        ]
    return ShareSeriesResult(platform, group_by, scope, start, end, periods, ordered)
