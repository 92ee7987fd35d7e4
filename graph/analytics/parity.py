"""Benchmark parity: which models score within a tolerance of the leader on
one benchmark, what each costs, and which are on the price-performance
frontier.

Which score stands for a model: sources may disagree, and scores are never
averaged. The preferred result is picked as everywhere else
(graph.provenance.precedence): the lowest tier, then the most recent date (the
measurement date, else the source's), then the first stored. The others are
kept as alternatives. `source` restricts the comparison to one source.

Prices are blended input/output prices chosen by graph.analytics.price_rule.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select
from tokenatlas.graph.analytics import catalog
from tokenatlas.graph.analytics.price_rule import check_day, listings
from tokenatlas.graph.analytics.pricing import (
    Component,
    ComponentPrice,
    checked_input_share,
    price_of,
)
from tokenatlas.graph.errors import NotFoundError, TokenAtlasError
from tokenatlas.graph.provenance.precedence import preference_key
from tokenatlas.graph.resolve.lookup import find_model
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.store.tables import Benchmark, BenchmarkAlias, BenchmarkResult, Model, Source

DEFAULT_TOLERANCE = Decimal(1)  # in the benchmark's own unit (points)
MAX_MODELS = 100


@dataclass
class ParityRow:
    model: Model
    result: BenchmarkResult  # the preferred result
    alternatives: list[BenchmarkResult]  # other results for this model, preferred first
    score: Decimal
    gap: Decimal  # to the leader, >= 0, in the benchmark's unit
    relative_gap: Decimal | None  # gap / leader's score
    within_tolerance: bool
    price: ComponentPrice | None = None
    price_reason: str | None = None
    usd_per_point: Decimal | None = None  # blended USD per Mtok / score
    on_frontier: bool = False


@dataclass
class ParityResult:
    benchmark: Benchmark
    tolerance: Decimal
    at: date
    input_share: Decimal
    rows: list[ParityRow]  # best score first
    leader: ParityRow | None
    frontier: list[ParityRow]  # cheapest first
    without_result: list[Model] = field(default_factory=list)


def find_benchmark(session: Session, name: str) -> Benchmark:
    """A benchmark by slug, name or alias; an unknown name is an error with near matches."""
    try:
        return catalog.find_benchmark(session, name)
    except NotFoundError:
        pass
    names: dict[str, str] = {}
    for b in session.exec(select(Benchmark)):
        names[key(b.name)] = b.name
        names[key(b.slug)] = b.slug
        if key(name) in (key(b.name), key(b.slug)):
            return b
    for k, bench_id in session.exec(select(BenchmarkAlias.key, BenchmarkAlias.benchmark_id)):
        names.setdefault(k, session.get(Benchmark, bench_id).name)
    near = list(
        dict.fromkeys(
            names[k] for k in difflib.get_close_matches(key(name), list(names), n=5, cutoff=0.5)
        )
    )
    hint = f"; did you mean {', '.join(repr(s) for s in near)}?" if near else ""
    raise NotFoundError(f"no benchmark is known as '{name}'{hint}", name=name, suggestions=near)


def _score(value: float) -> Decimal:
    return Decimal(repr(value))


def benchmark_parity(
    session: Session,
    *,
    benchmark: str,
    models: Sequence[str] | None = None,
    tolerance: Decimal | None = None,
    source: str | None = None,
    at: date | None = None,
    input_share: Decimal | None = None,
    provider: str | None = None,
) -> ParityResult:
    bench = find_benchmark(session, benchmark)
    tol = DEFAULT_TOLERANCE if tolerance is None else tolerance
    if not tol.is_finite() or tol < 0:
        raise TokenAtlasError(f"'tolerance' must be 0 or more, got {tol}")
    share = checked_input_share(input_share)
    day = check_day(at)
    if source is not None and session.get(Source, source) is None:
        raise NotFoundError(f"no source has the id '{source}'", source=source)
    named: list[Model] | None = None
    if models is not None:
        if len(models) > MAX_MODELS:
            raise TokenAtlasError(f"at most {MAX_MODELS} models; got {len(models)}")
        named = list({m.id: m for m in (find_model(session, n) for n in models)}.values())
    query = (
        select(BenchmarkResult, Source.collected, Source.published)
        .join(Source, Source.id == BenchmarkResult.source_id)
        .where(BenchmarkResult.benchmark_id == bench.id)
    )
    if named is not None:
        query = query.where(col(BenchmarkResult.model_id).in_([m.id for m in named]))
    if source is not None:
        query = query.where(BenchmarkResult.source_id == source)
    by_model: dict[int, list[tuple[tuple, BenchmarkResult]]] = defaultdict(list)
    for result, collected, published in session.exec(query):
        when = result.measured or published or collected
        by_model[result.model_id].append((preference_key(result.tier, when, result.id), result))
    model_rows = (
        {m.id: m for m in named}
        if named is not None
        else {m.id: m for m in session.exec(select(Model).where(col(Model.id).in_(list(by_model))))}
    )
    rows: list[ParityRow] = []
    for model_id, results in by_model.items():
        results.sort(key=lambda kr: kr[0])
        chosen = results[0][1]
        rows.append(
            ParityRow(
                model_rows[model_id],
                chosen,
                [r for _, r in results[1:]],
                _score(chosen.score),
                Decimal(0),
                None,
                False,
            )
        )
    sign = 1 if bench.higher_is_better else -1
    rows.sort(key=lambda r: (-sign * r.score, r.model.slug))
    leader = rows[0] if rows else None
    found = listings(session, [r.model for r in rows], day)
    for r in rows:
        r.gap = (leader.score - r.score) * sign
        r.relative_gap = r.gap / abs(leader.score) if leader.score else None
        r.within_tolerance = r.gap <= tol
        try:
            r.price = price_of(
                r.model,
                found.get(r.model.id, []),
                component=Component.BLENDED,
                at=day,
                provider=provider,
                input_share=share,
            )
        except TokenAtlasError as exc:
            r.price_reason = str(exc)
            continue
        if bench.higher_is_better and r.score > 0:
            r.usd_per_point = r.price.usd_per_mtok / r.score
    frontier = _frontier(rows, sign)
    for r in frontier:
        r.on_frontier = True
    have = {r.model.id for r in rows}
    missing = [m for m in (named or []) if m.id not in have]
    return ParityResult(bench, tol, day, share, rows, leader, frontier, missing)


def _frontier(rows: list[ParityRow], sign: int) -> list[ParityRow]:
    """Priced rows that no other priced row beats on both score and price
    (at least as good on both, better on one); cheapest first.

    One pass over the rows ordered by price, best score first within a
    price: a row is on the frontier when it scores better than every
    cheaper row, or ties the best cheaper score at the same price."""
    priced = sorted(
        (r for r in rows if r.price is not None),
        key=lambda r: (r.price.usd_per_mtok, -sign * r.score),
    )
    out: list[ParityRow] = []
    best = None  # the best score of the rows seen so far (all cheaper or as cheap)
    best_price = None  # the price at which `best` was first reached
    for r in priced:
        score, price = sign * r.score, r.price.usd_per_mtok
        if best is None or score > best:
            out.append(r)
            best, best_price = score, price
        elif score == best and price == best_price:
            out.append(r)  # as good on both as a frontier row: not beaten
    return sorted(out, key=lambda r: (r.price.usd_per_mtok, -sign * r.score, r.model.slug))
