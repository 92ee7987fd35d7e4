"""What the data says about a claim's measure: one evaluator per measure,
each deriving the value with the rules the analytics use (the share's
period choice and denominator, the price provider rule, the precedence of
sources), never from an article: a claim is checked against data, and
articles that agree or disagree with one another are contradictions, not
evidence.

An evaluator returns a `Derived` value with the Source it comes from, or
raises `Missing` saying what the data lacks. `EVALUATORS` maps a measure
to its evaluator; a measure without one is unverifiable by name. Usage
measures live in graph.factcheck.usage, prices and workload costs in
graph.factcheck.prices.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlmodel import Session, col, select
from tokenatlas.graph.factcheck import prices, usage
from tokenatlas.graph.factcheck.subjects import (
    DATA_KINDS,
    Derived,
    Missing,
    model_of,
)
from tokenatlas.graph.lineage.queries import count_of
from tokenatlas.graph.provenance.facts import MODEL_COLUMNS, decode
from tokenatlas.graph.provenance.precedence import preference_key
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkAlias,
    BenchmarkResult,
    Claim,
    Fact,
    LineageSummary,
    Source,
)

# --------------------------------------------------------------------------
# What sources state about a model


def stated_fact(session: Session, claim: Claim) -> Derived:
    """The preferred value data sources state for the model's field (a
    measure named like a fact field: graph.provenance.facts.MODEL_COLUMNS)."""
    model_id, field = model_of(claim), claim.measure
    rows = session.exec(
        select(Fact, Source)
        .join(Source, Source.id == Fact.source_id)
        .where(
            Fact.entity_kind == "model",
            Fact.entity_id == model_id,
            Fact.field == field,
            col(Source.kind).in_(DATA_KINDS),
        )
    ).all()
    if not rows:
        raise Missing(f"no dataset states the {field.replace('_', ' ')} of {claim.subject}")
    fact, source = min(
        rows, key=lambda r: preference_key(r[0].tier, r[1].published or r[1].collected, r[0].id)
    )
    value = decode(fact.value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Derived(str(value), source.id, fact.locator, f"the preferred {field}", exact=True)
    return Derived(Decimal(str(value)), source.id, fact.locator, f"the preferred {field}")


def benchmark_score(session: Session, claim: Claim) -> Derived:
    model_id = model_of(claim)
    if not claim.benchmark:
        raise Missing("the claim names no benchmark")
    bench = session.exec(
        select(Benchmark.id)
        .join(BenchmarkAlias, BenchmarkAlias.benchmark_id == Benchmark.id)
        .where(BenchmarkAlias.key == key(claim.benchmark))
    ).first()
    if bench is None:
        raise Missing(f"no benchmark '{claim.benchmark}' in the data")
    rows = session.exec(
        select(BenchmarkResult, Source)
        .join(Source, Source.id == BenchmarkResult.source_id)
        .where(
            BenchmarkResult.model_id == model_id,
            BenchmarkResult.benchmark_id == bench,
            col(Source.kind).in_(DATA_KINDS),
        )
    ).all()
    if claim.setting:
        rows = [r for r in rows if (r[0].setting or "").lower() == claim.setting.lower()]
    if not rows:
        stated = session.exec(
            select(BenchmarkResult.source_id).where(
                BenchmarkResult.model_id == model_id, BenchmarkResult.benchmark_id == bench
            )
        ).all()
        also = f" (only articles state one: {', '.join(sorted(set(stated)))})" if stated else ""
        raise Missing(f"no dataset has a {claim.benchmark} result for {claim.subject}{also}")
    result, source = min(
        rows, key=lambda r: preference_key(r[0].tier, r[0].measured or r[1].published, r[0].id)
    )
    return Derived(Decimal(str(result.score)), source.id, result.locator, "the preferred result")


def derivative_count(session: Session, claim: Claim) -> Derived:
    model_id = model_of(claim)
    summary = session.get(LineageSummary, model_id)
    sources = summary.sources if summary is not None else ""
    return Derived(
        Decimal(count_of(summary, None)),
        sources.split(",")[0] if sources else None,
        None,
        f"descendants in the lineage the data holds (sources: {sources or 'none'})",
        exact=True,
    )


Evaluator = Callable[[Session, Claim], Derived]

EVALUATORS: dict[str, Evaluator] = {
    "weekly_tokens": usage.weekly_tokens,
    "total_tokens": usage.weekly_tokens,
    "token_share": usage.token_share,
    "rank": usage.rank,
    "token_change": usage.token_change,
    "tokens_ratio": usage.tokens_ratio,
    "count": usage.count,
    "streak_weeks": usage.streak_weeks,
    "first_week": usage.first_week,
    "price_ratio": prices.price_ratio_of,
    "price_input": prices.model_price,
    "price_output": prices.model_price,
    "benchmark_score": benchmark_score,
    "derivative_count": derivative_count,
    "workload_cost": prices.workload_cost_of,
    **{m: stated_fact for m in MODEL_COLUMNS},
}
