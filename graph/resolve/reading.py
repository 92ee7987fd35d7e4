"""How the resolution stage reads a node: its own names through the grammar
(`graph.resolve.grammar`), with what a namespace or a vendor's name means,
the snapshot dates it stands for, and how nodes rank when several are one."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tokenatlas.graph.resolve.grammar import ParsedName, parse
from tokenatlas.graph.resolve.names import key


@dataclass(frozen=True)
class Node:
    """A model node as the stage sees it."""

    id: int
    slug: str
    name: str
    vendor: int | None = None
    curated: bool = False
    known: bool = True
    tier: int = 3
    aliases: tuple[str, ...] = ()  # names other sources gave it (for overrides)
    # The dataset that created it, as (its precedence, its name); (0, "")
    # for the catalogue (graph.resolve.settle.dataset_order).
    dataset: tuple[int, str] = (0, "")


@dataclass(frozen=True)
class Reading:
    """One own name of a node, parsed, and what it means for merging."""

    node: Node
    parsed: ParsedName
    community: str | None  # the namespace when it is not the maker's
    maker: int | None  # the vendor a maker's namespace names

    @property
    def identity(self) -> tuple:
        return self.parsed.identity(self.community, dated=self.community is not None)


def rank(node: Node, readings: list[Reading]) -> tuple:
    """Which node of a merged group stays: curated, known, plainly named
    (no serving term, no date, no community namespace), most authoritative
    source, then the shortest slug, then the dataset's precedence. Never the
    order nodes came in (which decides their ids and which of two datasets'
    nodes holds a plain slug)."""
    slug = plain_slug(node.slug)
    p = parse(slug)
    return (
        not node.curated,
        not node.known,
        bool(p.served),
        bool(p.dates),
        slug.count("/"),
        node.tier,
        len(slug),
        slug,
        node.dataset,
    )


_DATASET_TAG = re.compile(r"@[a-z]+(?:-[a-z]+)*$")


def plain_slug(slug: str) -> str:
    """A slug without the `@dataset` that tells two datasets' nodes apart
    (graph.sources.nodes); an `@` in an id (`...@20240620`, `...@336px)`)
    stays.

    >>> plain_slug("gpt-5@models-dev"), plain_slug("gpt-5"), plain_slug("clip@336px")
    ('gpt-5', 'gpt-5', 'clip@336px')
    """
    return _DATASET_TAG.sub("", slug)


def _without_maker(p: ParsedName, maker_words: frozenset[str]) -> ParsedName:
    """`Mistral Small 3.1` is `Small 3.1` from Mistral: a family that opens
    with its vendor's name reads without it, when a word still names it."""
    rest = p.family[1:]
    if (
        p.family
        and key(p.family[0]) in maker_words
        and any(sum(map(str.isalpha, w)) >= 3 for w in rest)
    ):
        return replace(p, family=rest)
    return p


def readings(
    node: Node,
    makers: dict[str, int],
    providers: frozenset[str],
    maker_words: frozenset[str] = frozenset(),
) -> list[Reading]:
    """The node's own names (slug and display name), read by the grammar;
    `maker_words` are the folded names of the node's vendor."""
    out = []
    for text in dict.fromkeys((plain_slug(node.slug), node.name)):
        p = _without_maker(parse(text), maker_words)
        if not any(c.isalpha() for w in p.family for c in w):
            continue  # nothing that names a model (`14`, `v1`)
        community, maker = None, None
        if p.namespace:
            parts = [x for x in p.namespace.replace(".", "/").split("/") if x]
            makers_found = [makers[key(x)] for x in parts if key(x) in makers]
            if makers_found:
                maker = makers_found[-1]
            elif not any(key(x) in providers for x in parts):
                community = p.namespace
        out.append(Reading(node, p, community, maker))
    return out


def node_dates(node: Node, own: list[Reading]) -> set[str]:
    """The snapshot dates a node stands for: those of its own names, and of
    the aliases that name the same model (a node merged on an earlier run
    keeps the dates of the names it absorbed)."""
    mine = {r.identity for r in own if r.community is None}
    out = {d for r in own if r.community is None for d in r.parsed.dates}
    for alias in node.aliases:
        p = parse(alias)
        if p.dates and p.namespace is None and p.identity() in mine:
            out |= set(p.dates)
    return out


def compatible(a: list[Reading], b: list[Reading]) -> bool:
    """Whether two nodes' own names leave room for one model: no two
    different sizes, stages or derivative parts where both state one."""
    for part in ("size", "stage"):
        mine = {getattr(r.parsed, part) for r in a} - {None}
        theirs = {getattr(r.parsed, part) for r in b} - {None}
        if mine and theirs and mine.isdisjoint(theirs):
            return False
    derived = {(r.parsed.quant, r.parsed.modified) for r in a}
    return bool(derived & {(r.parsed.quant, r.parsed.modified) for r in b}) or not (a and b)
