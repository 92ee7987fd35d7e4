"""Engines and sessions: SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine
from tokenatlas.graph.store import (
    tables,  # noqa: F401  (registers the tables on SQLModel.metadata)
    version,  # noqa: F401  (every committed write moves the data version)
)


class StoreVersionError(Exception):
    """The store was made by another version of tokenatlas and lacks what this
    one needs; nothing was written. `where` names the store (password hidden)."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class DeadlinePassed(TimeoutError):
    """A statement was stopped because its thread's deadline had passed."""


_deadline = threading.local()


@contextmanager
def deadline(at: float | None) -> Iterator[None]:
    """Statements this thread runs inside the block stop once `time.monotonic()`
    passes `at`: SQLite interrupts a running statement, and no statement
    starts on either store after it. `at` None lifts the deadline inside
    the block; the one outside holds again after it."""
    before = getattr(_deadline, "at", None)
    _deadline.at = at
    try:
        yield
    finally:
        _deadline.at = before


def _past_deadline() -> bool:
    at = getattr(_deadline, "at", None)
    return at is not None and time.monotonic() > at


def default_database_url() -> str:
    """`DATABASE_URL` if set, else an SQLite file under the user's data dir
    (`$XDG_DATA_HOME/tokenatlas/tokenatlas.sqlite`, by default
    `~/.local/share/tokenatlas/tokenatlas.sqlite`)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'tokenatlas' / 'tokenatlas.sqlite'}"


def normalise_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(
    url: str | None = None,
    *,
    pool_size: int | None = None,
    pool_timeout: float | None = None,
) -> Engine:
    """An engine for `url` (default: `default_database_url()`). `pool_size`
    connections are kept (plus as many again on demand); a checkout waits at
    most `pool_timeout` seconds. Statements honour the thread's `deadline`."""
    url = normalise_url(url or default_database_url())
    pool: dict = {}
    if pool_size is not None:
        pool.update(pool_size=pool_size, max_overflow=pool_size)
    if pool_timeout is not None:
        pool["pool_timeout"] = pool_timeout
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
            # Checked every 10,000 virtual-machine steps: a non-zero answer interrupts.
            dbapi_conn.set_progress_handler(_past_deadline, 10_000)

    else:
        engine = create_engine(url, pool_pre_ping=True, **pool)

    @event.listens_for(engine, "before_cursor_execute")
    def _refuse_past_deadline(*_args):
        if _past_deadline():
            raise DeadlinePassed("the request's time limit passed before this statement")

    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
