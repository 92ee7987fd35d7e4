"""Entity resolution's close calls: `mergeCandidates`, for a curator to
decide in seeds/resolution.yaml."""

from __future__ import annotations

from operator import attrgetter
from typing import Annotated

import strawberry
from tokenatlas.api.catalog.types import Model
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.pagination import DEFAULT_PAGE, After, Connection, PageSize, connection
from tokenatlas.api.provenance.types import Source, cite
from tokenatlas.graph.analytics.resolution import CandidateRow, merge_candidates


@exposes(
    CandidateRow,
    name="MergeCandidate",
    description="Two models the resolution stage kept apart though they may be one: "
    "a close call for a curator (seeds/resolution.yaml merge or apart).",
)
class MergeCandidate:
    @strawberry.field(description="One of the two models.")
    async def a(self, info: Info) -> Model:
        return await info.context.loaders.model_by_id.load(self.row.model_a_id)

    @strawberry.field(description="The other model.")
    async def b(self, info: Info) -> Model:
        return await info.context.loaders.model_by_id.load(self.row.model_b_id)

    @strawberry.field(
        description="How alike the names are, 0 to 100: 100 when every part of the names "
        "agrees and something else (vendor, snapshot date, curation) kept them apart."
    )
    def score(self) -> float:
        return self.row.score

    @strawberry.field(description="Why they are a close call, in words.")
    def evidence(self) -> str:
        return self.row.evidence

    @strawberry.field(description="The resolution stage that listed the pair.")
    def source(self, info: Info) -> Source:
        return cite(info, self.row.source_id, None)


@strawberry.type
class ResolutionQuery:
    @strawberry.field(
        description="Close calls of entity resolution, best score first, one page at a "
        "time: pairs of models whose names read alike but that were kept apart."
    )
    def merge_candidates(
        self,
        info: Info,
        min_score: Annotated[
            float, strawberry.argument(description="Only pairs scoring at least this (0..100).")
        ] = 90.0,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[MergeCandidate]:
        page = merge_candidates(
            info.context.session,
            min_score=min_score,
            first=DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(page, attrgetter("position"))
