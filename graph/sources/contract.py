"""The importer contract: what a public dataset's module provides, and what
the run gives it back.

A dataset importer is a module (or package) that satisfies `Importer`:

- `DATASET`, `FILE`, `SOURCE`, `TIER`, `AS_OF`: its name (the `kind` of
  `tokenatlas ingest`), where it lies under a data folder laid out like
  `../shared/data`, what its Source row says of it, its precedence tier and
  the dataset's own date (a result's `measured`, the source id's date).
- `read(path) -> parsed`: parse and check everything into typed rows that
  remember their file and line; raise `LoadError` (`row_error(path, line,
  reason)`) on the first problem. It touches no store, so a bad file stops
  the run before anything is written.
- `write(ctx, parsed, *, as_of)`: resolve every name through the shared
  `ImportContext` (`ctx.model`, `ctx.vendor`, `ctx.benchmark`,
  `ctx.license`, ...) and record what the dataset states with its locator
  (`ctx.fact`, `ctx.result`, `ctx.edge`, `ctx.price`); count rows in
  `ctx.report.rows` and call `ctx.progress(done, total)`.

`graph.sources.registry` lists the importers, runs `read` (`prepare`), opens
the source and runs `write` (`apply`) in the caller's transaction, and
returns the `SourceReport`: rows, models created and merged, vendors created,
names left unresolved or ambiguous. An unchanged dataset (same digest) is
skipped. A failure anywhere leaves the store as it was.

The smallest importer, `graph.sources.lmarena`, is the pattern:

    @dataclass(frozen=True)
    class ArenaRow:                 # one typed row, with its line
        line: int
        model: str
        ...

    def read(path: Path) -> list[ArenaRow]:
        ...                         # raise row_error(path, line, reason)

    def write(ctx: ImportContext, rows: list[ArenaRow], *, as_of: date) -> None:
        benchmark = ctx.benchmark("LMArena text", unit="elo")
        for i, r in enumerate(rows):
            model = ctx.model(r.base, names=[r.model], vendor_id=...)
            ctx.report.rows += 1
            ctx.progress(i + 1, len(rows))
            if model is None:       # ambiguous: reported, never guessed
                continue
            ctx.result(model, benchmark, r.score, measured=as_of, locator=f"line {r.line}")
        ctx.flush()

`graph/sources/README.md` walks through adding a dataset step by step, and
says how the seeds, the price list and the weekly usage ingest differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.provenance.precedence import Tier

if TYPE_CHECKING:
    from tokenatlas.graph.sources.context import ImportContext

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` while a source is written."""


@runtime_checkable
class Importer(Protocol):
    """A public dataset's importer module (see the module docstring)."""

    DATASET: str
    FILE: str
    SOURCE: Mapping[str, Any]
    TIER: Tier
    AS_OF: date

    def read(self, path: Path) -> Any: ...

    def write(self, ctx: ImportContext, parsed: Any, *, as_of: date) -> None: ...


def importer(module: Any) -> Importer:
    """`module` as an `Importer`; TypeError naming what it lacks."""
    missing = [
        name
        for name in ("DATASET", "FILE", "SOURCE", "TIER", "AS_OF", "read", "write")
        if not hasattr(module, name)
    ]
    if missing:
        raise TypeError(f"{module.__name__} is not an importer: no {', '.join(missing)}")
    return module


def row_error(path: Path, line: int | str, reason: str) -> LoadError:
    """The error `read` raises: `<path>:<line>` (or a key) and the reason."""
    return LoadError(f"{path}:{line}", reason)


def digest_files(paths: Iterable[Path]) -> str:
    """One hash of the files' names and contents: the source is unchanged
    while it is."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class SourceReport:
    """What one source's import did, as `tokenatlas seed` prints it."""

    dataset: str
    source_id: str
    unchanged: bool = False
    rows: int = 0
    created: set[int] = field(default_factory=set)
    merged: set[int] = field(default_factory=set)
    vendors_created: int = 0
    unresolved: list[str] = field(default_factory=list)  # kept as placeholder nodes
    ambiguous: list[str] = field(default_factory=list)  # not attached to a guess

    def lines(self, limit: int = 20) -> list[str]:
        if self.unchanged:
            return [f"{self.dataset}: unchanged since the last run ({self.source_id}), skipped"]
        out = [
            f"{self.dataset} ({self.source_id}): {self.rows} rows; "
            f"models created {len(self.created)}, merged into existing {len(self.merged)}, "
            f"vendors created {self.vendors_created}; "
            f"unresolved {len(self.unresolved)}, ambiguous {len(self.ambiguous)}"
        ]
        for label, names in (("unresolved", self.unresolved), ("ambiguous", self.ambiguous)):
            shown = names[:limit]
            out += [f"  {label}: {n}" for n in shown]
            if len(names) > limit:
                out.append(
                    f"  ... and {len(names) - limit} more {label} (all listed by unresolvedNames)"
                )
        return out
