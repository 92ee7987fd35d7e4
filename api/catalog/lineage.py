"""Lineage at the root: a model's family drawn as nodes and edges, and the
families ranked by the size of their derivative ecosystems. Both read the
index derived with networkx after each import (graph.lineage)."""

from __future__ import annotations

import json
from enum import Enum
from operator import attrgetter
from typing import Annotated

import strawberry
from tokenatlas.api.catalog.types import Model
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped
from tokenatlas.api.pagination import DEFAULT_PAGE, After, Connection, PageSize, connection
from tokenatlas.api.provenance.types import Source, cite
from tokenatlas.graph.lineage import queries as lineage
from tokenatlas.graph.lineage.queries import Drawing, FamilyRow
from tokenatlas.graph.resolve.lookup import find_model, find_vendor
from tokenatlas.graph.store.tables import LineageEdge


@strawberry.type(description="How many descendants were made one way.")
class RelationCount:
    relation: str = strawberry.field(
        description="finetune, quantization, adapter, merge or distillation."
    )
    count: int = strawberry.field(description="Descendants made so.")


@exposes(FamilyRow, name="Family", description="A base model and the models derived from it.")
class Family:
    @strawberry.field(description="The base model (it derives from no other).")
    def model(self) -> Model:
        return self.model

    @strawberry.field(description="Models derived from it, at any depth.")
    def descendants(self) -> int:
        return self.summary.descendants

    @strawberry.field(description="Descendants by how each was made.", extensions=[Capped(10)])
    def by_relation(self) -> list[RelationCount]:
        counts = json.loads(self.summary.by_relation)
        return [RelationCount(relation=r, count=n) for r, n in sorted(counts.items())]

    @strawberry.field(
        description="What the count covers: the sources whose lineage edges it is made "
        "of (a Hub-wide figure needs the Hub's own listing).",
        extensions=[Capped(100)],
    )
    def sources(self, info: Info) -> list[Source]:
        return [cite(info, s, None) for s in self.sources]


@exposes(LineageEdge, name="LineageEdge", description="One edge: child made from parent.")
class LineageEdgeDrawn:
    @strawberry.field(description="The model made.")
    async def child(self, info: Info) -> Model:
        return await info.context.loaders.model_by_id.load(self.child_id)

    @strawberry.field(description="The model it was made from.")
    async def parent(self, info: Info) -> Model:
        return await info.context.loaders.model_by_id.load(self.parent_id)

    relation: str = strawberry.field(
        description="finetune, quantization, adapter, merge or distillation."
    )

    @strawberry.field(description="Where the edge comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, self.locator)


@exposes(Drawing, name="LineageDrawing", description="A model's lineage, shaped for drawing.")
class LineageDrawing:
    @strawberry.field(description="The model asked for.")
    def model(self) -> Model:
        return self.center

    @strawberry.field(
        description="Every model drawn: the model, its ancestors and descendants.",
        extensions=[Capped(lineage.MAX_DRAWN + 1)],
    )
    def nodes(self) -> list[Model]:
        return self.nodes

    @strawberry.field(
        description="The edges between the models drawn, each with its source.",
        extensions=[Capped(lineage.MAX_EDGES)],
    )
    def edges(self) -> list[LineageEdgeDrawn]:
        return self.edges

    truncated: bool = strawberry.field(
        description=f"True when more than {lineage.MAX_DRAWN} models lie within maxDepth."
    )


@strawberry.enum(description="How families are ranked.")
class FamilyOrder(Enum):
    DESCENDANTS = "descendants"


@strawberry.type
class LineageQuery:
    @strawberry.field(
        description="A model's lineage within maxDepth edges, as nodes and edges to draw."
    )
    def lineage(
        self,
        info: Info,
        model: Annotated[str, strawberry.argument(description="Slug, name or alias.")],
        max_depth: Annotated[
            int, strawberry.argument(description="Edges above and below the model.")
        ] = 2,
    ) -> LineageDrawing:
        found = find_model(info.context.session, model)
        return lineage.drawing(info.context.session, found, max_depth=max_depth)

    @strawberry.field(
        description="Base models ranked by the size of their derivative ecosystem, from "
        "the lineage edges sources give."
    )
    def families(
        self,
        info: Info,
        order_by: Annotated[
            FamilyOrder, strawberry.argument(description="Ranking; largest first.")
        ] = FamilyOrder.DESCENDANTS,
        vendor: Annotated[
            str | None, strawberry.argument(description="Only this vendor's base models.")
        ] = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[Family]:
        session = info.context.session
        vendor_id = find_vendor(session, vendor).id if vendor else None
        page = lineage.families(
            session,
            vendor_id=vendor_id,
            first=DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(page, attrgetter("position"))
