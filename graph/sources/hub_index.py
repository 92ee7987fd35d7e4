"""Hugging Face ids matched literally: the import's model index read by exact
key only, for the duration of an import (`literal_ids`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from sqlmodel import Session, col, select
from tokenatlas.graph.resolve.index import ModelIndex, Resolution
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.resolve.reading import plain_slug
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.nodes import slugify
from tokenatlas.graph.store.tables import Model


class HubIndex(ModelIndex):
    """The import's model index read literally, for Hugging Face ids.

    It shares the wrapped index's tables (names added through it reach the
    rest of the import) but resolves a name only by its exact key: no prefix,
    date/version, mode or word-order rule. Ids this import has claimed are
    matched case-insensitively (the Hub treats `Org/Model` and `org/model` as
    one repository), and a model one id claimed is not handed to another id
    that merely folds to the same key (`org/Phi4-Super` is not `org/Phi-4-Super`).
    When several models share the key (both of those, on a later run), the one
    whose name or slug spells the id wins.
    """

    def __init__(self, base: ModelIndex, session: Session):
        super().__init__(base.by_key, base.by_bag, base.endpoints)
        self.session = session
        self.hub: dict[str, Hashable] = {}  # lowercased hub id -> model
        self.claimed: set[Hashable] = set()

    def claim(self, hub_id: str, model: Hashable) -> None:
        self.hub[hub_id.lower()] = model
        self.claimed.add(model)

    def resolve(
        self, name: str, platform: str | None = None, *, keep_prefix: bool = False
    ) -> Resolution:
        mine = self.hub.get(name.lower())
        if mine is not None:
            return Resolution(name, mine)
        found = sorted(
            (m for m in self.by_key.get(key(name), ()) if m not in self.claimed), key=str
        )
        if len(found) > 1:
            found = self._spelled(name, found) or found
        if len(found) == 1:
            return Resolution(name, found[0])
        return Resolution(name, candidates=tuple(found))

    def _spelled(self, name: str, candidates: list[Hashable]) -> list[Hashable]:
        """The candidates whose stored name or slug spells `name` (case aside)."""
        rows = self.session.exec(
            select(Model.id, Model.name, Model.slug).where(col(Model.id).in_(candidates))
        )
        return [
            m
            for m, n, slug in rows
            if n.lower() == name.lower() or plain_slug(slug) == slugify(name)
        ]


@contextmanager
def literal_ids(ctx: ImportContext) -> Iterator[HubIndex]:
    """Resolve through a `HubIndex` for the duration of the block."""
    shared = ctx.models
    ctx.models = HubIndex(shared, ctx.session)
    try:
        yield ctx.models
    finally:
        ctx.models = shared
