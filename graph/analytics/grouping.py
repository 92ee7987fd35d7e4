"""A period's usage observations grouped by model, vendor or country and
ranked by tokens.

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
from enum import StrEnum

from sqlmodel import Session, col, select
from tokenatlas.graph.analytics.periods import Period
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.store.tables import Model, UsageObservation, Vendor


class ShareGroup(StrEnum):
    MODEL = "model"
    VENDOR = "vendor"
    COUNTRY = "country"


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
    UsageObservation.id,
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
            # Only the periods asked for, probed in the (platform, period)
            # index, however long a history the store or a source holds.
            col(UsageObservation.period_start).in_(sorted({p.start for p in periods})),
            col(UsageObservation.period_end).in_(sorted({p.end for p in periods})),
        )
    )
    out: dict[tuple[date, date, str], list[_Obs]] = defaultdict(list)
    # In id order, sorted here: an ORDER BY id would walk the whole table.
    for values in sorted(session.exec(query), key=lambda v: v[13]):
        start, end = values[11], values[12]
        k = (start, end, values[4])
        if k in wanted:
            out[k].append(_Obs(*values[:11], row=values[14] if rows else None))
    return out


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


def normalise_countries(countries: Sequence[str] | None) -> set[str] | None:
    """ISO 3166-1 alpha-2 codes (upper case) and 'unknown'; None keeps every country."""
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
class Group:
    """The known tokens of one group in one period."""

    key: str
    label: str
    unknown: bool  # the group's vendor or country (or model) is unknown
    country: str | None  # ISO code of the vendor, for model and vendor groups
    vendor_id: int | None
    tokens: int = 0
    rank: int = 0  # set by `ranked`
    model_slugs: list[str] = field(default_factory=list)
    model_ids: list[int] = field(default_factory=list)
    observations: list[UsageObservation] = field(default_factory=list)  # when rows were loaded


@dataclass
class Grouped:
    """One period's observations, grouped."""

    groups: dict[str, Group]
    tracked: int  # the tokens of every group
    platform_total: _Obs | None  # the platform-level observation, if the source has one
    unknown_observations: int  # observations whose token count is unknown (left out)

    def tokens_of(self, key: str) -> int | None:
        """The group's tokens; None when the key was not observed."""
        group = self.groups.get(key)
        return group.tokens if group is not None else None


def _grouped(obs: list[_Obs], by: ShareGroup, countries: set[str] | None) -> Grouped:
    groups: dict[str, Group] = {}
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
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key, label, is_unknown, country, o.vendor_id)
        group.tokens += o.tokens
        tracked += o.tokens
        if o.row is not None:
            group.observations.append(o.row)
        if o.model_slug and o.model_slug not in group.model_slugs:
            group.model_slugs.append(o.model_slug)
            group.model_ids.append(o.model_id)
    return Grouped(groups, tracked, platform_total, unknown)


def group_periods(
    session: Session,
    platform: str,
    periods: Iterable[Period],
    by: ShareGroup,
    countries: set[str] | None,
    *,
    rows: bool = False,
) -> dict[Period, Grouped]:
    """Each period's observations grouped by `by` (only `countries`, when
    given): one statement for all. `rows` keeps the stored rows on each group."""
    wanted = sorted(set(periods), key=lambda p: (p.start, p.end))
    obs = _observations(session, platform, wanted, rows=rows)
    return {p: _grouped(obs.get((p.start, p.end, p.source_id), []), by, countries) for p in wanted}


def ranked(groups: Iterable[Group]) -> list[Group]:
    """Most tokens first; equal tokens share a rank (1, 2, 2, 4), ordered by key."""
    ordered = sorted(groups, key=lambda g: (-g.tokens, g.key))
    for i, group in enumerate(ordered):
        tied = i > 0 and ordered[i - 1].tokens == group.tokens
        group.rank = ordered[i - 1].rank if tied else i + 1
    return ordered
