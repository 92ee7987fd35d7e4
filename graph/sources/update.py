"""`tokenatlas update`: bring the store up to the newest public copy of each
dataset.

Each dataset is fetched (from its origin, `graph.sources.fetch.ORIGINS`, or
from a mirror) into a temporary data folder, read and checked whole, then
imported by `seed` in one transaction, with the copy dated by the day it was
taken. A failed download, a file that does not parse or a kill during the
import leaves the store as it was. The report says what changed
(`graph.sources.changes`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.sources import fetch
from tokenatlas.graph.sources.changes import Changes, Picture
from tokenatlas.graph.sources.load import SeedReport, seed
from tokenatlas.graph.sources.registry import ProgressFactory, importers
from tokenatlas.graph.sources.snapshots import CATALOGUE
from tokenatlas.graph.store.schema import upgrade

PRICE_LIST = "genai-prices"


def folders() -> dict[str, str]:
    """Each dataset's data folder by every name it answers to: the folder
    (`models.dev`) and the importer's name (`models-dev`)."""
    by_name = {s.folder: s.folder for s in CATALOGUE}
    for name, imp in importers().items():
        by_name[name] = imp.FILE.split("/", 1)[0]
    return by_name


def chosen(names: Sequence[str]) -> list[str]:
    """The data folders `names` mean, in import order (all when none)."""
    known = folders()
    if PRICE_LIST in names:
        raise LoadError(
            PRICE_LIST,
            "updates with its package: pip install -U genai-prices, then tokenatlas seed",
        )
    unknown = [n for n in names if n not in known]
    if unknown:
        raise LoadError(
            ", ".join(unknown), f"unknown dataset (known: {', '.join(sorted(set(known)))})"
        )
    wanted = {known[n] for n in names}
    return [s.folder for s in CATALOGUE if not names or s.folder in wanted]


@dataclass
class UpdateReport:
    fetched_from: str
    fetched: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # not in the mirror: left as they are
    seeded: SeedReport | None = None
    changes: Changes = field(default_factory=Changes)

    def lines(self) -> list[str]:
        out = [f"fetched from {self.fetched_from}: {', '.join(self.fetched) or 'nothing'}"]
        out += [f"not in the mirror, left as it is: {name}" for name in self.absent]
        if self.seeded is not None:
            out += [line for line in self.seeded.lines() if not line.startswith("seeds:")]
        return out + self.changes.lines()


def update(
    engine: Engine,
    names: Sequence[str] = (),
    *,
    mirror: str | None = None,
    say: Callable[[str], None] = lambda line: None,
    progress: ProgressFactory | None = None,
    today: date | None = None,
) -> UpdateReport:
    """Fetch the datasets `names` (all when none) from their origins, or from
    `mirror` (a data folder's path or URL), and import them."""
    wanted = chosen(names)
    report = UpdateReport(fetched_from=mirror or "the origins")
    with tempfile.TemporaryDirectory(prefix="tokenatlas-update-") as tmp:
        data_dir = Path(tmp)
        for folder in wanted:
            say(f"fetching {folder}")
            if mirror is None:
                fetch.from_origin(folder, data_dir)
            elif not fetch.from_mirror(folder, mirror, data_dir):
                if names:
                    raise LoadError(f"{mirror}", f"the mirror has no {folder}/ folder")
                report.absent.append(folder)
                continue
            report.fetched.append(folder)
        upgrade(engine)
        with Session(engine) as session:
            before = Picture.of(session)
        report.seeded = seed(
            engine,
            data_dir=data_dir,
            progress=progress,
            as_of=today or datetime.now(UTC).date(),
            importing=lambda: say("read and checked; importing in one transaction"),
        )
    with Session(engine) as session:
        report.changes = Changes.between(before, Picture.of(session))
    return report
