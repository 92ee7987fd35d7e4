"""The `claims` root field: every figure the documents state, with what
the data says of it, filtered and a page at a time."""

from __future__ import annotations

from typing import Annotated

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.factcheck.types import ClaimStatus, Contradiction, ContradictionKind
from tokenatlas.api.pagination import DEFAULT_PAGE, After, Connection, PageSize, connection
from tokenatlas.api.provenance.types import Claim
from tokenatlas.graph.factcheck import check as factcheck
from tokenatlas.graph.factcheck import contradictions


@strawberry.type
class FactCheckQuery:
    @strawberry.field(
        description="Figures documents state, each with its status against the data (the "
        "value the data derives, the difference and its Source, or what the data lacks), in "
        "source then key order."
    )
    def claims(
        self,
        info: Info,
        status: Annotated[
            ClaimStatus | None, strawberry.argument(description="Only claims with this status.")
        ] = None,
        source: Annotated[
            str | None, strawberry.argument(description="Only this source id.")
        ] = None,
        subject: Annotated[
            str | None,
            strawberry.argument(
                description="Only this subject, as the claim names it (a model name, "
                "vendor:<slug>, country:<ISO>...)."
            ),
        ] = None,
        measure: Annotated[
            str | None,
            strawberry.argument(
                description="Only this measure (weekly_tokens, token_share, price_input...)."
            ),
        ] = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[Claim]:
        page = factcheck.page(
            info.context.session,
            status=None if status is None else status.value,
            source=source,
            subject=subject,
            measure=measure,
            first=DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(page, factcheck.position)

    @strawberry.field(
        description="Where sources disagree about a figure: a claim against the data, two "
        "documents against each other, or one document against itself; each side with its "
        "source and locator. Nothing here says which side is right."
    )
    def contradictions(
        self,
        info: Info,
        kind: Annotated[
            ContradictionKind | None, strawberry.argument(description="Only this kind.")
        ] = None,
        source: Annotated[
            str | None, strawberry.argument(description="Only those naming this source id.")
        ] = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[Contradiction]:
        page = contradictions.page(
            info.context.session,
            kind=None if kind is None else kind.value,
            source=source,
            first=DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(page, lambda c: c.position)
