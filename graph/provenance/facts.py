"""Values sources state about models and vendors, and the preferred one.

Every value is a `Fact` row with its source and tier. `apply_preferred`
writes the winning value (graph.provenance.precedence) into the entity's own column, so
listings read one value while `conflicts` can still show them all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlmodel import Session, col, select
from tokenatlas.graph.provenance.precedence import preference_key
from tokenatlas.graph.store.tables import Fact, License, Model, Source, Vendor

# Fields copied into entity columns, with how a stored value is read back.
MODEL_COLUMNS: dict[str, str] = {
    "release_date": "date",
    "context_window": "int",
    "output_limit": "int",
    "params_total": "int",
    "params_active": "int",
    "open_weights": "bool",
    "architecture": "str",
    "family": "str",
    "license": "license",
}
VENDOR_COLUMNS: dict[str, str] = {"country": "str"}


def encode(value: Any) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def decode(text: str) -> Any:
    return json.loads(text)


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    return value


def apply_preferred(session: Session) -> int:
    """Write each model's and vendor's preferred values into their columns.
    Returns how many entities changed."""
    licenses = dict(session.exec(select(License.slug, License.id)).all())
    changed = 0
    for kind, table, columns in (
        ("model", Model, MODEL_COLUMNS),
        ("vendor", Vendor, VENDOR_COLUMNS),
    ):
        best: dict[tuple[int, str], tuple[tuple, Fact]] = {}
        query = (
            select(Fact, Source.published, Source.collected)
            .join(Source, Source.id == Fact.source_id)
            .where(Fact.entity_kind == kind, col(Fact.field).in_(list(columns)))
        )
        for fact, published, collected in session.exec(query):
            k = (fact.entity_id, fact.field)
            rank = preference_key(fact.tier, published or collected, fact.id)
            if k not in best or rank < best[k][0]:
                best[k] = (rank, fact)
        by_entity: dict[int, dict[str, Any]] = defaultdict(dict)
        for (entity_id, field), (_, fact) in best.items():
            value = _typed(columns[field], decode(fact.value))
            if columns[field] == "license":
                by_entity[entity_id]["license_id"] = licenses.get(value)
            else:
                by_entity[entity_id][field] = value
        ids = list(by_entity)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in session.exec(select(table).where(col(table.id).in_(chunk))):
                updates = {k: v for k, v in by_entity[row.id].items() if getattr(row, k) != v}
                for k, v in updates.items():
                    setattr(row, k, v)
                changed += bool(updates)
    session.flush()
    return changed
