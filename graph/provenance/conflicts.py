"""Where sources disagree: every value of a field, the preferred one, and why.

Fields are the facts sources state (release_date, params_total, country,
license...) and, for models, one pseudo-field per benchmark
(`benchmark:<slug>`) over the scores sources give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select
from tokenatlas.graph.provenance.facts import decode
from tokenatlas.graph.provenance.precedence import preference_key, reason
from tokenatlas.graph.store.tables import Benchmark, BenchmarkResult, Fact, Source

BENCHMARK_PREFIX = "benchmark:"


@dataclass
class Value:
    """One source's value for a field."""

    field: str
    value: object  # decoded JSON (string, number, boolean, list)
    source_id: str
    locator: str | None
    tier: int
    preferred: bool = False
    reason: str | None = None
    note: str | None = None  # e.g. the setting or harness of a benchmark score


@dataclass
class FieldValues:
    field: str
    values: list[Value]  # preferred first

    @property
    def preferred(self) -> Value | None:
        return self.values[0] if self.values else None

    @property
    def disagree(self) -> bool:
        return len({repr(v.value) for v in self.values}) > 1


def _rank(field: str, rows: list[tuple[Value, object, int]]) -> FieldValues:
    rows.sort(key=lambda r: preference_key(r[0].tier, r[1], r[2]))
    values = [r[0] for r in rows]
    contested = len({repr(v.value) for v in values}) > 1
    if values:
        values[0].preferred = True
        values[0].reason = reason(values[0].tier, contested=contested)
    return FieldValues(field, values)


def facts_of(session: Session, kind: str, entity_ids: Sequence[int]) -> list[list[FieldValues]]:
    """For each entity, every field's values, preferred first (one query)."""
    query = (
        select(Fact, Source.published, Source.collected)
        .join(Source, Source.id == Fact.source_id)
        .where(Fact.entity_kind == kind, col(Fact.entity_id).in_(list(set(entity_ids))))
    )
    grouped: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for fact, published, collected in session.exec(query):
        value = Value(fact.field, decode(fact.value), fact.source_id, fact.locator, fact.tier)
        grouped[fact.entity_id][fact.field].append((value, published or collected, fact.id))
    return [
        [_rank(f, rows) for f, rows in sorted(grouped[i].items())] if i in grouped else []
        for i in entity_ids
    ]


def benchmark_values(session: Session, model_id: int) -> list[FieldValues]:
    """Each benchmark's scores for a model, as pseudo-fields `benchmark:<slug>`."""
    query = (
        select(BenchmarkResult, Benchmark.slug, Source.published, Source.collected)
        .join(Benchmark, Benchmark.id == BenchmarkResult.benchmark_id)
        .join(Source, Source.id == BenchmarkResult.source_id)
        .where(BenchmarkResult.model_id == model_id)
    )
    grouped: dict[str, list] = defaultdict(list)
    for result, slug, published, collected in session.exec(query):
        note = ", ".join(p for p in (result.setting, result.harness, result.variant) if p) or None
        field = BENCHMARK_PREFIX + slug
        value = Value(field, result.score, result.source_id, result.locator, result.tier, note=note)
        grouped[field].append((value, result.measured or published or collected, result.id))
    return [_rank(f, rows) for f, rows in sorted(grouped.items())]


def conflicts(session: Session, kind: str, entity_id: int, field: str | None) -> list[FieldValues]:
    """Fields of one entity whose sources disagree (or just `field`, if named)."""
    fields = facts_of(session, kind, [entity_id])[0]
    if kind == "model":
        fields += benchmark_values(session, entity_id)
    if field is not None:
        return [f for f in fields if f.field == field]
    return [f for f in fields if f.disagree]
