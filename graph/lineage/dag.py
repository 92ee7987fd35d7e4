"""The derivation DAG and what queries need from it, as pure functions over
a networkx graph.

Edges run parent -> child, each with the `relations` (a sorted tuple) sources give it
(finetune, quantization, adapter, merge, distillation). A model made from
several parents (a merge) has several in-edges. Preconditions: node ids are
hashable and comparable (model ids); `build` takes (parent, child, relation)
triples. Everything here runs once per data version (after an import), never
per request: requests read what `closure` and `summaries` produce, stored.

>>> g = build([(1, 2, "finetune"), (2, 3, "quantization"), (1, 4, "finetune"),
...            (4, 5, "merge"), (6, 5, "merge")])
>>> closing_edge(g) is None
True
>>> generations(g)[3], generations(g)[5]
(2, 2)
>>> sorted(closure(g))[:3]
[(1, 2, 1), (1, 3, 2), (1, 4, 1)]
>>> s = summaries(g)
>>> s[1].descendants, dict(s[1].by_relation)
(4, {'finetune': 2, 'quantization': 1, 'merge': 1})
>>> s[5].roots
(1, 6)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

RELATIONS = ("finetune", "quantization", "adapter", "merge", "distillation")
Node = Hashable


def build(edges: Iterable[tuple[Node, Node, str]]) -> nx.DiGraph:
    """The DAG of (parent, child, relation) triples; a pair two sources
    both give is one edge with both relations (a tuple: a million edges
    hold a million of them)."""
    g = nx.DiGraph()
    for parent, child, relation in edges:
        if g.has_edge(parent, child):
            held = g[parent][child]["relations"]
            g[parent][child]["relations"] = tuple(sorted({*held, relation}))
        else:
            g.add_edge(parent, child, relations=(relation,))
    return g


def closing_edge(g: nx.DiGraph) -> tuple[Node, Node] | None:
    """An edge that closes a cycle (so that the graph is no DAG), or None.

    >>> closing_edge(build([(1, 2, "finetune"), (2, 1, "merge")]))
    (2, 1)
    """
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return None
    parent, child = cycle[-1][:2]
    return parent, child


def generations(g: nx.DiGraph, order: list[Node] | None = None) -> dict[Node, int]:
    """Each model's generation: 0 for a root, else one more than its
    latest parent's (the longest chain of derivations above it).
    Precondition: `g` is acyclic; `order`, when given, is a topological order."""
    out: dict[Node, int] = {}
    for n in order if order is not None else nx.topological_sort(g):
        out[n] = max((out[p] + 1 for p in g.predecessors(n)), default=0)
    return out


def relation_of(g: nx.DiGraph, child: Node) -> str:
    """How a model was made, as one word: `merge` when several parents (or
    a source says so), else the relation of its edge (the first in
    `RELATIONS` order when sources differ)."""
    pred = g._pred[child]  # the adjacency itself: this runs once per model
    if len(pred) > 1:
        return "merge"
    (found,) = (attrs["relations"] for attrs in pred.values())
    if len(found) == 1:
        (only,) = found
        return only
    if "merge" in found:
        return "merge"
    return next((r for r in RELATIONS if r in found), min(found, default="finetune"))


def closure(g: nx.DiGraph, order: list[Node] | None = None) -> Iterator[tuple[Node, Node, int]]:
    """(ancestor, descendant, depth) for every pair the DAG links, depth the
    shortest number of edges between them. Precondition: `g` is acyclic;
    `order`, when given, is a topological order. Its size is the sum of
    every model's ancestors: about the number of models times the depth of
    the families, not their square."""
    above: dict[Node, dict[Node, int]] = {}
    pending = {n: g.out_degree(n) for n in g}  # children not yet placed
    for n in order if order is not None else nx.topological_sort(g):
        preds = list(g.predecessors(n))
        if len(preds) == 1:  # most models: one parent
            (p,) = preds
            mine = {a: d + 1 for a, d in above[p].items()}
            mine[p] = 1
        else:
            mine = {}
            for p in preds:
                for a, d in above[p].items():
                    if d + 1 < mine.get(a, d + 2):
                        mine[a] = d + 1
                mine[p] = 1
        if pending[n]:
            above[n] = mine
        for a, d in mine.items():
            yield a, n, d
        for p in preds:  # an ancestor map is kept until its last child is placed
            pending[p] -= 1
            if not pending[p]:
                del above[p]


@dataclass(slots=True)
class Summary:
    """What a query asks of one model's place in the lineage."""

    generation: int = 0
    descendants: int = 0
    by_relation: dict[str, int] | None = None  # made when it has a descendant
    roots: tuple[Node, ...] = ()
    relation: str | None = None  # how it was made; None for a root


def indexed(
    g: nx.DiGraph,
) -> tuple[dict[Node, Summary], Iterator[tuple[Node, Node, int, str]]]:
    """Every model's summary and the closure with how each descendant was
    made, (ancestor, descendant, depth, relation), in one walk: the
    summaries' descendant counts are complete once the closure has been read
    to its end (so a caller can write the closure as it comes). Raises
    `nx.NetworkXUnfeasible` when `g` has a cycle."""
    order = list(nx.topological_sort(g))
    gen = generations(g, order)
    made = {n: relation_of(g, n) for n in order if g.in_degree(n)}
    out = {n: Summary(gen[n], relation=made.get(n)) for n in order}
    families: dict[Node, tuple[Node, ...]] = {}
    for n in order:
        preds = list(g.predecessors(n))
        if not preds:
            families[n] = (n,)
        elif len(preds) == 1:
            families[n] = families[preds[0]]
        else:
            families[n] = tuple(sorted(set().union(*(families[p] for p in preds))))
        out[n].roots = families[n]

    def rows() -> Iterator[tuple[Node, Node, int, str]]:
        for ancestor, descendant, depth in closure(g, order):
            s = out[ancestor]
            s.descendants += 1
            kind = made[descendant]
            if s.by_relation is None:
                s.by_relation = {}
            s.by_relation[kind] = s.by_relation.get(kind, 0) + 1
            yield ancestor, descendant, depth, kind

    return out, rows()


def summaries(g: nx.DiGraph) -> dict[Node, Summary]:
    """Every model's generation, roots, relation, and how many descendants
    it has in all and by the relation each was made with.
    Precondition: `g` is acyclic."""
    out, rows = indexed(g)
    for _ in rows:
        pass
    return out
