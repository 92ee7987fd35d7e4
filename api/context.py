"""What every resolver gets: the request's store session and its loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.engine import Engine
from sqlmodel import Session
from strawberry.types import Info as _Info
from tokenatlas.api.loaders import Loaders
from tokenatlas.graph.factcheck.check import ClaimCheck, checks


@dataclass
class Context:
    engine: Engine
    request: object = None
    _session: Session | None = field(default=None, repr=False)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session(self.engine, expire_on_commit=False)
        return self._session

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.session)

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
