"""The public datasets tokenatlas imports, and running their importers.

Each importer module (graph/models_dev.py, graph/epoch.py,
graph/open_llm_leaderboard.py, graph/lmarena.py) exposes `DATASET` (its
name), `FILE` (where it lies under a data folder laid out like
`../shared/data`), `SOURCE` (what the Source row says of it), `TIER`,
`AS_OF` (the dataset's date, from its README), `read(path)` and
`write(ctx, parsed, as_of=...)`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlmodel import Session

from graph.errors import LoadError
from graph.resolve.index import ModelIndex, VendorIndex
from graph.sources.contract import ImportContext, Progress, SourceReport, digest_files

# In the order they run: catalogues with the richest aliases first.
IMPORTERS = ("models_dev", "epoch", "lmarena", "open_llm_leaderboard")


def modules() -> dict[str, ModuleType]:
    """Importer modules by dataset name, in run order."""
    found = (importlib.import_module(f"graph.sources.{name}") for name in IMPORTERS)
    return {module.DATASET: module for module in found}


@dataclass
class Prepared:
    """A dataset read and checked, ready to write."""

    module: ModuleType
    path: Path
    parsed: Any
    digest: str
    as_of: date

    @property
    def source_id(self) -> str:
        return f"{self.module.DATASET}@{self.as_of.isoformat()}"


def prepare(kind: str, path: Path, *, as_of: date | None = None) -> Prepared:
    """Read and check one dataset; raise `LoadError` before any write."""
    found = modules()
    if kind not in found:
        raise LoadError(
            str(path), f"unknown dataset kind '{kind}' (known: {', '.join(sorted(found))})"
        )
    module = found[kind]
    if not path.exists():
        raise LoadError(str(path), "not found")
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    parsed = module.read(path)
    return Prepared(module, path, parsed, digest_files(files), as_of or module.AS_OF)


def apply(
    session: Session,
    prepared: Prepared,
    *,
    models: ModelIndex | None = None,
    vendors: VendorIndex | None = None,
    progress: Progress | None = None,
) -> SourceReport:
    m = prepared.module
    ctx = ImportContext(
        session,
        dataset=m.DATASET,
        source_id=prepared.source_id,
        tier=m.TIER,
        models=models,
        vendors=vendors,
        progress=progress,
    )
    if ctx.open(prepared.digest, collected=prepared.as_of, **m.SOURCE):
        m.write(ctx, prepared.parsed, as_of=prepared.as_of)
        ctx.flush()
    return ctx.report


def present(data_dir: Path) -> list[tuple[str, Path]]:
    """The datasets found under a data folder, in run order."""
    return [
        (kind, data_dir / m.FILE) for kind, m in modules().items() if (data_dir / m.FILE).exists()
    ]


ProgressFactory = Callable[[str], Progress]
