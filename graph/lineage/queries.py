"""Lineage reads for the API: every answer is an index read of what
`graph.lineage.derive` stored, never a graph walk per request."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select
from tokenatlas.graph.analytics.catalog import Page, check_first, decode_cursor
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.lineage.dag import RELATIONS
from tokenatlas.graph.store.tables import (
    LineageClosure,
    LineageEdge,
    LineageSummary,
    Model,
)

MAX_DRAWN = 500  # nodes `drawing` returns at most
MAX_EDGES = 5000  # and edges between them
MAX_ANCESTORS = 200  # `ancestors` lists at most


def check_relation(relation: str | None) -> None:
    if relation is not None and relation not in RELATIONS:
        raise TokenAtlasError(
            f"'relation' is '{relation}'; one of {', '.join(RELATIONS)}", field="relation"
        )


def check_depth(max_depth: int | None) -> None:
    if max_depth is not None and max_depth < 1:
        raise TokenAtlasError(f"'maxDepth' is {max_depth}; at least 1", field="maxDepth")


def count_of(summary: LineageSummary | None, relation: str | None) -> int:
    """Descendants in all, or those made by `relation`."""
    if summary is None:
        return 0
    if relation is None:
        return summary.descendants
    return int(json.loads(summary.by_relation).get(relation, 0))


def id_cursor(after: str | None, what: str) -> int | None:
    """The row id a cursor this API issued holds; a coded error otherwise."""
    if after is None:
        return None
    text = decode_cursor(after)
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise TokenAtlasError(f"'{after}' is not a {what} cursor")
    return int(text)


def descendants(
    session: Session,
    model_id: int,
    *,
    relation: str | None,
    max_depth: int | None,
    first: int,
    after: str | None,
) -> Page[Model]:
    """Models derived from `model_id`, at any depth (or up to `max_depth`),
    made by `relation` when given, in id order."""
    check_first(first)
    check_relation(relation)
    check_depth(max_depth)
    conds = [LineageClosure.ancestor_id == model_id]
    if relation is not None:
        conds.append(LineageClosure.relation == relation)
    if max_depth is not None:
        conds.append(LineageClosure.depth <= max_depth)
    if max_depth is None:  # counted when derived
        total = count_of(session.get(LineageSummary, model_id), relation)
    else:
        total = session.exec(select(func.count()).select_from(LineageClosure).where(*conds)).one()
    start = id_cursor(after, "descendants")
    query = select(Model).join(LineageClosure, LineageClosure.descendant_id == Model.id)
    query = query.where(*conds)
    if start is not None:
        query = query.where(LineageClosure.descendant_id > start)
    rows = list(session.exec(query.order_by(LineageClosure.descendant_id).limit(first + 1)))
    return Page(rows[:first], len(rows) > first, start is not None, total)


def ancestors(
    session: Session, model_id: int, *, max_depth: int | None, limit: int
) -> list[tuple[Model, int]]:
    """Models `model_id` derives from, nearest first, with their depth."""
    check_depth(max_depth)
    query = (
        select(Model, LineageClosure.depth)
        .join(LineageClosure, LineageClosure.ancestor_id == Model.id)
        .where(LineageClosure.descendant_id == model_id)
    )
    if max_depth is not None:
        query = query.where(LineageClosure.depth <= max_depth)
    return list(session.exec(query.order_by(LineageClosure.depth, Model.slug).limit(limit)))


@dataclass(frozen=True)
class FamilyRow:
    """A base model and the size of the ecosystem derived from it."""

    model: Model
    summary: LineageSummary
    sources: tuple[str, ...]  # the sources of the edges its family is made of

    @property
    def position(self) -> str:
        return f"{self.summary.descendants}:{self.model.id}"


def _family_position(after: str) -> tuple[int, int]:
    size, _, ident = decode_cursor(after).partition(":")
    if not (size.isdigit() and ident.isdigit()):
        raise TokenAtlasError(f"'{after}' is not a families cursor")
    return int(size), int(ident)


def families(
    session: Session, *, vendor_id: int | None, first: int, after: str | None
) -> Page[FamilyRow]:
    """Root models with derivatives, largest ecosystem first."""
    check_first(first)
    conds = [col(LineageSummary.is_root), LineageSummary.descendants > 0]
    base = select(LineageSummary, Model).join(Model, Model.id == LineageSummary.model_id)
    if vendor_id is not None:
        conds.append(Model.vendor_id == vendor_id)
    counted = select(func.count()).select_from(LineageSummary)
    if vendor_id is not None:
        counted = counted.join(Model, Model.id == LineageSummary.model_id)
    total = session.exec(counted.where(*conds)).one()
    query = base.where(*conds)
    if after is not None:
        size, ident = _family_position(after)
        query = query.where(
            (LineageSummary.descendants < size)
            | ((LineageSummary.descendants == size) & (LineageSummary.model_id > ident))
        )
    order = (col(LineageSummary.descendants).desc(), col(LineageSummary.model_id))
    found = list(session.exec(query.order_by(*order).limit(first + 1)))[: first + 1]
    rows = [FamilyRow(m, s, tuple(filter(None, s.sources.split(",")))) for s, m in found[:first]]
    return Page(rows, len(found) > first, after is not None, total)


@dataclass(frozen=True)
class Drawing:
    """A model's lineage as nodes and edges, for drawing."""

    center: Model
    nodes: list[Model]
    edges: list[LineageEdge]
    truncated: bool  # more models are within maxDepth than MAX_DRAWN


def drawing(session: Session, model: Model, *, max_depth: int) -> Drawing:
    """The models within `max_depth` edges above and below `model`, and the
    edges between them; at most MAX_DRAWN models, nearest first."""
    check_depth(max_depth)
    near = session.exec(
        select(LineageClosure.ancestor_id, LineageClosure.descendant_id, LineageClosure.depth)
        .where(
            (LineageClosure.ancestor_id == model.id) | (LineageClosure.descendant_id == model.id),
            LineageClosure.depth <= max_depth,
        )
        .order_by(LineageClosure.depth, LineageClosure.descendant_id)
        .limit(MAX_DRAWN)
    ).all()
    ids = {model.id} | {a if d == model.id else d for a, d, _ in near}
    nodes = list(session.exec(select(Model).where(col(Model.id).in_(ids)).order_by(Model.slug)))
    edges = list(
        session.exec(
            select(LineageEdge)
            .where(col(LineageEdge.child_id).in_(ids), col(LineageEdge.parent_id).in_(ids))
            .order_by(LineageEdge.id)
            .limit(MAX_EDGES + 1)
        )
    )
    truncated = len(near) >= MAX_DRAWN or len(edges) > MAX_EDGES
    return Drawing(model, nodes, edges[:MAX_EDGES], truncated)
