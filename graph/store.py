"""Bringing a store up: create the tables, load the seeds and the price list,
and say what was loaded."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from graph import tables
from graph.db import create_tables, session_scope
from graph.price_list import PriceReport, import_price_list
from graph.seeds import CATALOG_SOURCE_ID, SeedCounts, read_seeds, write_seeds

# Tables whose row counts make up the store's census, in reading order.
CENSUS = (
    tables.Source,
    tables.License,
    tables.Vendor,
    tables.VendorAlias,
    tables.Model,
    tables.ModelAlias,
    tables.Endpoint,
    tables.Provider,
    tables.Price,
    tables.UsageObservation,
    tables.Benchmark,
    tables.BenchmarkResult,
    tables.LineageEdge,
    tables.Claim,
    tables.UnresolvedName,
)


@dataclass
class SeedReport:
    seeds: SeedCounts
    prices: PriceReport

    def lines(self) -> list[str]:
        s = self.seeds
        seed_line = ", ".join(f"{f.name.replace('_', ' ')} {getattr(s, f.name)}" for f in fields(s))
        return [f"seeds: {seed_line}", *self.prices.lines()]


def seed(engine: Engine) -> SeedReport:
    """(Re)load `seeds/` and the price list in one transaction. Safe to run
    again: nothing is duplicated."""
    data = read_seeds()  # every file checked before anything is written
    create_tables(engine)
    with session_scope(engine) as session:
        counts = write_seeds(session, data)
        prices = import_price_list(session)
    return SeedReport(counts, prices)


def is_seeded(session: Session) -> bool:
    return session.get(tables.Source, CATALOG_SOURCE_ID) is not None


def ensure_seeded(engine: Engine) -> SeedReport | None:
    """Create and seed the store if it is empty; return the report if it seeded."""
    create_tables(engine)
    with Session(engine) as session:
        if is_seeded(session):
            return None
    return seed(engine)


def census(session: Session) -> dict[str, int]:
    """Row count of every table, by table name."""
    return {
        t.__tablename__: session.exec(select(func.count()).select_from(t)).one() for t in CENSUS
    }
