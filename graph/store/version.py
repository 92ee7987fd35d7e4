"""The store's data version, and how every process learns of a new one.

Answers and derived indexes change only when data is written, so servers
cache them per state of the store: the `data_version` row's (store, version)
pair. Nothing needs to remember to move it:

- every transaction that wrote a row (any INSERT, UPDATE or DELETE through
  SQLAlchemy: seed, update, ingest, the CLI, a test) moves the version as
  it commits, in the same transaction;
- a migration moves it too (`graph.store.schema.upgrade`).

A process learns of versions committed elsewhere (another worker, the CLI)
by reading the row at most every `POLL_S` seconds, so a write is seen by
every server within a second; a write made in this process is seen at once
(its connection, handed back, makes the process read the row again).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import BigInteger, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool
from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """The one row saying which state of its data a store is in: `version`
    moves on every committed write (see below), `store` is drawn
    once when the store is made, so two stores never share a state. Servers
    key their caches on the pair."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    store: str = Field(max_length=32)
    version: int = Field(sa_type=BigInteger)


POLL_S = 0.5
"""How long a process trusts the version it last read."""

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")
_MARK = "tokenatlas_wrote"
_MOVED = "tokenatlas_moved"
_BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"
_READ = "SELECT store, version FROM data_version WHERE id = 1"


@dataclass(frozen=True)
class State:
    """One state of one store's data."""

    store: str
    version: int

    @property
    def tag(self) -> str:
        """Short and stable: part of cache keys and ETags."""
        return f"{self.store[:12]}.{self.version}"


NONE = State("", 0)
"""A store without the row (not migrated yet): nothing is cached for it."""


class _Watch:
    """The last state this process knows of each store, and when it read it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, tuple[State, float]] = {}

    def read(self, conn: Connection) -> State:
        """Read the state now, and remember it."""
        key = slot(conn.engine)
        with self._lock:
            before = self._known.get(key)
        found = read(conn, check=before is None or before[0] is NONE)
        with self._lock:
            self._known[key] = (found, time.monotonic())
        return found

    def known(self, engine: Engine) -> State | None:
        """The state read within POLL_S, else None."""
        with self._lock:
            known = self._known.get(slot(engine))
        if known is not None and time.monotonic() - known[1] < POLL_S:
            return known[0]
        return None

    def forget(self, key: str) -> None:
        """Read the state again next time (a transaction moved it); what is
        known of the store (that it has the row) is kept."""
        with self._lock:
            if (known := self._known.get(key)) is not None:
                self._known[key] = (known[0], float("-inf"))


_watch = _Watch()


def slot(engine: Engine) -> str:
    """Which store an engine reaches: its whole URL (what is kept per store
    is kept under it)."""
    return engine.url.render_as_string(hide_password=False)


def read(conn: Connection, *, check: bool = True) -> State:
    """The store's state as it is now (NONE before the migration made it;
    `check=False` when the table is known to be there)."""
    if check and not conn.dialect.has_table(conn, "data_version"):
        return NONE
    row = conn.execute(text(_READ)).one_or_none()
    return NONE if row is None else State(row[0], int(row[1]))


def current(session: Session) -> State:
    """The state this process should answer from: read again at most every
    POLL_S seconds, at once after its own writes."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return _watch.known(engine) or _watch.read(session.connection())


def state_of(engine: Engine) -> State:
    """`current` on a connection of its own."""
    if (state := _watch.known(engine)) is not None:
        return state
    with engine.connect() as conn:
        return _watch.read(conn)


def known(engine: Engine) -> State | None:
    """The state this process read within POLL_S, without touching the
    store (None: read it with `state_of`, off the event loop)."""
    return _watch.known(engine)


def changed(conn: Connection) -> None:
    """Say that the caller's transaction changes what answers hold, though
    it may write no row (a migration's DDL): it moves the version as it
    commits, once, like any write."""
    conn.info[_MARK] = True


def bump(conn: Connection) -> State:
    """Move the version in the caller's transaction (a migration, a write
    that bypassed the ORM); the new state. A store without the row (one
    migrated to an older revision) has no version to move: NONE."""
    if not conn.dialect.has_table(conn, "data_version"):
        return NONE
    conn.execute(text(_BUMP))
    conn.info[_MOVED] = slot(conn.engine)  # this process reads it again once handed back
    return read(conn, check=False)


# Every write marks its connection; a transaction that wrote moves the
# version as it commits, and this process reads it again once the
# connection is handed back to the pool.


@event.listens_for(Engine, "before_cursor_execute")
def _mark_writes(conn, _cursor, statement, _params, _context, _many) -> None:
    if statement.lstrip()[:7].upper().startswith(_WRITES) and statement != _BUMP:
        conn.info[_MARK] = True


@event.listens_for(Pool, "checkin")
def _forget_writes(_dbapi_connection, record) -> None:
    if record is None:
        return
    record.info.pop(_MARK, None)  # handed back: what it wrote was committed or undone
    if (moved := record.info.pop(_MOVED, None)) is not None:
        _watch.forget(moved)  # its transaction moved the version: read it again


@event.listens_for(Engine, "commit")
def _move_on_commit(conn) -> None:
    """A transaction that wrote (a session's or `engine.begin()`'s) moves
    the version as it commits, inside it; this process reads the new state
    once the connection is handed back."""
    if conn.info.pop(_MARK, False):
        bump(conn)


__all__ = [
    "NONE",
    "POLL_S",
    "State",
    "bump",
    "changed",
    "current",
    "known",
    "read",
    "slot",
    "state_of",
]
