"""The rows a source owns, buffered while it is written and inserted in bulk.

Facts, benchmark results, lineage edges, prices, aliases and unresolved names
all belong to one source: a changed source loses them and states them again
(`ImportContext.open`). `BufferedRows` collects them, each with the source's
id and tier, and `flush` writes one bulk statement per table.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session
from tokenatlas.graph.provenance.facts import encode
from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.sources.contract import Progress, SourceReport
from tokenatlas.graph.store.tables import (
    BenchmarkResult,
    Fact,
    LineageEdge,
    ModelAlias,
    Price,
    UnresolvedName,
    VendorAlias,
)

# Rows a source owns: replaced whole when the source changes.
OWNED = (Fact, ModelAlias, VendorAlias, BenchmarkResult, LineageEdge, Price, UnresolvedName)


class BufferedRows:
    """One source's rows, written by `flush`, and the report and progress of them."""

    def __init__(
        self,
        session: Session,
        *,
        dataset: str,
        source_id: str,
        tier: Tier,
        progress: Progress | None = None,
    ):
        self.session = session
        self.source_id = source_id
        self.tier = int(tier)
        self.report = SourceReport(dataset, source_id)
        self.progress = progress or (lambda done, total: None)
        self._rows: dict[type, list[dict[str, Any]]] = {t: [] for t in OWNED}
        self._facts: set[tuple] = set()

    def _buffer(self, table: type, **row: Any) -> None:
        self._rows[table].append(dict(source_id=self.source_id, **row))

    # -- names the source could not place ----------------------------------------

    def ambiguous(self, name: str, candidates: Iterable[Hashable]) -> None:
        """Report a name that could mean several models (once); nothing is attached."""
        if name in self.report.ambiguous:
            return
        self.report.ambiguous.append(name)
        self._buffer(
            UnresolvedName,
            name=name,
            reason="ambiguous",
            candidates=",".join(map(str, candidates)),
        )

    def _unresolved(self, name: str) -> None:
        if name not in self.report.unresolved:
            self.report.unresolved.append(name)
            self._buffer(UnresolvedName, name=name, reason="unknown", candidates=None)

    # -- figures ---------------------------------------------------------------

    def fact(
        self,
        entity_id: int,
        field_name: str,
        value: Any,
        *,
        locator: str | None = None,
        tier: int | None = None,
        kind: str = "model",
    ) -> None:
        """Record a value this source states (once per entity, field and value)."""
        if value is None:
            return
        seen = (kind, entity_id, field_name, encode(value))
        if seen in self._facts:
            return
        self._facts.add(seen)
        self._buffer(
            Fact,
            entity_kind=kind,
            entity_id=entity_id,
            field=field_name,
            value=encode(value),
            tier=tier or self.tier,
            locator=locator,
        )

    def result(
        self,
        model_id: int,
        benchmark_id: int,
        score: float,
        *,
        locator: str | None = None,
        tier: int | None = None,
        measured: date | None = None,
        **extra: Any,
    ) -> None:
        """A benchmark score of the model; `extra` holds the BenchmarkResult
        columns that qualify it (setting, metric, harness, votes, ...)."""
        self._buffer(
            BenchmarkResult,
            model_id=model_id,
            benchmark_id=benchmark_id,
            score=float(score),
            measured=measured,
            tier=tier or self.tier,
            locator=locator,
            **extra,
        )

    def edge(
        self, child_id: int, parent_id: int, relation: str, *, locator: str | None = None
    ) -> None:
        """A lineage edge (finetune, merge, ...); a model is never its own parent."""
        if child_id == parent_id:
            return
        self._buffer(
            LineageEdge, child_id=child_id, parent_id=parent_id, relation=relation, locator=locator
        )

    def price(self, **row: Any) -> None:
        """One Price row (the columns of `graph.store.tables.Price` but the source)."""
        self._buffer(Price, **row)

    def flush(self) -> None:
        """Write the buffered rows, one bulk statement per table."""
        for table, rows in self._rows.items():
            if rows:
                self.session.execute(insert(table), rows)
                rows.clear()
        self.session.flush()
