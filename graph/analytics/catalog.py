"""Reading the catalog: filtered, paginated listings of models and vendors,
and the batch fetches (one `IN (...)` query each) the API's loaders use."""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel, col, select
from tokenatlas.graph.errors import ErrorCode, NotFoundError, TokenAtlasError
from tokenatlas.graph.resolve.lookup import find_vendor
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkAlias,
    BenchmarkResult,
    Claim,
    Endpoint,
    License,
    LineageEdge,
    Model,
    ModelAlias,
    Price,
    Provider,
    Source,
    UnresolvedName,
    UsageObservation,
    Vendor,
    VendorAlias,
)

MAX_PAGE = 100
T = TypeVar("T", bound=SQLModel)


@dataclass
class Page(Generic[T]):
    rows: list[T]
    has_next: bool
    has_previous: bool
    total: int | Callable[[], int]  # a count made only when asked for

    def count(self) -> int:
        return self.total() if callable(self.total) else self.total


@dataclass
class ModelFilter:
    vendor: str | None = None  # slug, name or alias
    country: str | None = None  # ISO alpha-2
    open_weights: bool | None = None
    license: str | None = None  # slug or SPDX id
    family: str | None = None
    search: str | None = None  # text in a name, slug or alias
    curated: bool | None = None


def encode_cursor(slug: str) -> str:
    return base64.urlsafe_b64encode(f"slug:{slug}".encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenAtlasError(f"'{cursor}' is not a cursor this API issued") from exc
    if not text.startswith("slug:"):
        raise TokenAtlasError(f"'{cursor}' is not a cursor this API issued")
    return text.removeprefix("slug:")


def check_first(first: int) -> None:
    if first < 1:
        raise TokenAtlasError(f"'first' is {first}; a page holds 1 to {MAX_PAGE} rows")
    if first > MAX_PAGE:
        raise TokenAtlasError(
            f"'first' is {first}; at most {MAX_PAGE} rows per page (follow pageInfo.endCursor)",
            code=ErrorCode.LIMIT_EXCEEDED,
        )


def page_of(
    rows: Sequence[T],
    position: Callable[[T], str],
    *,
    first: int,
    after: str | None,
    what: str,
    fields: int = 2,
) -> Page[T]:
    """A page of `rows` already in `position` order (a list computed in
    memory, not a query): those after the cursor, `first` of them. A cursor
    holds a position of `fields` tab-separated parts; any other is refused."""
    check_first(first)
    total = len(rows)
    if after is not None:
        start = decode_cursor(after)
        if start.count("\t") != fields - 1:
            raise TokenAtlasError(f"'{after}' is not a {what} cursor")
        rows = [r for r in rows if position(r) > start]
    return Page(list(rows[:first]), len(rows) > first, after is not None, total)


def _model_conditions(session: Session, f: ModelFilter) -> list:
    conds = []
    if f.vendor is not None:
        conds.append(Model.vendor_id == find_vendor(session, f.vendor).id)
    if f.country is not None:
        vendor_ids = select(Vendor.id).where(Vendor.country == f.country.upper())
        conds.append(col(Model.vendor_id).in_(vendor_ids))
    if f.open_weights is not None:
        conds.append(Model.open_weights == f.open_weights)
    if f.license is not None:
        lic = select(License.id).where(
            or_(License.slug == f.license.lower(), func.lower(License.spdx) == f.license.lower())
        )
        conds.append(col(Model.license_id).in_(lic))
    if f.family is not None:
        conds.append(func.lower(Model.family) == f.family.lower())
    if f.curated is not None:
        conds.append(Model.curated == f.curated)
    if f.search:
        text = f"%{f.search.lower()}%"
        alias_hits = select(ModelAlias.model_id).where(
            col(ModelAlias.key).like(f"%{key(f.search)}%")
        )
        conds.append(
            or_(
                func.lower(Model.name).like(text),
                func.lower(Model.slug).like(text),
                col(Model.id).in_(alias_hits),
            )
        )
    return conds


def list_models(session: Session, f: ModelFilter, *, first: int, after: str | None) -> Page[Model]:
    """Models ordered by slug, `first` of them after the cursor `after`."""
    check_first(first)
    conds = _model_conditions(session, f)

    def total() -> int:  # counts every matching row: only when asked for
        return session.exec(select(func.count()).select_from(Model).where(*conds)).one()

    query = select(Model).where(*conds)
    if after:
        query = query.where(Model.slug > decode_cursor(after))
    rows = list(session.exec(query.order_by(Model.slug).limit(first + 1)))
    return Page(rows[:first], len(rows) > first, after is not None, total)


def list_vendors(
    session: Session, *, country: str | None, search: str | None, first: int, after: str | None
) -> Page[Vendor]:
    check_first(first)
    conds = []
    if country:
        conds.append(Vendor.country == country.upper())
    if search:
        conds.append(func.lower(Vendor.name).like(f"%{search.lower()}%"))

    def total() -> int:
        return session.exec(select(func.count()).select_from(Vendor).where(*conds)).one()

    query = select(Vendor).where(*conds)
    if after:
        query = query.where(Vendor.slug > decode_cursor(after))
    rows = list(session.exec(query.order_by(Vendor.slug).limit(first + 1)))
    return Page(rows[:first], len(rows) > first, after is not None, total)


# --------------------------------------------------------------------------
# Batch fetches: each is one query for many keys; results come back in key order.


def by_ids(session: Session, table: type[T], ids: Sequence, key: str = "id") -> list[T | None]:
    """The row of each id (by the `key` column), None where there is none, in order."""
    column = getattr(table, key)
    rows = {
        getattr(r, key): r
        for r in session.exec(select(table).where(col(column).in_(list(set(ids)))))
    }
    return [rows.get(i) for i in ids]


def by_slugs(session: Session, table: type[T], slugs: Sequence[str]) -> list[T]:
    return list(session.exec(select(table).where(col(table.slug).in_(list(set(slugs))))))


def _grouped(rows, attr: str, keys: Sequence) -> list[list]:
    groups: dict = defaultdict(list)
    for r in rows:
        groups[getattr(r, attr)].append(r)
    return [groups.get(k, []) for k in keys]


def aliases_of(session: Session, model_ids: Sequence[int]) -> list[list[ModelAlias]]:
    rows = session.exec(
        select(ModelAlias)
        .where(col(ModelAlias.model_id).in_(list(set(model_ids))))
        .order_by(ModelAlias.id)
    )
    return _grouped(rows, "model_id", model_ids)


def vendor_aliases_of(session: Session, vendor_ids: Sequence[int]) -> list[list[VendorAlias]]:
    rows = session.exec(
        select(VendorAlias)
        .where(col(VendorAlias.vendor_id).in_(list(set(vendor_ids))))
        .order_by(VendorAlias.id)
    )
    return _grouped(rows, "vendor_id", vendor_ids)


def endpoints_of(session: Session, model_ids: Sequence[int]) -> list[list[Endpoint]]:
    rows = session.exec(
        select(Endpoint)
        .where(col(Endpoint.model_id).in_(list(set(model_ids))))
        .order_by(Endpoint.platform, Endpoint.external_id)
    )
    return _grouped(rows, "model_id", model_ids)


def prices_of(
    session: Session, model_ids: Sequence[int], *, at: date, provider: str | None
) -> list[list[Price]]:
    """Prices valid on `at` ([valid_from, valid_to)), every provider or one."""
    query = select(Price).where(
        col(Price.model_id).in_(list(set(model_ids))),
        or_(col(Price.valid_from).is_(None), Price.valid_from <= at),
        or_(col(Price.valid_to).is_(None), Price.valid_to > at),
    )
    if provider is not None:
        query = query.join(Provider, Provider.id == Price.provider_id).where(
            or_(Provider.slug == provider, func.lower(Provider.name) == provider.lower())
        )
    rows = session.exec(query.order_by(Price.provider_id, Price.token_kind, Price.tier_min_tokens))
    return _grouped(rows, "model_id", model_ids)


def usage_of(
    session: Session, model_ids: Sequence[int], *, start: date | None, end: date | None
) -> list[list[UsageObservation]]:
    """Observations whose period overlaps [start, end]."""
    query = select(UsageObservation).where(col(UsageObservation.model_id).in_(list(set(model_ids))))
    if start is not None:
        query = query.where(UsageObservation.period_end >= start)
    if end is not None:
        query = query.where(UsageObservation.period_start <= end)
    rows = session.exec(
        query.order_by(UsageObservation.period_start, UsageObservation.subject_label)
    )
    return _grouped(rows, "model_id", model_ids)


def find_benchmark(session: Session, name: str) -> Benchmark:
    row = session.exec(
        select(Benchmark)
        .join(BenchmarkAlias, BenchmarkAlias.benchmark_id == Benchmark.id)
        .where(BenchmarkAlias.key == key(name))
    ).first()
    if row is None:
        row = session.exec(select(Benchmark).where(Benchmark.slug == name)).first()
    if row is None:
        raise NotFoundError(f"no benchmark is known as '{name}'", name=name)
    return row


def results_of(
    session: Session, model_ids: Sequence[int], *, benchmark_id: int | None
) -> list[list[BenchmarkResult]]:
    query = select(BenchmarkResult).where(col(BenchmarkResult.model_id).in_(list(set(model_ids))))
    if benchmark_id is not None:
        query = query.where(BenchmarkResult.benchmark_id == benchmark_id)
    # by benchmark, then source: an order that survives a re-seed rewriting ids
    order = (BenchmarkResult.benchmark_id, BenchmarkResult.source_id, BenchmarkResult.id)
    rows = session.exec(query.order_by(*order))
    return _grouped(rows, "model_id", model_ids)


def lineage_of(
    session: Session, model_ids: Sequence[int], *, upward: bool
) -> list[list[LineageEdge]]:
    """Edges to each model's parents (`upward`) or children."""
    column = LineageEdge.child_id if upward else LineageEdge.parent_id
    rows = session.exec(
        select(LineageEdge).where(col(column).in_(list(set(model_ids)))).order_by(LineageEdge.id)
    )
    return _grouped(rows, "child_id" if upward else "parent_id", model_ids)


def claims_of(session: Session, model_ids: Sequence[int]) -> list[list[Claim]]:
    rows = session.exec(
        select(Claim)
        .where(col(Claim.model_id).in_(list(set(model_ids))))
        .order_by(Claim.source_id, Claim.id)
    )
    return _grouped(rows, "model_id", model_ids)


def sources(session: Session, *, kind: str | None) -> list[Source]:
    query = select(Source)
    if kind is not None:
        query = query.where(Source.kind == kind)
    return list(session.exec(query.order_by(Source.id)))


def models_of_vendors(session: Session, vendor_ids: Sequence[int]) -> list[list[Model]]:
    rows = session.exec(
        select(Model).where(col(Model.vendor_id).in_(list(set(vendor_ids)))).order_by(Model.slug)
    )
    return _grouped(rows, "vendor_id", vendor_ids)


def benchmarks(session: Session) -> list[Benchmark]:
    """Every benchmark, by slug."""
    return list(session.exec(select(Benchmark).order_by(Benchmark.slug)))


@dataclass
class UnresolvedEntry:
    """A name a source used that resolves to no model, or to several."""

    name: str
    source_id: str
    reason: str  # unknown or ambiguous
    candidates: list[str]  # slugs of the models the resolver considered


def _ids(candidates: str | None) -> list[int]:
    """Model ids stored as a comma-separated list."""
    return [int(i) for i in (candidates or "").split(",") if i]


def unresolved_names(session: Session, *, source: str | None) -> list[UnresolvedEntry]:
    """Unresolved names (optionally of one source), each with the slugs of
    the candidate models the resolver considered."""
    query = select(UnresolvedName)
    if source is not None:
        query = query.where(UnresolvedName.source_id == source)
    rows = list(session.exec(query.order_by(UnresolvedName.source_id, UnresolvedName.name)))
    ids = {i for r in rows for i in _ids(r.candidates)}
    slugs = (
        dict(session.exec(select(Model.id, Model.slug).where(col(Model.id).in_(ids))).all())
        if ids
        else {}
    )
    return [
        UnresolvedEntry(
            name=r.name,
            source_id=r.source_id,
            reason=r.reason,
            # Ids of models merged away since are no longer candidates.
            candidates=[slugs[i] for i in _ids(r.candidates) if i in slugs],
        )
        for r in rows
    ]
