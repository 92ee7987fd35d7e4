"""The bundled snapshots: a compressed copy of every public dataset the graph
is built from, shipped in `seeds/snapshots/` with its origin, as-of date and
licence, so a fresh install answers offline.

Each dataset folder (laid out as under `../shared/data`) is one `.tar.xz`;
`snapshots.yaml` lists them with where each comes from and its SHA-256.
`unpacked()` lays them out in a temporary data folder that `seed --data-dir`
reads the usual way; the files are byte-identical to the origin's, so a
store seeded from the bundle sees the same copy under `../shared/data` as
unchanged. `pack()` makes the bundle from a data folder.
"""

from __future__ import annotations

import hashlib
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.sources.seeds import seeds_dir

MANIFEST = "snapshots.yaml"


@dataclass(frozen=True)
class Snapshot:
    folder: str  # the dataset's folder under a data folder, e.g. "models.dev"
    title: str
    origin: str  # where the newest public copy lives
    as_of: str  # the date the copy was taken, as its origin states it
    licence: str
    credit: str | None = None  # what the licence asks to be credited
    archive: str = ""  # file name in seeds/snapshots/
    sha256: str = ""  # of the archive


# What the bundle holds, in the order datasets are imported.
CATALOGUE = (
    Snapshot(
        "models.dev",
        "models.dev catalogue: lab models, benchmarks, provider listings and prices",
        "https://github.com/anomalyco/models.dev",
        "2026-07-02",
        "MIT (models.dev/LICENSE)",
    ),
    Snapshot(
        "epoch",
        'Epoch AI, "Notable AI models"',
        "https://epoch.ai/data/notable-ai-models "
        "(copy via github.com/mxschons/sobe-2025-data-repository)",
        "2026-01-26",
        "CC BY 4.0",
        credit="Epoch AI",
    ),
    Snapshot(
        "lmarena",
        "LMArena text leaderboard",
        "https://github.com/fboulnois/llm-leaderboard-csv (lmarena_text.csv)",
        "2025-08-04",
        "MPL-2.0 (the repository's exports)",
    ),
    Snapshot(
        "open-llm-leaderboard",
        "Hugging Face Open LLM Leaderboard v2",
        "https://github.com/fboulnois/llm-leaderboard-csv (huggingface_v2.csv)",
        "2025-03-21",
        "MPL-2.0 (the repository's exports)",
    ),
    Snapshot(
        "openrouter-weekly",
        "OpenRouter weekly usage rankings (top models by tokens)",
        "https://github.com/johnbean393/openrouter-inference-stats (data/*.json), "
        "figures from https://openrouter.ai/rankings",
        "2026-04-20",
        "not stated; the figures are facts from OpenRouter's public rankings",
    ),
)


def snapshots_dir() -> Path:
    return seeds_dir() / "snapshots"


def bundled(directory: Path | None = None) -> list[Snapshot]:
    """The snapshots the bundle lists; none when there is no bundle."""
    path = (directory or snapshots_dir()) / MANIFEST
    if not path.exists():
        return []
    return [Snapshot(**entry) for entry in yaml.safe_load(path.read_text()) or []]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pack(data_dir: Path, directory: Path | None = None) -> list[Snapshot]:
    """Write one archive per dataset found under `data_dir`, and the manifest."""
    out = directory or snapshots_dir()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in CATALOGUE:
        source = data_dir / entry.folder
        if not source.exists():
            continue
        archive = out / f"{entry.folder}.tar.xz"
        with tarfile.open(archive, "w:xz", preset=9) as tar:
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                info = tar.gettarinfo(path, arcname=path.relative_to(data_dir).as_posix())
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mtime = 0  # the same files make the same archive
                with path.open("rb") as f:
                    tar.addfile(info, f)
        written.append(
            Snapshot(**{**asdict(entry), "archive": archive.name, "sha256": _sha256(archive)})
        )
    (out / MANIFEST).write_text(
        "# Bundled snapshots of the public datasets (written by `tokenatlas snapshots pack`).\n"
        + yaml.safe_dump([asdict(s) for s in written], sort_keys=False, allow_unicode=True)
    )
    return written


@contextmanager
def unpacked(directory: Path | None = None) -> Iterator[Path | None]:
    """A temporary data folder holding every bundled snapshot, checked against
    its SHA-256; None when there is no bundle. Removed when the block ends."""
    source = directory or snapshots_dir()
    entries = bundled(source)
    if not entries:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="tokenatlas-snapshots-") as tmp:
        for entry in entries:
            archive = source / entry.archive
            if not archive.exists() or _sha256(archive) != entry.sha256:
                raise LoadError(
                    str(archive),
                    "missing or damaged: its SHA-256 differs from "
                    f"{MANIFEST}; reinstall, or seed with --data-dir",
                )
            with tarfile.open(archive, "r:xz") as tar:
                tar.extractall(tmp, filter="data")
        yield Path(tmp)
