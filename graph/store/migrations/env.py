"""Alembic's entry point for the store's migrations. It is run by
graph.store.schema with the connection to migrate: nothing here reads a
configuration file or an environment variable."""

from alembic import context
from sqlmodel import SQLModel
from tokenatlas.graph.store import tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
