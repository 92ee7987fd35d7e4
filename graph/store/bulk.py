"""Writing derived tables in bulk: rows as tuples straight to the driver's
executemany (a fraction of the ORM's, and of Core's per-row cost), and a
table's secondary indexes dropped while it is rewritten, then built once.
Both run inside the caller's transaction, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from sqlalchemy import Executable, Index, insert
from sqlalchemy.engine import Connection

BATCH = 50_000  # rows per executemany


def bulk_insert(conn: Connection, table: type, rows: Iterable[tuple]) -> int:
    """Insert `rows`, tuples in the order of the table's columns (all of
    them but a generated id: no other default is filled in); returns how many."""
    t = table.__table__
    columns = [c for c in t.columns if c is not t.autoincrement_column]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(conn.dialect.identifier_preparer.quote(c.name) for c in columns)
    sql = f"INSERT INTO {t.name} ({names}) VALUES ({', '.join(mark for _ in columns)})"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    count, it = 0, iter(rows)
    try:
        while batch := list(islice(it, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    finally:
        cursor.close()
    return count


def insert_rows(conn: Connection, table: type, rows: Iterable[dict]) -> int:
    """Insert `rows`, dicts of some columns (the others take their defaults),
    a batch at a time; returns how many."""
    count, it = 0, iter(rows)
    while batch := list(islice(it, BATCH)):
        conn.execute(insert(table.__table__), batch)
        count += len(batch)
    return count


def rows_of(conn: Connection, query: Executable) -> list[tuple]:
    """Every row of `query` as plain tuples, read through the driver."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        params = compiled.params
        if conn.dialect.paramstyle == "qmark":
            cursor.execute(str(compiled), tuple(params[k] for k in compiled.positiontup or ()))
        else:
            cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


@contextmanager
def without_indexes(conn: Connection, *tables: type) -> Iterator[None]:
    """Drop the tables' secondary indexes for the block and build them
    again after it (in the same transaction: an error keeps them).

    On SQLite only. PostgreSQL's DROP INDEX locks the table against every
    reader until the transaction commits, so a server would stop answering
    lineage queries for the whole import; there the indexes are kept, and
    readers see the previous index until the import commits."""
    if conn.dialect.name != "sqlite":
        yield
        return
    indexes: list[Index] = [i for t in tables for i in t.__table__.indexes]
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)
