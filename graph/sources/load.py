"""Bringing a store up: create the tables, load the seeds and the price list,
and say what was loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tokenatlas.graph.lineage.derive import LineageReport, derive
from tokenatlas.graph.provenance.facts import apply_preferred
from tokenatlas.graph.resolve.merge import StageReport, consolidate
from tokenatlas.graph.resolve.stage import Overrides
from tokenatlas.graph.sources.contract import SourceReport
from tokenatlas.graph.sources.openrouter import IngestReport, read_weekly_file, write_weekly
from tokenatlas.graph.sources.price_list import PACKAGE, PriceReport, import_price_list
from tokenatlas.graph.sources.registry import (
    PRECEDENCE,
    Prepared,
    ProgressFactory,
    apply,
    prepare,
    present,
)
from tokenatlas.graph.sources.seeds import (
    CATALOG_SOURCE_ID,
    SeedCounts,
    read_seeds,
    seeds_digest,
    seeds_dir,
    write_seeds,
)
from tokenatlas.graph.sources.seeds.resolution import read_resolution
from tokenatlas.graph.sources.snapshots import unpacked
from tokenatlas.graph.store import tables
from tokenatlas.graph.store.db import session_scope
from tokenatlas.graph.store.schema import upgrade


@dataclass
class SeedReport:
    seeds: SeedCounts
    prices: PriceReport
    datasets: list[SourceReport] = field(default_factory=list)
    weekly: IngestReport | None = None
    resolution: StageReport | None = None
    lineage: LineageReport | None = None

    def lines(self) -> list[str]:
        s = self.seeds
        seed_line = ", ".join(f"{f.name.replace('_', ' ')} {getattr(s, f.name)}" for f in fields(s))
        out = [f"seeds: {seed_line}", *self.prices.lines()]
        for report in self.datasets:
            out += report.lines()
        for derived in (self.resolution, self.lineage):
            out += derived.lines() if derived is not None else []
        if self.weekly is not None:
            out += ["openrouter-weekly: " + self.weekly.lines()[0], *self.weekly.lines()[1:]]
        return out


def seed(
    engine: Engine,
    *,
    data_dir: Path | None = None,
    progress: ProgressFactory | None = None,
    as_of: date | None = None,
    importing: Callable[[], None] | None = None,
) -> SeedReport:
    """(Re)load `seeds/`, the price list and, with `data_dir`, every dataset
    found there, in one transaction. Everything is read and checked before
    anything is written; safe to run again: nothing is duplicated.

    `as_of` dates the datasets' copies (default: each importer's own date);
    `importing` is called once everything has been read, as the transaction
    begins."""
    data = read_seeds()
    overrides = read_resolution(seeds_dir())
    found = present(data_dir) if data_dir else []
    prepared = [prepare(kind, path, as_of=as_of) for kind, path in found]
    weekly = sorted((data_dir / "openrouter-weekly").glob("*.json")) if data_dir else []
    weekly_files = [read_weekly_file(p) for p in weekly]
    upgrade(engine)
    if importing is not None:
        importing()
    with session_scope(engine) as session:
        counts = write_seeds(session, data)
        prices = import_price_list(session)
        report = SeedReport(counts, prices)
        if prepared:  # the base every dataset sees, settled as a store without data is
            _resolve(session, [], overrides)
        report.datasets, report.resolution, report.lineage = import_datasets(
            session, prepared, progress=progress, overrides=overrides
        )
        if weekly_files:
            report.weekly = write_weekly(session, weekly_files)
        apply_preferred(session)
    return report


def import_datasets(
    session: Session,
    prepared: list[Prepared],
    *,
    progress: ProgressFactory | None = None,
    overrides: Overrides | None = None,
) -> tuple[list[SourceReport], StageReport, LineageReport]:
    """Write prepared datasets, then run the resolution stage over the whole
    store and derive the lineage index. The caller owns the transaction."""
    # Each dataset resolves against the catalogue, the price list and its own
    # names only (graph.sources.nodes): the stage joins them, in any order.
    reports = []
    for item in prepared:
        tick = progress(item.importer.DATASET) if progress else None
        reports.append(apply(session, item, progress=tick))
    stage = _resolve(session, prepared, overrides or read_resolution(seeds_dir()))
    apply_preferred(session)
    _after_stage(session, reports)
    return reports, stage, derive(session)


def _after_stage(session: Session, reports: list[SourceReport]) -> None:
    """Each report as the store stands once the stage has run: a node it
    merged away was not created, a name it resolved is not unresolved."""
    alive = set(session.exec(select(tables.Model.id)).all())
    for report in reports:
        if report.unchanged:
            continue
        listed = set(
            session.exec(
                select(tables.UnresolvedName.name, tables.UnresolvedName.reason).where(
                    tables.UnresolvedName.source_id == report.source_id
                )
            ).all()
        )
        report.created &= alive
        report.merged &= alive
        report.unresolved = [n for n in report.unresolved if (n, "unknown") in listed]
        report.ambiguous = [n for n in report.ambiguous if (n, "ambiguous") in listed]


def _resolve(session: Session, prepared: list[Prepared], overrides: Overrides) -> StageReport:
    """The resolution stage over everything imported. A source whose names
    were ambiguous until the stage merged their candidates left those rows
    out: it is imported again, now that the names resolve, and the stage
    runs once more, so a fresh store is what a later re-import would make."""
    apply_preferred(session)  # the stage reads families and vendors
    report = consolidate(session, overrides, PRECEDENCE, apply_preferred)
    redo = report.resolved_sources
    again = [item for item in prepared if item.source_id in redo]
    price_list = next((sid for sid in redo if sid.startswith(f"{PACKAGE}@")), None)
    if not again and price_list is None:
        return report
    for sid in redo:
        source = session.get(tables.Source, sid)
        if source is not None:
            source.content_hash = None  # imported again, whatever it held
    session.flush()
    if price_list is not None:
        import_price_list(session)
    for item in again:
        apply(session, item)
    apply_preferred(session)
    second = consolidate(session, overrides, PRECEDENCE, apply_preferred)
    second.follows(report)
    return second


def is_seeded(session: Session) -> bool:
    return session.get(tables.Source, CATALOG_SOURCE_ID) is not None


SEEDS_CHANGED = (
    "note: the seeds in this package differ from the ones this store was seeded with "
    "(licence terms, curated models, articles' claims): run `tokenatlas seed` to load them"
)


def seeds_changed(session: Session) -> bool:
    """Whether the store was seeded from other seeds than these (an upgraded
    package, an edited seeds/): `serve` keeps serving, and says so."""
    catalog = session.get(tables.Source, CATALOG_SOURCE_ID)
    return catalog is not None and catalog.content_hash != seeds_digest()


def seeds_note(engine: Engine) -> str | None:
    """SEEDS_CHANGED when the store's seeds are not these, else None."""
    with Session(engine) as session:
        return SEEDS_CHANGED if seeds_changed(session) else None


def seed_bundled(engine: Engine, *, progress: ProgressFactory | None = None) -> SeedReport:
    """`seed` with every bundled snapshot (graph.sources.snapshots) as the
    data folder: the curated seeds, the price list and every dataset, offline.
    Without a bundle, the seeds and the price list alone."""
    with unpacked() as data_dir:
        return seed(engine, data_dir=data_dir, progress=progress)


def ensure_seeded(engine: Engine, *, progress: ProgressFactory | None = None) -> SeedReport | None:
    """Create the store and, if it is empty, seed it from the seeds and the
    bundled snapshots; return the report if it seeded."""
    upgrade(engine)
    with Session(engine) as session:
        if is_seeded(session):
            return None
    return seed_bundled(engine, progress=progress)
