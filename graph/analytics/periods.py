"""Which observations stand for a period: the (period, source) sets a
platform's usage observations form, the source preferred for each period, the
period a day asks for, and the period just before one.

Measured data (a snapshot or dataset) comes before figures a document
restates, then graph.provenance.precedence (the lowest tier, then the most
recent date), then the source id. Other sources of the same period are named,
never added.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select
from tokenatlas.graph.errors import NotFoundError
from tokenatlas.graph.provenance.precedence import preference_key
from tokenatlas.graph.store.cache import cached_per_store
from tokenatlas.graph.store.tables import Source, UsageObservation

# Source kinds that record measurements (preferred over documents restating them).
MEASURED_KINDS = ("snapshot", "dataset")


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


Spans = dict[tuple[date, date], list[Period]]  # (start, end) -> its sources, preferred first


@dataclass(frozen=True)
class Timeline:
    """A platform's observed periods: every (period, source), and each
    distinct (start, end) with its sources, preferred first, in date order."""

    periods: list[Period]
    spans: Spans
    by_end: list[tuple[date, date]]  # every (end, start), in order

    @classmethod
    def of(cls, periods: list[Period]) -> Timeline:
        spans = by_span(periods)
        return cls(periods, spans, sorted((end, start) for start, end in spans))

    def previous(self, period: Period) -> Period | None:
        """The observed period just before `period`: the latest one ending
        before it starts, with a gap shorter than one period; None when
        there is none. A search in the periods by end, not a walk."""
        i = bisect_left(self.by_end, (period.start, date.min)) - 1
        if i < 0:
            return None
        end, start = self.by_end[i]
        if (period.start - end).days > period.days:
            return None
        return self.spans[(start, end)][0]


def observed_timeline(session: Session, platform: str) -> Timeline:
    """The platform's observed periods, read once per state of the store;
    NotFoundError when there is none."""
    found = cached_per_store(session, "observed-periods", _timelines).get(platform)
    if found is None:
        raise NotFoundError(
            f"no usage observations are stored for platform '{platform}'", platform=platform
        )
    return found


def observed_periods(session: Session, platform: str) -> list[Period]:
    """Every (period, source) with model-level observations on the platform."""
    return observed_timeline(session, platform).periods


def _timelines(session: Session) -> dict[str, Timeline]:
    return {platform: Timeline.of(found) for platform, found in _read_periods(session).items()}


def _read_periods(session: Session) -> dict[str, list[Period]]:
    """Every platform's (period, source) sets, in one statement."""
    rows = session.exec(
        select(
            UsageObservation.platform,
            UsageObservation.period_start,
            UsageObservation.period_end,
            UsageObservation.source_id,
            Source.kind,
            Source.tier,
            Source.collected,
            Source.published,
        )
        .join(Source, Source.id == UsageObservation.source_id)
        .where(UsageObservation.subject_kind == "model")
        .distinct()
    ).all()
    found: dict[str, list[Period]] = defaultdict(list)
    for platform, s, e, sid, kind, tier, collected, published in rows:
        found[platform].append(Period(s, e, sid, kind, tier, collected or published))
    return dict(found)


def by_span(periods: Iterable[Period]) -> Spans:
    """Each distinct (start, end), its sources preferred first, in date order."""
    spans: Spans = defaultdict(list)
    for p in periods:
        spans[(p.start, p.end)].append(p)
    for group in spans.values():
        group.sort(key=Period.preference)
    return dict(sorted(spans.items()))


def pick_period(
    periods: list[Period], day: date, platform: str, source: str | None
) -> tuple[Period, list[str]]:
    """The period that contains `day` (the shortest such period, then the
    preferred source; `source` picks one), and the other sources observing it."""
    covering = [p for p in periods if p.start <= day <= p.end]
    candidates = covering
    if source is not None:
        candidates = [p for p in covering if p.source_id == source]
        if not candidates:
            offered = sorted({p.source_id for p in covering})
            hint = f"; sources covering it: {', '.join(offered)}" if offered else ""
            raise NotFoundError(
                f"source '{source}' has no {platform} usage observations covering {day}{hint}",
                source=source,
            )
    if not candidates:
        before = max((p.end for p in periods if p.end < day), default=None)
        after = min((p.start for p in periods if p.start > day), default=None)
        near = [f"one ends {before}" if before else "", f"one starts {after}" if after else ""]
        hint = "; ".join(x for x in near if x)
        raise NotFoundError(
            f"no {platform} usage observations cover {day}" + (f" ({hint})" if hint else ""),
            day=day.isoformat(),
        )
    chosen = min(candidates, key=lambda p: (p.days, p.preference()))
    others = sorted(
        {p.source_id for p in covering if (p.start, p.end) == (chosen.start, chosen.end)}
        - {chosen.source_id}
    )
    return chosen, others
