"""Row counts of every table: what a load changed, at a glance."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select
from tokenatlas.graph.store import tables

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
    tables.Fact,
    tables.UnresolvedName,
)


def census(session: Session) -> dict[str, int]:
    """Row count of every table, by table name."""
    return {
        t.__tablename__: session.exec(select(func.count()).select_from(t)).one() for t in CENSUS
    }
