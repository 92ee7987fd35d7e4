"""Usage share: the tokens of one period, grouped by model, vendor or country,
each group's fraction of a stated denominator, its rank and its change.

One answer comes from one coherent set of observations: the model-level
usage observations one Source gives for one period. When several sources
observe the same period, the preferred one is used and the others are
named, never added: measured data (a snapshot or dataset) before figures a
document restates, then graph.provenance.precedence (the lowest tier, then the most
recent date), then the source id. Claims (an article's weekly total) are figures to
compare with, not observations.

Denominators:
- TRACKED: the tokens of every observation in the set (e.g. a top-10
  snapshot), after an optional country restriction.
- PLATFORM: a platform-total observation (subject_kind 'platform') for the
  same period; without one, shares are None and `reason` says why.

Grouping keys: a model slug, a vendor slug or an ISO country code. Tokens
whose vendor or country is unknown are never merged into another group:
`unknown:vendor:<vendor slug>` (a vendor without a country),
`unknown:model:<model slug>` (a model without a vendor, e.g. stealth
models), `unresolved:<id>` (an id that resolved to no model).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Session, col, select

from graph.errors import ErrorCode, NotFoundError, TokenAtlasError
from graph.provenance.precedence import preference_key
from graph.store.tables import Claim, Model, Source, UsageObservation, Vendor

MAX_SERIES_DAYS = 3 * 366
# Source kinds that record measurements (preferred over documents restating them).
MEASURED_KINDS = ("snapshot", "dataset")
# Claims shown beside a share: the measures that speak about one period's usage.
USAGE_MEASURES = ("weekly_tokens", "token_share", "token_change", "tokens_ratio", "rank", "count")


class ShareGroup(StrEnum):
    MODEL = "model"
    VENDOR = "vendor"
    COUNTRY = "country"


class ShareScope(StrEnum):
    TRACKED = "tracked"
    PLATFORM = "platform"


@dataclass(frozen=True)
class Period:
    """One source's observations of one period [start, end] (inclusive)."""

    start: date
    end: date
    source_id: str
    source_kind: str
    tier: int
    source_date: date | None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def preference(self) -> tuple:
        measured = self.source_kind in MEASURED_KINDS
        return (not measured, *preference_key(self.tier, self.source_date, 0), self.source_id)


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
# Which observations


def _periods(session: Session, platform: str) -> list[Period]:
    """Every (period, source) with model-level observations on the platform."""
    rows = session.exec(
        select(
            UsageObservation.period_start,
            UsageObservation.period_end,
            UsageObservation.source_id,
            Source.kind,
            Source.tier,
            Source.collected,
            Source.published,
        )
        .join(Source, Source.id == UsageObservation.source_id)
        .where(UsageObservation.platform == platform, UsageObservation.subject_kind == "model")
        .distinct()
    ).all()
    return [
        Period(s, e, sid, kind, tier, collected or published)
        for s, e, sid, kind, tier, collected, published in rows
    ]


def _preferred(periods: Iterable[Period]) -> dict[tuple[date, date], list[Period]]:
    """Each distinct (start, end), its sources preferred first."""
    by_span: dict[tuple[date, date], list[Period]] = defaultdict(list)
    for p in periods:
        by_span[(p.start, p.end)].append(p)
    for group in by_span.values():
        group.sort(key=Period.preference)
    return dict(sorted(by_span.items()))


def _previous(spans: dict[tuple[date, date], list[Period]], period: Period) -> Period | None:
    """The observed period just before `period`: the latest one ending before
    it starts, with a gap shorter than one period; None when there is none."""
    best = None
    for (start, end), group in spans.items():
        before = end < period.start and (period.start - end).days <= period.days
        if before and (best is None or (end, start) > (best.end, best.start)):
            best = group[0]
    return best


def _check_platform(periods: list[Period], platform: str) -> None:
    if not periods:
        raise NotFoundError(
            f"no usage observations are stored for platform '{platform}'", platform=platform
        )


def _pick_period(
    periods: list[Period], day: date, platform: str, source: str | None
) -> tuple[Period, list[str]]:
    covering = [p for p in periods if p.start <= day <= p.end]
    if source is not None:
        mine = [p for p in covering if p.source_id == source]
        if not mine:
            offered = sorted({p.source_id for p in covering})
            hint = f"; sources covering it: {', '.join(offered)}" if offered else ""
            raise NotFoundError(
                f"source '{source}' has no {platform} usage observations covering {day}{hint}",
                source=source,
            )
        covering_sorted = sorted(mine, key=lambda p: (p.days, p.preference()))
    else:
        covering_sorted = sorted(covering, key=lambda p: (p.days, p.preference()))
    if not covering_sorted:
        before = max((p.end for p in periods if p.end < day), default=None)
        after = min((p.start for p in periods if p.start > day), default=None)
        near = [f"one ends {before}" if before else "", f"one starts {after}" if after else ""]
        hint = "; ".join(x for x in near if x)
        raise NotFoundError(
            f"no {platform} usage observations cover {day}" + (f" ({hint})" if hint else ""),
            day=day.isoformat(),
        )
    chosen = covering_sorted[0]
    others = sorted(
        {p.source_id for p in covering if (p.start, p.end) == (chosen.start, chosen.end)}
        - {chosen.source_id}
    )
    return chosen, others


@dataclass
class _Obs:
    model_id: int | None
    subject_kind: str
    subject_label: str
    tokens: int | None
    source_id: str
    model_slug: str | None
    model_name: str | None
    vendor_id: int | None
    vendor_slug: str | None
    vendor_name: str | None
    country: str | None
    row: UsageObservation | None = None  # the stored row, when asked for


_COLUMNS = (
    UsageObservation.model_id,
    UsageObservation.subject_kind,
    UsageObservation.subject_label,
    UsageObservation.tokens,
    UsageObservation.source_id,
    Model.slug,
    Model.name,
    Vendor.id,
    Vendor.slug,
    Vendor.name,
    Vendor.country,
    UsageObservation.period_start,
    UsageObservation.period_end,
)


def _observations(
    session: Session, platform: str, periods: Sequence[Period], *, rows: bool = False
) -> dict[tuple[date, date, str], list[_Obs]]:
    """Model- and platform-level observations of the given (period, source)
    sets, with each model's vendor and country: one statement. `rows` also
    loads the stored rows (to show them); plain columns are cheaper."""
    if not periods:
        return {}
    wanted = {(p.start, p.end, p.source_id) for p in periods}
    columns = (*_COLUMNS, UsageObservation) if rows else _COLUMNS
    query = (
        select(*columns)
        .outerjoin(Model, Model.id == UsageObservation.model_id)
        .outerjoin(Vendor, Vendor.id == Model.vendor_id)
        .where(
            UsageObservation.platform == platform,
            col(UsageObservation.subject_kind).in_(("model", "platform")),
            col(UsageObservation.source_id).in_(sorted({p.source_id for p in periods})),
        )
        .order_by(UsageObservation.id)
    )
    out: dict[tuple[date, date, str], list[_Obs]] = defaultdict(list)
    for values in session.exec(query):
        start, end = values[11], values[12]
        k = (start, end, values[4])
        if k in wanted:
            out[k].append(_Obs(*values[:11], row=values[13] if rows else None))
    return out


# --------------------------------------------------------------------------
# Grouping


def _group(o: _Obs, by: ShareGroup) -> tuple[str, str, bool, str | None]:
    """(key, label, unknown, country) of one observation's group."""
    if o.model_id is None:
        return f"unresolved:{o.subject_label}", f"Unresolved id {o.subject_label}", True, None
    if by is ShareGroup.MODEL:
        return o.model_slug, o.model_name, False, o.country
    if o.vendor_id is None:
        return f"unknown:model:{o.model_slug}", f"Unknown vendor ({o.model_name})", True, None
    if by is ShareGroup.VENDOR:
        return o.vendor_slug, o.vendor_name, False, o.country
    if o.country is None:
        return f"unknown:vendor:{o.vendor_slug}", f"Unknown country ({o.vendor_name})", True, None
    return o.country, o.country, False, o.country


def _country_of(o: _Obs) -> str:
    return o.country if o.country else "unknown"


def _normalise_countries(countries: Sequence[str] | None) -> set[str] | None:
    if countries is None:
        return None
    out = set()
    for c in countries:
        c = c.strip()
        if c.lower() == "unknown":
            out.add("unknown")
        elif len(c) == 2 and c.isalpha():
            out.add(c.upper())
        else:
            raise TokenAtlasError(
                f"'{c}' is not an ISO 3166-1 alpha-2 country code (or 'unknown')", country=c
            )
    if not out:
        raise TokenAtlasError("'countries' must name at least one country")
    return out


@dataclass
class _Grouped:
    rows: dict[str, ShareRow]
    tracked: int
    platform_total: _Obs | None
    unknown_observations: int


def _grouped(obs: list[_Obs], by: ShareGroup, countries: set[str] | None) -> _Grouped:
    rows: dict[str, ShareRow] = {}
    tracked = 0
    platform_total = None
    unknown = 0
    for o in obs:
        if o.subject_kind == "platform":
            platform_total = o
            continue
        if countries is not None and _country_of(o) not in countries:
            continue
        if o.tokens is None:
            unknown += 1
            continue
        key, label, is_unknown, country = _group(o, by)
        row = rows.get(key)
        if row is None:
            row = rows[key] = ShareRow(
                key, label, is_unknown, country, 0, None, 0, None, None, vendor_id=o.vendor_id
            )
        row.tokens += o.tokens
        tracked += o.tokens
        if o.row is not None:
            row.observations.append(o.row)
        if o.model_slug and o.model_slug not in row.model_slugs:
            row.model_slugs.append(o.model_slug)
            row.model_ids.append(o.model_id)
    return _Grouped(rows, tracked, platform_total, unknown)


def _ranked(rows: Iterable[ShareRow]) -> list[ShareRow]:
    """Most tokens first; equal tokens share a rank (1, 2, 2, 4), ordered by key."""
    ordered = sorted(rows, key=lambda r: (-r.tokens, r.key))
    for i, row in enumerate(ordered):
        tied = i > 0 and ordered[i - 1].tokens == row.tokens
        row.rank = ordered[i - 1].rank if tied else i + 1
    return ordered


def _fraction(part: int, whole: int | None) -> Decimal | None:
    if whole is None or whole == 0:
        return None
    return Decimal(part) / Decimal(whole)


def _change(now: int, before: int | None) -> Decimal | None:
    if before is None or before == 0:
        return None
    return Decimal(now) / Decimal(before) - 1


def _denominator(
    scope: ShareScope, g: _Grouped, period: Period, platform: str, countries: set[str] | None
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


def _matches(claim: Claim, row: ShareRow, by: ShareGroup) -> bool:
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
    wanted = _normalise_countries(countries)
    periods = _periods(session, platform)
    _check_platform(periods, platform)
    period, others = _pick_period(periods, day, platform, source)
    previous = _previous(_preferred(periods), period)
    obs = _observations(session, platform, [period, *([previous] if previous else [])], rows=True)
    now = _grouped(obs.get((period.start, period.end, period.source_id), []), group_by, wanted)
    before = (
        _grouped(obs.get((previous.start, previous.end, previous.source_id), []), group_by, wanted)
        if previous
        else None
    )
    total, words, denominator_source, reason = _denominator(scope, now, period, platform, wanted)
    rows = _ranked(now.rows.values())
    claims = _claims_for(session, platform, [(period.start, period.end)]).get(
        (period.start, period.end), []
    )
    for row in rows:
        row.group_by, row.source_id = group_by, period.source_id
        row.share = _fraction(row.tokens, total)
        if before is not None and row.key in before.rows:
            row.previous_tokens = before.rows[row.key].tokens
        row.change = _change(row.tokens, row.previous_tokens)
        row.claims = [c for c in claims if _matches(c, row, group_by)]
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
    wanted = _normalise_countries(countries)
    all_periods = _periods(session, platform)
    _check_platform(all_periods, platform)
    spans = _preferred(all_periods)
    chosen = [g[0] for (s, e), g in spans.items() if s <= end and e >= start]
    previous = {p: _previous(spans, p) for p in chosen}
    needed = set(chosen) | {p for p in previous.values() if p is not None}
    obs = _observations(session, platform, sorted(needed, key=lambda p: (p.start, p.end)))
    grouped = {
        p: _grouped(obs.get((p.start, p.end, p.source_id), []), group_by, wanted) for p in needed
    }
    periods: list[SeriesPeriod] = []
    lines: dict[str, SeriesLine] = {}
    for i, p in enumerate(chosen):
        g = grouped[p]
        total, _, _, reason = _denominator(scope, g, p, platform, wanted)
        periods.append(SeriesPeriod(p, total, g.tracked, reason))
        before = grouped.get(previous[p]) if previous[p] else None
        for row in _ranked(g.rows.values()):
            line = lines.get(row.key)
            if line is None:
                line = lines[row.key] = SeriesLine(
                    row.key, row.label, row.unknown, row.country, 0, [], [None] * len(chosen)
                )
            line.tokens += row.tokens
            line.model_slugs += [s for s in row.model_slugs if s not in line.model_slugs]
            prev = before.rows[row.key].tokens if before and row.key in before.rows else None
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
