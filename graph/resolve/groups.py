"""Union-find over model nodes, each group knowing what forbids a merge:
two vendors, two curated nodes, snapshot dates that cannot be one day, or a
curator's `apart`."""

from __future__ import annotations

from tokenatlas.graph.resolve.grammar import dates_agree
from tokenatlas.graph.resolve.reading import Node


class Groups:
    """Union-find over node ids, each group knowing what would forbid a merge."""

    def __init__(
        self,
        nodes: dict[int, Node],
        dates: dict[int, set],
        apart: set[frozenset],
        releases: set[int] = frozenset(),  # type: ignore[assignment]
    ):
        """`releases`: nodes one of whose own names carries no snapshot date
        (the release itself, which each of its dated snapshots may join)."""
        self.parent = {n: n for n in nodes}
        self.release = {n: n in releases for n in nodes}
        self.vendors = {n: {v} - {None} for n, v in ((n, x.vendor) for n, x in nodes.items())}
        self.curated = {n: int(x.curated) for n, x in nodes.items()}
        self.dates = {n: set(dates.get(n, ())) for n in nodes}
        self.members = {n: {n} for n in nodes}
        self.apart = apart

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def obstacle(self, a: int, b: int, maker: int | None = None) -> str | None:
        """Why the groups of a and b must stay apart, or None."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        vendors = self.vendors[ra] | self.vendors[rb] | ({maker} - {None})
        if len(vendors) > 1:
            return "different vendors"
        if self.curated[ra] and self.curated[rb]:
            return "both curated"
        if not (self.release[ra] or self.release[rb]) and any(
            not dates_agree(x, y) for x in self.dates[ra] for y in self.dates[rb]
        ):
            return "different snapshot dates"
        for x in self.members[ra]:
            for y in self.members[rb]:
                if frozenset((x, y)) in self.apart:
                    return "kept apart by a curator"
        return None

    def union(self, a: int, b: int, maker: int | None = None) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return
        self.parent[rb] = ra
        self.vendors[ra] |= self.vendors[rb] | ({maker} - {None})
        self.curated[ra] += self.curated[rb]
        self.dates[ra] |= self.dates[rb]
        self.release[ra] = self.release[ra] or self.release[rb]
        self.members[ra] |= self.members.pop(rb)
