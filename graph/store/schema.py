"""The store's schema, owned by Alembic migrations (graph/store/migrations/).

`upgrade` brings any store to the newest revision in place: an empty one is
created, one made by an earlier release is migrated, and one made before
migrations existed (tokenatlas 0.1.0) is recognised by its tables and
stamped as the baseline first. `current` says where a store stands.
tests/test_migrations.py fails when tables.py changes without a migration.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, Engine
from tokenatlas.graph.store import version
from tokenatlas.graph.store.db import StoreVersionError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"


def _config(connection: Connection | None, scripts: Path | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(scripts or MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head(scripts: Path | None = None) -> str:
    """The newest revision there is."""
    found = ScriptDirectory.from_config(_config(None, scripts)).get_current_head()
    assert found is not None
    return found


def current(engine: Engine) -> str | None:
    """The revision the store stands at; None for an empty or unversioned store."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(
    engine: Engine, revision: str = "head", *, scripts: Path | None = None
) -> tuple[str | None, str | None]:
    """Bring the store to `revision`, in one transaction; (before, after)."""
    with engine.begin() as conn:
        config = _config(conn, scripts)
        before = MigrationContext.configure(conn).get_current_revision()
        if before is None and inspect(conn).get_table_names():
            _check_unversioned(conn, engine)
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)
        after = MigrationContext.configure(conn).get_current_revision()
        if after != before:
            version.changed(conn)  # cached answers of the old schema are out of date
    return before, after


@cache
def _baseline_columns() -> frozenset[str]:
    """table.column of every column the baseline creates."""
    scratch = create_engine("sqlite://")
    with scratch.begin() as conn:
        command.upgrade(_config(conn, None), BASELINE)
        found = inspect(conn)
        return frozenset(
            f"{t}.{c['name']}"
            for t in found.get_table_names()
            if t != "alembic_version"
            for c in found.get_columns(t)
        )


def _check_unversioned(conn: Connection, engine: Engine) -> None:
    """A store without a revision must hold the baseline's tables to be stamped."""
    found = inspect(conn)
    tables = set(found.get_table_names())
    have = {f"{t}.{c['name']}" for t in tables for c in found.get_columns(t)}
    missing = _baseline_columns() - have
    columns = sorted(m for m in missing if m.split(".")[0] in tables)
    absent = sorted({m.split(".")[0] for m in missing} - tables)
    if missing:
        what = "; ".join(
            part
            for part in (
                f"columns {', '.join(columns)}" if columns else "",
                f"tables {', '.join(absent)}" if absent else "",
            )
            if part
        )
        raise StoreVersionError(
            engine.url.render_as_string(hide_password=True),
            f"this store was made by an older tokenatlas that no migration knows (missing "
            f"{what}); move it aside or use another --database-url, then run tokenatlas seed",
        )
