"""The public datasets tokenatlas imports, and running their importers.

Each module listed in `IMPORTERS` satisfies `graph.sources.contract.Importer`:
`prepare` runs its `read` (everything checked, nothing written), `apply` opens
its source on an `ImportContext` and runs its `write`, `present` says which
datasets a data folder holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, delete, select
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.resolve.index import PRICE_LIST
from tokenatlas.graph.sources import epoch, lmarena, models_dev, open_llm_leaderboard
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.contract import (
    Importer,
    Progress,
    SourceReport,
    digest_files,
    importer,
)
from tokenatlas.graph.sources.rows import OWNED
from tokenatlas.graph.store.tables import Source

# In the order they run (the graph does not depend on it: graph.sources.nodes).
IMPORTERS: tuple[Importer, ...] = tuple(
    importer(m) for m in (models_dev, epoch, lmarena, open_llm_leaderboard)
)

# Which dataset's name a node or vendor takes when several could name it
# (graph.resolve.settle): the price list, then the importers in run order.
PRECEDENCE: tuple[str, ...] = (PRICE_LIST, *(i.DATASET for i in IMPORTERS))


def importers() -> dict[str, Importer]:
    """Importers by dataset name, in run order."""
    return {i.DATASET: i for i in IMPORTERS}


@dataclass
class Prepared:
    """A dataset read and checked, ready to write."""

    importer: Importer
    path: Path
    parsed: Any
    digest: str
    as_of: date

    @property
    def source_id(self) -> str:
        return f"{self.importer.DATASET}@{self.as_of.isoformat()}"


def prepare(kind: str, path: Path, *, as_of: date | None = None) -> Prepared:
    """Read and check one dataset; raise `LoadError` before any write."""
    found = importers()
    if kind not in found:
        raise LoadError(
            str(path), f"unknown dataset kind '{kind}' (known: {', '.join(sorted(found))})"
        )
    chosen = found[kind]
    if not path.exists():
        raise LoadError(str(path), "not found")
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    parsed = chosen.read(path)
    return Prepared(chosen, path, parsed, digest_files(files), as_of or chosen.AS_OF)


def apply(
    session: Session,
    prepared: Prepared,
    *,
    progress: Progress | None = None,
) -> SourceReport:
    """Write a prepared dataset; the caller commits. It resolves names
    against what the dataset may see (graph.sources.nodes), never an index
    another import filled: that would make the graph depend on their order.

    A copy identical to one already stored (under any date) is skipped. A
    newer copy replaces what the dataset's earlier copies stated: their
    Source rows stay, marked superseded, and lose their rows (facts, results,
    prices, edges, aliases), so one dataset never contradicts itself."""
    imp = prepared.importer
    earlier = session.exec(select(Source).where(col(Source.id).startswith(f"{imp.DATASET}@"))).all()
    same = next((s for s in earlier if s.content_hash == prepared.digest), None)
    if same is not None:
        return SourceReport(imp.DATASET, same.id, unchanged=True)
    ctx = ImportContext(
        session,
        dataset=imp.DATASET,
        source_id=prepared.source_id,
        tier=imp.TIER,
        progress=progress,
    )
    if ctx.open(prepared.digest, collected=prepared.as_of, **imp.SOURCE):
        for old in earlier:
            if old.id != prepared.source_id:
                supersede(session, old, by=prepared.source_id)
        imp.write(ctx, prepared.parsed, as_of=prepared.as_of)
        ctx.flush()
    return ctx.report


def supersede(session: Session, old: Source, *, by: str) -> None:
    """`old` no longer states anything: its rows go, its Source row says why."""
    for table in OWNED:
        session.exec(delete(table).where(table.source_id == old.id))
    note = f"superseded by {by}"
    if note not in (old.notes or ""):
        old.notes = f"{old.notes}; {note}" if old.notes else note
    old.content_hash = None  # a later copy identical to it is imported again
    session.add(old)


def present(data_dir: Path) -> list[tuple[str, Path]]:
    """The datasets found under a data folder, in run order."""
    return [(i.DATASET, data_dir / i.FILE) for i in IMPORTERS if (data_dir / i.FILE).exists()]


ProgressFactory = Callable[[str], Progress]
