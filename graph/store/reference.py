"""The small tables nearly every answer cites (sources, licences,
providers, benchmarks), read whole once per state of the store and kept
in memory, so citing a figure's source costs no statement.

They grow with datasets and providers, not with models: a few hundred rows
each. The rows are detached copies; callers read them and never add them
to a session.
"""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, select
from tokenatlas.graph.store.cache import cached_per_store
from tokenatlas.graph.store.tables import Benchmark, License, Provider, Source

SMALL: tuple[type, ...] = (Source, License, Provider, Benchmark)

T = TypeVar("T")


def rows_by_id(session: Session, table: type[T]) -> dict[object, T]:
    """Every row of `table` (one of SMALL) by id, as of the store's current state."""
    if table not in SMALL:
        raise ValueError(f"{table.__name__} is not one of the small tables kept whole")

    def build(s: Session) -> dict[object, T]:
        # A session of its own: the rows are shared, detached, by every
        # request of this state, and the caller's own rows stay its own.
        with Session(s.get_bind()) as own:
            rows = list(own.exec(select(table)))
            own.expunge_all()
        return {row.id: row for row in rows}  # type: ignore[attr-defined]

    return cached_per_store(session, f"rows:{table.__name__}", build)
