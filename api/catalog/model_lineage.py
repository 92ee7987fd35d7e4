"""A model's place in its lineage, as fields of `Model`: read from the index
derived with networkx after each import (graph.lineage), never a walk per
request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.lists import Capped
from tokenatlas.api.pagination import DEFAULT_PAGE, After, Connection, PageSize, connection
from tokenatlas.graph.lineage import queries as lineage

if TYPE_CHECKING:
    from tokenatlas.api.catalog.types import Model

ModelRef = Annotated["Model", strawberry.lazy("tokenatlas.api.catalog.types")]


@strawberry.type
class ModelLineage:
    """Lineage fields `Model` inherits (`self` is a model row)."""

    @strawberry.field(
        description="How many models derive from this one, at any depth, from the "
        "lineage edges sources give (0 when none)."
    )
    async def descendant_count(
        self,
        info: Info,
        relation: Annotated[
            str | None,
            strawberry.argument(
                description="Only those made so: finetune, quantization, adapter, merge "
                "or distillation."
            ),
        ] = None,
    ) -> int:
        lineage.check_relation(relation)
        summary = await info.context.loaders.lineage_by_model_id.load(self.id)
        return lineage.count_of(summary, relation)

    @strawberry.field(
        description="Models derived from this one at any depth, in a stable order, "
        "one page at a time."
    )
    def descendants(
        self,
        info: Info,
        relation: Annotated[
            str | None, strawberry.argument(description="Only those made so (see descendantCount).")
        ] = None,
        max_depth: Annotated[
            int | None,
            strawberry.argument(description="At most this many edges below; default any."),
        ] = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[ModelRef]:
        page = lineage.descendants(
            info.context.session,
            self.id,
            relation=relation,
            max_depth=max_depth,
            first=DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(page, lambda m: str(m.id))

    @strawberry.field(
        description="Models this one derives from, nearest first.",
        extensions=[Capped(lineage.MAX_ANCESTORS)],
    )
    def ancestors(
        self,
        info: Info,
        max_depth: Annotated[
            int | None,
            strawberry.argument(description="At most this many edges above; default any."),
        ] = None,
    ) -> list[ModelRef]:
        found = lineage.ancestors(
            info.context.session, self.id, max_depth=max_depth, limit=lineage.MAX_ANCESTORS
        )
        return [m for m, _ in found]

    @strawberry.field(
        description="The base models of its families (itself when it derives from none).",
        extensions=[Capped(100)],
    )
    async def roots(self, info: Info) -> list[ModelRef]:
        summary = await info.context.loaders.lineage_by_model_id.load(self.id)
        if summary is None:
            return [self]
        ids = [int(i) for i in summary.roots.split(",") if i]
        return list(await info.context.loaders.model_by_id.load_many(ids))

    @strawberry.field(
        description="Generation in its lineage: 0 for a base model, else one more than "
        "its latest parent's."
    )
    async def generation(self, info: Info) -> int:
        summary = await info.context.loaders.lineage_by_model_id.load(self.id)
        return 0 if summary is None else summary.generation
