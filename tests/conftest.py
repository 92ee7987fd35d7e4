"""Fixtures: real stores (an SQLite file, a PostgreSQL database), seeded from
the real seeds and snapshots, one fresh copy per test.

PostgreSQL comes from TOKENATLAS_TEST_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test). Where none is reachable its tests
skip with the reason; with TOKENATLAS_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.sources.load import seed, seed_bundled
from tokenatlas.graph.sources.openrouter import ingest_weekly
from tokenatlas.graph.store.db import make_engine, normalise_url

from tests.live import live_server

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TOKENATLAS_DATA_DIR", REPO.parent / "shared" / "data"))
ARTICLES_DIR = DATA_DIR.parent / "seeds"
WEEKLY_DIR = DATA_DIR / "openrouter-weekly"
PG_URL = os.environ.get("TOKENATLAS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("TOKENATLAS_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()


def weekly_files() -> list[Path]:
    files = sorted(WEEKLY_DIR.glob("*.json"))
    if not files:
        pytest.skip(f"no weekly snapshots under {WEEKLY_DIR} (set TOKENATLAS_DATA_DIR)")
    return files


def need_data() -> None:
    if not (DATA_DIR / "models.dev").is_dir():
        pytest.skip(f"datasets not found under {DATA_DIR} (set TOKENATLAS_DATA_DIR)")


@pytest.fixture(scope="session")
def full_store(tmp_path_factory):
    """One SQLite store seeded with every dataset, shared by read-only tests:
    (engine, the seed report)."""
    need_data()
    path = tmp_path_factory.mktemp("full") / "full.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    report = seed(engine, data_dir=DATA_DIR)
    yield engine, report
    engine.dispose()


def sqlite_copy_of(engine: Engine, folder: Path) -> Engine:
    """A writable copy of an SQLite store, in `folder`."""
    with engine.connect() as conn:  # fold the WAL into the file before it is copied
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = folder / f"copy-{next(_counter)}.sqlite"
    shutil.copy(engine.url.database, path)
    return make_engine(f"sqlite:///{path}")


@pytest.fixture
def full_copy(full_store, tmp_path) -> Iterator[Engine]:
    """A writable copy of the full store, for a test that changes it."""
    copy = sqlite_copy_of(full_store[0], tmp_path)
    yield copy
    copy.dispose()


def load_everything(engine: Engine) -> None:
    seed(engine)
    with Session(engine) as session:
        ingest_weekly(session, weekly_files())
        session.commit()


# --------------------------------------------------------------------------
# SQLite


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    load_everything(engine)
    with engine.connect() as conn:  # fold the WAL into the file before it is copied
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _sqlite_copy(template: Path, tmp_path: Path) -> Engine:
    path = tmp_path / f"store-{next(_counter)}.sqlite"
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


# --------------------------------------------------------------------------
# PostgreSQL


def _pg_admin() -> Engine:
    return create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")


def postgres_or_skip() -> None:
    try:
        with _pg_admin().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        reason = f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}"
        if REQUIRE_PG:
            pytest.fail(reason + " (TOKENATLAS_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)


def _pg_url(database: str) -> str:
    return (
        make_url(normalise_url(PG_URL)).set(database=database).render_as_string(hide_password=False)
    )


def _create_database(name: str, template: str | None = None) -> None:
    with _pg_admin().connect() as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))


def _drop_database(name: str) -> None:
    with _pg_admin().connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    postgres_or_skip()
    name = f"tokenatlas_tpl_{uuid.uuid4().hex[:8]}"
    _create_database(name)
    engine = make_engine(_pg_url(name))
    try:
        load_everything(engine)
        engine.dispose()
        yield name
    finally:
        engine.dispose()
        _drop_database(name)


@pytest.fixture
def empty_postgres() -> Iterator[Engine]:
    postgres_or_skip()
    name = f"tokenatlas_t_{uuid.uuid4().hex[:8]}"
    _create_database(name)
    engine = make_engine(_pg_url(name))
    yield engine
    engine.dispose()
    _drop_database(name)


# --------------------------------------------------------------------------
# What tests use


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_store(backend, tmp_path, request) -> Engine:
    """A new, empty store on each backend."""
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    return request.getfixturevalue("empty_postgres")


@pytest.fixture
def store(backend, tmp_path, request) -> Iterator[Engine]:
    """A fresh copy of a store holding the seeds and every weekly snapshot."""
    if backend == "sqlite":
        engine = _sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        yield engine
        engine.dispose()
        return
    template = request.getfixturevalue("postgres_template")
    name = f"tokenatlas_t_{uuid.uuid4().hex[:8]}"
    _create_database(name, template=template)
    engine = make_engine(_pg_url(name))
    yield engine
    engine.dispose()
    _drop_database(name)


@pytest.fixture
def served_store(backend, sqlite_template, tmp_path, request):
    """The URL of a fresh seeded store on each backend."""
    if backend == "sqlite":
        path = tmp_path / "served.sqlite"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"tokenatlas_live_{uuid.uuid4().hex[:8]}"
    _create_database(name, template=template)
    yield _pg_url(name)
    _drop_database(name)


@pytest.fixture
def sqlite_store(sqlite_template, tmp_path) -> Iterator[Engine]:
    """A fresh seeded SQLite store, for API tests that need one backend only."""
    engine = _sqlite_copy(sqlite_template, tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def client(sqlite_store) -> TestClient:
    return TestClient(create_app(sqlite_store))


class StatementCounter:
    """The statements a block sends, less the read of the store's data
    version (made at most every graph.store.version.POLL_S per process, not
    per request)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, parameters, context, executemany):
        if "data_version" not in statement:
            self.statements.append(statement)

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def refused(client: TestClient, url: str, status: int, code: str) -> None:
    """GET `url` is refused with `status` and a JSON error coded `code`."""
    answer = client.get(url)
    assert answer.status_code == status, (url, answer.text)
    assert answer.json()["errors"][0]["extensions"]["code"] == code


def gql(client: TestClient, query: str, variables: dict | None = None) -> dict:
    """POST a query; fail the test with the errors if there are any."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]


@pytest.fixture(scope="session")
def bundled_server(tmp_path_factory):
    """A live server on a store seeded from the bundled snapshots alone."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    seed_bundled(engine)
    engine.dispose()
    with live_server(f"sqlite:///{path}") as base:
        yield base
