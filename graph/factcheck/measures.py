"""What the data says about a claim's measure: one evaluator per measure,
each deriving the value with the rules the analytics use (the share's
period choice and denominator, the price provider rule, the precedence of
sources), never from an article: a claim is checked against data, and
articles that agree or disagree with one another are contradictions, not
evidence.

An evaluator returns a `Derived` value with the Source it comes from, or
raises `Missing` saying what the data lacks. `EVALUATORS` maps a measure
to its evaluator; a measure without one is unverifiable by name. Usage
measures live in graph.factcheck.usage.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlmodel import Session, col, select
from tokenatlas.graph.analytics.price_rule import find_provider, listings
from tokenatlas.graph.analytics.pricing import Component, price_of, price_ratio
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.factcheck import usage
from tokenatlas.graph.factcheck.subjects import (
    DATA_KINDS,
    Derived,
    Missing,
    claim_day,
    not_a_group,
    other_side,
    subject_of,
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
    Endpoint,
    Fact,
    LineageSummary,
    Model,
    Source,
)

# --------------------------------------------------------------------------
# Prices


def price_ratio_of(session: Session, claim: Claim) -> Derived:
    subject = subject_of(claim)
    if subject.kind != "model" or not claim.compare_to:
        raise Missing("a price ratio is checked between two models; the claim names no pair")
    other = other_side(session, claim.compare_to)
    if other.kind != "model":
        raise Missing(f"'{claim.compare_to}' is not one model: no price rule gives a group's price")
    day, _ = claim_day(session, claim)
    names = [session.get(Model, i).slug for i in (subject.model_id, other.model_id)]  # type: ignore[union-attr]
    component = (
        Component(claim.setting) if claim.setting in ("input", "output") else Component.INPUT
    )
    try:
        found = price_ratio(
            session, numerator=names[0], denominator=names[1], component=component, at=day
        )
    except TokenAtlasError as exc:
        raise Missing(str(exc)) from None
    if found.ratio is None:
        raise Missing(found.reason or "no ratio")
    num, den = found.numerator, found.denominator
    return Derived(
        found.ratio,
        num.listing.source_id,
        f"{component.value} prices on {day}",
        f"{num.usd_per_mtok} ({num.listing.provider.slug}) / {den.usd_per_mtok} "
        f"({den.listing.provider.slug}, {den.listing.source_id}) USD per million "
        f"{component.value} tokens, by the default provider rule",
    )


def model_price(session: Session, claim: Claim) -> Derived:
    """The model's price by the default provider rule (the claim's platform
    when it names a provider) on the claim's day."""
    model = session.get(Model, _model(claim))
    component = Component.OUTPUT if claim.measure == "price_output" else Component.INPUT
    if claim.value_num == 0 and claim.platform:
        free = session.exec(
            select(Endpoint).where(
                Endpoint.model_id == model.id,  # type: ignore[union-attr]
                Endpoint.platform == claim.platform,
                Endpoint.variant == "free",
            )
        ).first()
        if free is not None:  # "free on the platform": a free endpoint there says so
            return Derived(
                Decimal(0),
                free.source_id,
                free.external_id,
                f"served free on {claim.platform} as {free.external_id}",
            )
    day, why = claim_day(session, claim)
    provider = None
    if claim.platform:
        try:
            provider = find_provider(session, claim.platform).slug
        except TokenAtlasError:
            provider = None
    try:
        found = price_of(
            model,  # type: ignore[arg-type]
            listings(session, [model], day).get(model.id, []),  # type: ignore[union-attr, list-item]
            component=component,
            at=day,
            provider=provider,
        )
    except TokenAtlasError as exc:
        raise Missing(f"no {component.value} price for {claim.subject} on {why} ({exc})") from None
    return Derived(
        found.usd_per_mtok,
        found.listing.source_id,
        f"{found.listing.provider.slug}, {day}",
        f"{found.rule} (USD per million {component.value} tokens)",
    )


# --------------------------------------------------------------------------
# What sources state about a model


def _model(claim: Claim) -> int:
    subject = subject_of(claim)
    not_a_group(subject)
    if subject.model_id is None:
        raise Missing(
            f"a {claim.measure.replace('_', ' ')} is a model's; the claim names {subject.text}, "
            "not which of its models"
        )
    return subject.model_id


def stated_fact(session: Session, claim: Claim) -> Derived:
    """The preferred value data sources state for the model's field (a
    measure named like a fact field: graph.provenance.facts.MODEL_COLUMNS)."""
    model_id, field = _model(claim), claim.measure
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
    model_id = _model(claim)
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
    model_id = _model(claim)
    summary = session.get(LineageSummary, model_id)
    sources = summary.sources if summary is not None else ""
    return Derived(
        Decimal(count_of(summary, None)),
        sources.split(",")[0] if sources else None,
        None,
        f"descendants in the lineage the data holds (sources: {sources or 'none'})",
        exact=True,
    )


def workload_cost(session: Session, claim: Claim) -> Derived:
    raise Missing(
        "a claim's workload cost needs the workload it prices (input and output tokens, "
        "requests), which the claim format does not hold; the API's workloadCost answers it "
        "for a stated workload"
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
    "price_ratio": price_ratio_of,
    "price_input": model_price,
    "price_output": model_price,
    "benchmark_score": benchmark_score,
    "derivative_count": derivative_count,
    "workload_cost": workload_cost,
    **{m: stated_fact for m in MODEL_COLUMNS},
}
