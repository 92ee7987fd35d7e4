"""What every resolver gets: the request's store session and its loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session
from strawberry.types import Info as _Info
from tokenatlas.api.loaders import Loaders
from tokenatlas.graph.factcheck.check import ClaimCheck, checks
from tokenatlas.graph.store import reference


@dataclass
class Context:
    engine: Engine
    request: object = None
    _session: Session | None = field(default=None, repr=False)
    _reference: dict[type, dict] = field(default_factory=dict, repr=False)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session(self.engine, expire_on_commit=False)
        return self._session

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.session)

    def row(self, table: type, key: object) -> Any:
        """A row of one of the small tables answers cite (sources, licences,
        providers, benchmarks), from memory: read once per state of the
        store (graph.store.reference), looked up once per request."""
        rows = self._reference.get(table)
        if rows is None:
            rows = self._reference[table] = reference.rows_by_id(self.session, table)
        return rows[key]

    @cached_property
    def claim_checks(self) -> dict[int, ClaimCheck]:
        """Every claim's check, read once per request (computed once per
        state of the store)."""
        return checks(self.session)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


Info = _Info[Context, None]
