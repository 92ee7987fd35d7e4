"""Measuring resolution against a labelled set of name pairs.

Each pair names two spellings, the dataset each comes from, and whether
they are one model. The store's decision is read back: a pair is predicted
the same when both names lead to one node. A name that leads to no node or
to several is reported: a labelled set that no longer matches the data says
so instead of scoring quietly.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session
from tokenatlas.graph.resolve.lookup import model_index


@dataclass(frozen=True)
class Pair:
    source_a: str
    name_a: str
    source_b: str
    name_b: str
    same: bool
    reason: str


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0
    missing: list[str] = field(default_factory=list)  # names no node answers to
    ambiguous: list[str] = field(default_factory=list)  # names several nodes answer to
    wrong: list[Pair] = field(default_factory=list)

    @property
    def precision(self) -> float:
        said = self.true_pos + self.false_pos
        return self.true_pos / said if said else 1.0

    @property
    def recall(self) -> float:
        real = self.true_pos + self.false_neg
        return self.true_pos / real if real else 1.0

    def lines(self) -> list[str]:
        merged, same = self.true_pos + self.false_pos, self.true_pos + self.false_neg
        n = merged + self.false_neg + self.true_neg
        out = [
            f"pairs {n}: same {same}, different {n - same}",
            f"precision {self.precision:.3f} ({self.true_pos} of {merged} merges right)",
            f"recall    {self.recall:.3f} ({self.true_pos} of {same} same pairs merged)",
        ]
        out += [f"  names no node answers to: {m}" for m in self.missing]
        out += [f"  names several nodes answer to: {m}" for m in self.ambiguous]
        for p in self.wrong:
            verdict = "kept apart" if p.same else "merged"
            out.append(
                f"  {verdict}: {p.name_a} ({p.source_a}) / {p.name_b} ({p.source_b}): {p.reason}"
            )
        return out


def read_pairs(path: Path) -> list[Pair]:
    with path.open(newline="", encoding="utf-8") as f:
        return [
            Pair(
                r["source_a"],
                r["name_a"],
                r["source_b"],
                r["name_b"],
                r["same"] == "yes",
                r["reason"],
            )
            for r in csv.DictReader(f)
        ]


def score(session: Session, pairs: list[Pair]) -> Score:
    index, _ = model_index(session)
    result = Score()

    def node(source: str, name: str) -> int | None:
        if source == "openrouter":
            hit = index.resolve(name, platform="openrouter")
            if hit.endpoint is not None:
                return hit.model
        owners = index.owners(name)
        if len(owners) > 1:
            result.ambiguous.append(f"{name} ({source})")
        elif not owners:
            result.missing.append(f"{name} ({source})")
        return next(iter(owners)) if len(owners) == 1 else None

    for p in pairs:
        a, b = node(p.source_a, p.name_a), node(p.source_b, p.name_b)
        merged = a is not None and a == b
        if merged and p.same:
            result.true_pos += 1
        elif merged:
            result.false_pos += 1
            result.wrong.append(p)
        elif p.same:
            result.false_neg += 1
            result.wrong.append(p)
        else:
            result.true_neg += 1
    return result
