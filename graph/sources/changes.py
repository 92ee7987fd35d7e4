"""What an import changed, as a reader of the graph would see it: models that
are new, weeks of usage that are new, prices whose value moved, and fields
on which sources newly disagree.

`Picture.of(session)` reads the store's state in a few grouped queries;
`Changes.between(before, after)` compares two of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import distinct, func
from sqlmodel import Session, select
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkResult,
    Fact,
    Model,
    Price,
    Provider,
    UsageObservation,
    Vendor,
)

# A price as one dataset states it: model, provider, the provider's id, token
# kind, context tier, conditions (batch, time of day...) and the dataset. Its
# value is the newest (latest start date): a later copy restates a price.
PriceKey = tuple[str, str, str, str, int, str, str]


@dataclass
class Picture:
    """The parts of a store's state an update reports on."""

    models: dict[str, str]  # slug -> name
    weeks: set[tuple[str, str, str]]  # (platform, first day, last day)
    prices: dict[PriceKey, Decimal]
    disagreements: set[tuple[str, str]]  # (model or vendor slug, field)

    @classmethod
    def of(cls, session: Session) -> Picture:
        models = dict(session.exec(select(Model.slug, Model.name)).all())
        weeks = {
            (p, s.isoformat(), e.isoformat())
            for p, s, e in session.exec(
                select(
                    UsageObservation.platform,
                    UsageObservation.period_start,
                    UsageObservation.period_end,
                ).distinct()
            )
        }
        rows = session.exec(
            select(
                Model.slug,
                Provider.slug,
                Price.provider_model_id,
                Price.token_kind,
                Price.tier_min_tokens,
                Price.valid_from,
                Price.conditions,
                Price.usd_per_mtok,
                Price.source_id,
            )
            .join(Model, Model.id == Price.model_id)
            .join(Provider, Provider.id == Price.provider_id)
        )
        newest: dict[PriceKey, tuple[str, Decimal]] = {}
        for model, provider, pid, kind, tier, start, conditions, usd, source in rows:
            # a dataset's copies (`name@version`, a snapshot's `name/date`) are one lister
            lister = source.split("@")[0].split("/")[0]
            key = (model, provider, pid, kind, tier, conditions or "", lister)
            since = str(start or "")
            if key not in newest or since >= newest[key][0]:
                newest[key] = (since, usd)
        prices = {k: usd for k, (_, usd) in newest.items()}
        return cls(models, weeks, prices, _disagreements(session))


def _disagreements(session: Session) -> set[tuple[str, str]]:
    """Every (entity, field) with more than one value among its sources."""
    slugs = dict(session.exec(select(Model.id, Model.slug)).all())
    vendors = dict(session.exec(select(Vendor.id, Vendor.slug)).all())
    out: set[tuple[str, str]] = set()
    facts = (
        select(Fact.entity_kind, Fact.entity_id, Fact.field)
        .group_by(Fact.entity_kind, Fact.entity_id, Fact.field)
        .having(func.count(distinct(Fact.value)) > 1)
    )
    for kind, entity_id, name in session.exec(facts):
        named = slugs if kind == "model" else vendors
        label = named.get(entity_id, str(entity_id))
        label = label if kind == "model" else f"vendor {label}"
        out.add((label, name))
    scores = (
        select(BenchmarkResult.model_id, Benchmark.slug)
        .join(Benchmark, Benchmark.id == BenchmarkResult.benchmark_id)
        .group_by(BenchmarkResult.model_id, Benchmark.slug)
        .having(func.count(distinct(BenchmarkResult.score)) > 1)
    )
    for model_id, benchmark in session.exec(scores):
        out.add((slugs.get(model_id, str(model_id)), f"benchmark:{benchmark}"))
    return out


@dataclass
class Changes:
    new_models: list[str] = field(default_factory=list)  # "name (slug)"
    new_weeks: list[str] = field(default_factory=list)  # "platform first..last"
    changed_prices: list[str] = field(default_factory=list)
    added_prices: int = 0
    removed_prices: int = 0
    new_conflicts: list[str] = field(default_factory=list)

    @classmethod
    def between(cls, before: Picture, after: Picture) -> Changes:
        changed = [
            f"{k[0]} on {k[1]} ({k[2]}), {k[3]}"
            + (f" above {k[4]} tokens" if k[4] else "")
            + (f", {k[5]}" if k[5] else "")
            + f": {before.prices[k]} -> {v} USD/Mtok (per {k[6]})"
            for k, v in sorted(after.prices.items())
            if k in before.prices and before.prices[k] != v
        ]
        return cls(
            new_models=[
                f"{after.models[s]} ({s})" for s in sorted(after.models.keys() - before.models)
            ],
            new_weeks=[f"{p} {s}..{e}" for p, s, e in sorted(after.weeks - before.weeks)],
            changed_prices=changed,
            added_prices=len(after.prices.keys() - before.prices),
            removed_prices=len(before.prices.keys() - after.prices),
            new_conflicts=[
                f"{entity}: {name}"
                for entity, name in sorted(after.disagreements - before.disagreements)
            ],
        )

    def lines(self, limit: int = 20) -> list[str]:
        def section(title: str, items: list[str]) -> list[str]:
            out = [f"{title}: {len(items)}"]
            out += [f"  {item}" for item in items[:limit]]
            if len(items) > limit:
                out.append(f"  ... and {len(items) - limit} more")
            return out

        return [
            *section("new models", self.new_models),
            *section("new weeks", self.new_weeks),
            *section("changed prices", self.changed_prices),
            f"prices added: {self.added_prices}, removed: {self.removed_prices}",
            *section("new conflicts", self.new_conflicts),
        ]
