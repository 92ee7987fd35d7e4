"""Resolution as one stage: every model node of every source, compared at
once, merged where the name grammar says they are one model.

`decide` is a pure function of the nodes (and the curator's overrides): the
same nodes in any order give the same decision. It never guesses: nodes
whose names agree but whose vendors, snapshot dates or curation disagree
stay apart and are listed as candidates, with the evidence, for a curator.

Preconditions: node ids are unique; `makers` maps a folded namespace (see
`graph.resolve.names.key`) to the vendor that makes the models it publishes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from tokenatlas.graph.resolve.groups import Groups
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.resolve.reading import (
    Node,
    Reading,
    compatible,
    node_dates,
    plain_slug,
    rank,
    readings,
)

NEAR = 90.0  # rapidfuzz ratio from which two different names are a close call


@dataclass(frozen=True)
class Candidate:
    """Two nodes that may be one model: the stage kept them apart."""

    a: int
    b: int
    score: float  # 0..100
    evidence: str


@dataclass(frozen=True)
class Derivative:
    """A node whose name says it was made from another: a lineage edge."""

    child: int
    parent: int
    relation: str  # quantization | finetune
    name: str


@dataclass
class Overrides:
    """The curator's decisions (seeds/resolution.yaml), by name."""

    merge: list[tuple[tuple[str, ...], str | None, str]] = field(default_factory=list)
    apart: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    vendors: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


@dataclass
class Decision:
    survivor: dict[int, int]  # loser -> the node it becomes
    served: dict[int, str]  # loser -> the serving term its prices carry
    candidates: list[Candidate]
    derivatives: list[Derivative]
    applied: list[str]  # overrides applied, one line each
    skipped: list[str]  # overrides that found no node


def _by_name(nodes: Iterable[Node]) -> dict[str, set[int]]:
    """Node ids by the folded key of each of their names (for overrides)."""
    out: dict[str, set[int]] = defaultdict(set)
    for n in nodes:
        for text in (n.slug, n.name, *n.aliases):
            out[key(text)].add(n.id)
    return out


def _named(names: dict[str, set[int]], slugs: dict[str, int], name: str) -> int | None:
    if name in slugs:
        return slugs[name]
    found = names.get(key(name), set())
    return next(iter(found)) if len(found) == 1 else None


def decide(
    nodes: Iterable[Node],
    *,
    makers: dict[str, int],
    providers: frozenset[str] = frozenset(),
    overrides: Overrides | None = None,
    vendor_names: dict[int, frozenset[str]] | None = None,
) -> Decision:
    """Which nodes are one model, which pairs are close calls, which nodes
    derive from another by name. Deterministic in the set of nodes.
    `vendor_names`: folded slug and name of each vendor id."""
    overrides = overrides or Overrides()
    vendor_names = vendor_names or {}
    by_id = {n.id: n for n in sorted(nodes, key=lambda n: n.slug)}
    read = {
        n: readings(x, makers, providers, vendor_names.get(x.vendor, frozenset()))
        for n, x in by_id.items()
    }
    names, slugs = _by_name(by_id.values()), {x.slug: n for n, x in by_id.items()}
    applied: list[str] = []
    skipped: list[str] = []

    apart: set[frozenset] = set()
    for group, reason in overrides.apart:
        # Every node that answers to a name (a dataset's newer copy may make
        # a second one before the stage merges it) stays apart from every
        # node that answers to another.
        sets = [{slugs[g]} if g in slugs else set(names.get(key(g), ())) for g in group]
        if not all(sets):
            missing = group[[bool(x) for x in sets].index(False)]
            skipped.append(f"apart {', '.join(group)}: no node for {missing}")
            continue
        shared = set.intersection(*sets) if len(sets) > 1 else set()
        if shared:
            skipped.append(
                f"apart {', '.join(group)}: already one node (merged by an earlier run); "
                "a fresh store keeps them apart"
            )
            continue
        apart |= {
            frozenset((a, b))
            for i, x in enumerate(sets)
            for y in sets[i + 1 :]
            for a in x
            for b in y
        }
        applied.append(f"apart {', '.join(group)} ({reason})")

    dates = {n: node_dates(by_id[n], rs) for n, rs in read.items()}
    # A node named for the release (an own name with no date) takes every
    # dated snapshot of it, as an import reading a dated id does.
    releases = {
        n for n, rs in read.items() if any(not r.parsed.dates for r in rs if r.community is None)
    }
    groups = Groups(by_id, dates, apart, releases)
    by_identity: dict[tuple, list[Reading]] = defaultdict(list)
    for n in by_id:
        for r in read[n]:
            by_identity[r.identity].append(r)

    candidates: dict[frozenset, Candidate] = {}
    for ident in sorted(by_identity, key=repr):
        rs = sorted(by_identity[ident], key=lambda r: rank(r.node, read[r.node.id]))
        for i, r in enumerate(rs[1:], 1):
            # Join the best-ranked earlier name whose group may take this one.
            why = None
            for first in rs[:i]:
                maker = r.maker or first.maker
                why = groups.obstacle(first.node.id, r.node.id, maker)
                if why is None:
                    groups.union(first.node.id, r.node.id, maker)
                    break
            if why is not None and groups.find(rs[0].node.id) != groups.find(r.node.id):
                first = rs[0]
                pair = frozenset((first.node.id, r.node.id))
                evidence = f"'{first.parsed.text}' and '{r.parsed.text}' read alike, but {why}"
                candidates.setdefault(pair, Candidate(*sorted(pair), 100.0, evidence))

    _same_names(by_id, read, groups, candidates)
    served: dict[int, str] = {}
    for group, term, reason in overrides.merge:
        ids = [_named(names, slugs, g) for g in group]
        if None in ids:
            skipped.append(f"merge {', '.join(group)}: no single node for {group[ids.index(None)]}")
            continue
        for other in ids[1:]:
            if other == ids[0]:
                continue  # merged on an earlier run: the name is an alias now
            groups.union(ids[0], other)
            if term:
                served[other] = term
        applied.append(f"merge {', '.join(group)} ({reason})")

    survivor: dict[int, int] = {}
    for members in {groups.find(n): None for n in by_id}:
        group = groups.members[members]
        if len(group) < 2:
            continue
        forced = [served_id for served_id in group if served_id in served]
        keep = min(
            (n for n in group if n not in forced),
            key=lambda n: rank(by_id[n], read[n]),
        )
        for n in group:
            if n != keep:
                survivor[n] = keep
                term = served.get(n) or "+".join(
                    dict.fromkeys(t for r in read[n] for t in r.parsed.served)
                )
                if term:
                    served[n] = term

    final = {n: survivor.get(n, n) for n in by_id}
    derivatives = _derivatives(read, by_identity, final)
    near = _near(read, groups, final)
    for pair, c in near.items():
        candidates.setdefault(pair, c)
    kept: dict[tuple[int, int], Candidate] = {}
    for c in sorted(candidates.values(), key=lambda c: (-c.score, c.a, c.b)):
        a, b = sorted((final[c.a], final[c.b]))
        if a != b:
            kept.setdefault((a, b), Candidate(a, b, c.score, c.evidence))
    return Decision(
        survivor, served, [kept[k] for k in sorted(kept)], derivatives, applied, skipped
    )


def _same_names(
    by_id: dict[int, Node],
    read: dict[int, list[Reading]],
    groups: Groups,
    candidates: dict[frozenset, Candidate],
) -> None:
    """Nodes that answer to one name (two sources spelt a model alike) are
    one model, unless their own names or their vendors, dates or curation
    say otherwise: then they are a close call."""
    owners: dict[str, list[int]] = defaultdict(list)
    for n, node in by_id.items():
        for text in dict.fromkeys((plain_slug(node.slug), node.name, *node.aliases)):
            if key(text) and n not in owners[key(text)]:
                owners[key(text)].append(n)
    for name in sorted(owners):
        ids = sorted(owners[name], key=lambda n: rank(by_id[n], read[n]))
        for other in ids[1:]:
            first = ids[0]
            why = groups.obstacle(first, other) or (
                None if compatible(read[first], read[other]) else "their own names differ"
            )
            if why is None:
                groups.union(first, other)
            elif groups.find(first) != groups.find(other):
                pair = frozenset((first, other))
                evidence = f"both answer to '{name}', but {why}"
                candidates.setdefault(pair, Candidate(*sorted(pair), 100.0, evidence))


def _derivatives(
    read: dict[int, list[Reading]], by_identity: dict[tuple, list[Reading]], final: dict[int, int]
) -> list[Derivative]:
    """Quantizations and modified models whose base model is a node: the
    one node their name without the derivative parts names (the maker's,
    when copies under other publishers read alike)."""
    out: dict[tuple[int, int], Derivative] = {}
    for n, rs in read.items():
        for r in rs:
            if not r.parsed.derivative:
                continue
            for ns in dict.fromkeys((r.community, None)):
                found = by_identity.get(r.parsed.base_identity(ns), [])
                bases = {final[b.node.id] for b in found} - {final[n]}
                if len(bases) > 1:  # a copy under another publisher: the maker's is the base
                    maker = r.maker or r.node.vendor
                    bases = {final[b.node.id] for b in found if b.node.vendor == maker} - {final[n]}
                if len(bases) == 1:
                    parent = bases.pop()
                    relation = "quantization" if r.parsed.quant else "finetune"
                    out.setdefault(
                        (final[n], parent), Derivative(final[n], parent, relation, r.parsed.text)
                    )
                    break
    return [out[k] for k in sorted(out)]


def _near(
    read: dict[int, list[Reading]], groups: Groups, final: dict[int, int]
) -> dict[frozenset, Candidate]:
    """Pairs of nodes alike in size, stage and derivative parts whose family
    words are close but not equal: the close calls a curator may merge."""
    blocks: dict[tuple, dict[str, int]] = defaultdict(dict)
    for n, rs in read.items():
        for r in rs:
            i = r.identity
            blocks[(i[0], *i[2:])][" ".join(i[1])] = final[n]
    out: dict[frozenset, Candidate] = {}
    for block in sorted(blocks, key=repr):
        texts = sorted(blocks[block])
        if len(texts) < 2:
            continue
        for i, text in enumerate(texts[:-1]):
            later = texts[i + 1 :]
            for other, score, _ in process.extract(
                text, later, scorer=fuzz.ratio, score_cutoff=NEAR, limit=None
            ):
                a, b = blocks[block][text], blocks[block][other]
                if a == b or groups.obstacle(a, b) == "different vendors":
                    continue
                pair = frozenset((a, b))
                out.setdefault(
                    pair,
                    Candidate(
                        *sorted(pair),
                        round(float(score), 1),
                        f"family words '{text}' and '{other}' are close; size and stage agree",
                    ),
                )
    return out
