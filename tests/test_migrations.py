"""Migrations own the store's schema: the newest revision is exactly what the
tables declare, a later migration keeps every row, and stores made before
migrations existed are taken over in place."""

from __future__ import annotations

import shutil

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel, select
from tokenatlas.api.cli import main
from tokenatlas.graph.store import schema
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.tables import License, Model

LATER = '''"""A later release's change: a nullable column on model.

Revision ID: 0099_reviewer_note
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "0099_reviewer_note"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("model") as batch:
        batch.add_column(sa.Column("reviewer_note", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("model") as batch:
        batch.drop_column("reviewer_note")
'''


def test_the_newest_revision_is_what_the_tables_declare(empty_store):
    schema.upgrade(empty_store)
    assert schema.current(empty_store) == schema.head()
    with empty_store.connect() as conn:
        drift = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert drift == [], f"tables.py changed without a migration: {drift}"


def test_a_later_migration_keeps_every_row(store, tmp_path):
    assert schema.current(store) == schema.head()  # seeding brought it to the newest
    with Session(store) as s:
        before = census(s)
        kimi = s.exec(select(Model).where(Model.slug == "kimi-k2.6")).one()
        kept = (kimi.id, kimi.name, kimi.vendor_id, kimi.release_date, kimi.context_window)
    scripts = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_reviewer_note.py").write_text(LATER.format(head=schema.head()))
    assert schema.upgrade(store, scripts=scripts) == (schema.head(), "0099_reviewer_note")
    assert "reviewer_note" in {c["name"] for c in inspect(store).get_columns("model")}
    with Session(store) as s:
        assert census(s) == before
        row = s.exec(
            text(
                "SELECT id, name, vendor_id, release_date, context_window, reviewer_note "
                "FROM model WHERE slug = 'kimi-k2.6'"
            )
        ).one()
    assert (row[0], row[1], row[2], str(row[3]), row[4]) == (
        kept[0],
        kept[1],
        kept[2],
        str(kept[3]),
        kept[4],
    )
    assert row[5] is None


def test_a_store_made_before_migrations_is_taken_over(empty_store):
    # How tokenatlas 0.1.0 made a store: the baseline's tables, no revision table.
    schema.upgrade(empty_store, schema.BASELINE)
    with empty_store.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        # the baseline's columns only, as that release wrote a row
        conn.execute(
            text(
                "INSERT INTO license (slug, name, open) VALUES ('old-licence', 'Old Licence', true)"
            )
        )
    assert schema.current(empty_store) is None
    assert schema.upgrade(empty_store) == (None, schema.head())
    with Session(empty_store) as s:
        assert s.exec(select(License.name).where(License.slug == "old-licence")).one() == (
            "Old Licence"
        )


def test_db_commands_say_where_a_store_stands(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert main(["db", "current", "--database-url", url]) == 0
    assert "no revision" in capsys.readouterr().out
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert f"none -> {schema.head()}" in capsys.readouterr().out
    assert main(["db", "current", "--database-url", url]) == 0
    assert f": {schema.head()}" in capsys.readouterr().out
