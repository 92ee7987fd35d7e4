"""Deriving the lineage index from the stored edges, once per import.

`derive` builds the DAG with networkx (`graph.lineage.dag`), refuses a
cycle (naming the edge that closes it, its source and where in it), and
rewrites `LineageClosure` and `LineageSummary`, which every lineage query
reads. The caller owns the transaction: on a cycle it rolls back, so the
store is unchanged.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import networkx as nx
from sqlalchemy import delete
from sqlmodel import Session, col, select
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.lineage import licences
from tokenatlas.graph.lineage.dag import build, closing_edge, indexed
from tokenatlas.graph.store.bulk import bulk_insert, rows_of, without_indexes
from tokenatlas.graph.store.tables import (
    LicenseCheck,
    LineageClosure,
    LineageEdge,
    LineageSummary,
    Model,
)


@dataclass
class LineageReport:
    edges: int = 0
    models: int = 0  # models with at least one edge
    roots: int = 0
    pairs: int = 0  # rows of the closure
    license_flags: int = 0  # edges whose licence conflicts with the parent's, or is missing
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"lineage: {self.edges} edges over {self.models} models, {self.roots} roots; "
            f"{self.pairs} ancestor-descendant pairs indexed; {self.license_flags} edges "
            "with a licence conflict or none declared"
        ]


def _cycle_error(session: Session, parent: int, child: int) -> LoadError:
    """The edge parent -> child closes a cycle: say which, from which source."""
    edge = session.exec(
        select(LineageEdge).where(LineageEdge.parent_id == parent, LineageEdge.child_id == child)
    ).first()
    ids = [parent, child]
    slugs = dict(session.exec(select(Model.id, Model.slug).where(col(Model.id).in_(ids))).all())
    where = edge.source_id if edge is not None else "lineage"
    if edge is not None and edge.locator:
        where = f"{where}, {edge.locator}"
    relation = edge.relation if edge is not None else "edge"
    a, b = slugs.get(parent, parent), slugs.get(child, child)
    return LoadError(
        where, f"lineage {relation} {a} -> {b} closes a cycle: {a} already derives from {b}"
    )


def derive(session: Session) -> LineageReport:
    """Rebuild the lineage index from every stored edge; raise `LoadError`
    on a cycle (nothing written)."""
    started = time.perf_counter()
    conn = session.connection()
    edges = rows_of(
        conn,
        select(
            LineageEdge.parent_id, LineageEdge.child_id, LineageEdge.relation, LineageEdge.source_id
        ),
    )
    g = build((p, c, r) for p, c, r, _ in edges)
    try:
        info, pairs = indexed(g)
    except nx.NetworkXUnfeasible:
        parent, child = closing_edge(g) or (None, None)
        raise _cycle_error(session, parent, child) from None
    report = LineageReport(edges=len(edges), models=g.number_of_nodes())
    del g
    checks = licences.checked(session)
    flagged_into: dict[int, int] = {}  # model -> its edges whose licence check flags
    for _, child_id, _, _, _, _, kind, _ in checks:
        if kind is not None:
            flagged_into[child_id] = flagged_into.get(child_id, 0) + 1
    report.license_flags = sum(flagged_into.values())
    flags: dict[int, int] = {}  # model -> flagged edges into its descendants

    def closure_rows():
        for row in pairs:  # counts `info` as it goes
            if row[1] in flagged_into:
                flags[row[0]] = flags.get(row[0], 0) + flagged_into[row[1]]
            yield row

    with without_indexes(conn, LineageClosure, LineageSummary, LicenseCheck):
        for table in (LicenseCheck, LineageClosure, LineageSummary):
            conn.execute(delete(table))  # cheaper with no index to keep
        report.pairs = bulk_insert(conn, LineageClosure, closure_rows())
        covered: dict[int, set[str]] = {}  # root -> sources of the edges into its family
        for _, child, _, source in edges:
            for root in info[child].roots:
                covered.setdefault(root, set()).add(source)
        del edges
        bulk_insert(
            conn,
            LineageSummary,
            (
                (
                    n,
                    s.generation,
                    s.relation is None,
                    s.descendants,
                    json.dumps(dict(sorted(s.by_relation.items()))) if s.by_relation else "{}",
                    ",".join(map(str, s.roots)),
                    s.relation,
                    ",".join(sorted(covered.get(n, ()))),
                    flags.get(n, 0),
                )
                for n, s in info.items()
            ),
        )
        bulk_insert(conn, LicenseCheck, checks)
    report.roots = sum(s.relation is None for s in info.values())
    report.seconds = time.perf_counter() - started
    return report
