"""Insert-or-update by natural key: what makes every loader idempotent."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

T = TypeVar("T", bound=SQLModel)


def upsert(session: Session, table: type[T], key_field: str, key_value: Any, **values: Any) -> T:
    """The row of `table` whose `key_field` is `key_value`, created or updated
    with `values`. The session is flushed so the row has its id."""
    column = getattr(table, key_field)
    row = session.exec(select(table).where(column == key_value)).first()
    if row is None:
        row = table(**{key_field: key_value}, **values)
        session.add(row)
    else:
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    session.flush()
    return row
