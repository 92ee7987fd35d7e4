"""What the data says about a claim: fields every `Claim` inherits (`self`
is a claim row), read from the store's claim checks
(graph.factcheck.check), computed once per state of the store."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped
from tokenatlas.graph.factcheck import check as factcheck
from tokenatlas.graph.factcheck import contradictions

if TYPE_CHECKING:
    from tokenatlas.api.provenance.types import Source


@strawberry.enum(description="A claim against the data.")
class ClaimStatus(Enum):
    CONSISTENT = strawberry.enum_value(
        factcheck.CONSISTENT, description="The data derives a value the claim's wording meets."
    )
    CONTRADICTED = strawberry.enum_value(
        factcheck.CONTRADICTED,
        description="The data derives a value the claim's wording does not meet: see "
        "derivedValue, difference and derivedFrom.",
    )
    UNVERIFIABLE = strawberry.enum_value(
        factcheck.UNVERIFIABLE,
        description="The data cannot answer it: `reason` says what it lacks.",
    )


def _check(info: Info, claim_id: int) -> factcheck.ClaimCheck | None:
    return info.context.claim_checks.get(claim_id)


@strawberry.type
class ClaimVerdict:
    """Fact-check fields `Claim` inherits."""

    @strawberry.field(description="Whether the data bears the claim out.")
    def status(self, info: Info) -> ClaimStatus:
        found = _check(info, self.id)  # type: ignore[attr-defined]
        return ClaimStatus(found.status if found else factcheck.UNVERIFIABLE)

    @strawberry.field(
        description="The value the data derives for the claim's measure, subject and period, "
        "in the claim's unit; null when unverifiable or text."
    )
    def derived_value(self, info: Info) -> Decimal | None:
        found = _check(info, self.id)  # type: ignore[attr-defined]
        value = found.derived.value if found and found.derived else None
        return value if isinstance(value, Decimal) else None

    @strawberry.field(description="The text the data derives (a licence, an architecture).")
    def derived_text(self, info: Info) -> str | None:
        found = _check(info, self.id)  # type: ignore[attr-defined]
        value = found.derived.value if found and found.derived else None
        return value if isinstance(value, str) else None

    @strawberry.field(description="derivedValue minus the stated value.")
    def difference(self, info: Info) -> Decimal | None:
        found = _check(info, self.id)  # type: ignore[attr-defined]
        return found.difference if found else None

    @strawberry.field(description="The Source the derived value comes from, with where in it.")
    def derived_from(
        self, info: Info
    ) -> Annotated[Source, strawberry.lazy("tokenatlas.api.provenance.types")] | None:
        from tokenatlas.api.provenance.types import cite

        found = _check(info, self.id)  # type: ignore[attr-defined]
        if found is None or found.derived is None or found.derived.source_id is None:
            return None
        return cite(info, found.derived.source_id, found.derived.locator)

    @strawberry.field(
        description="For a contradicted claim, hypotheses from the data that would make the "
        "stated figure hold, with their arithmetic: models a token total may have left out or "
        "counted too, provider choices that give a stated price ratio. Possibilities, not "
        "facts; empty where the data offers none.",
        extensions=[Capped(3)],
    )
    def explanations(self, info: Info) -> list[str]:
        found = _check(info, self.id)  # type: ignore[attr-defined]
        return list(found.explanations) if found else []

    @strawberry.field(
        description="Why the status is what it is: the rule applied and how the value was "
        "derived, or what the data lacks."
    )
    def reason(self, info: Info) -> str:
        found = _check(info, self.id)  # type: ignore[attr-defined]
        return found.reason if found else "not checked"


@strawberry.enum(description="Who disagrees with whom.")
class ContradictionKind(Enum):
    CLAIM_VS_DATA = strawberry.enum_value(
        contradictions.CLAIM_VS_DATA, description="A claim against the value the data derives."
    )
    CLAIM_VS_CLAIM = strawberry.enum_value(
        contradictions.CLAIM_VS_CLAIM,
        description="Two documents state one dated figure, and no value meets both.",
    )
    DATA_VS_DATA = strawberry.enum_value(
        contradictions.DATA_VS_DATA,
        description="Two datasets score one model on one benchmark apart.",
    )
    WITHIN_SOURCE = strawberry.enum_value(
        contradictions.WITHIN_SOURCE,
        description="One document against itself: a figure stated twice apart, a ranking out "
        "of its stated order, shares and tokens implying different totals.",
    )


@exposes(contradictions.Statement, description="One side of a contradiction.")
class Statement:
    claim_key: str | None = strawberry.field(
        description="The claim's key when a document states it; null for a value the data derives."
    )
    value: str = strawberry.field(description="The value as stated, with qualifier and unit.")

    @strawberry.field(description="Who states it, and where.")
    def source(
        self, info: Info
    ) -> Annotated[Source, strawberry.lazy("tokenatlas.api.provenance.types")]:
        from tokenatlas.api.provenance.types import cite

        return cite(info, self.source_id, self.locator)


@exposes(
    contradictions.Contradiction,
    description="Two statements of one figure that cannot both hold, each with its source.",
)
class Contradiction:
    @strawberry.field(description="Who disagrees with whom.")
    def kind(self) -> ContradictionKind:
        return ContradictionKind(self.kind)

    measure: str = strawberry.field(description="The measure both speak of.")
    subject: str = strawberry.field(description="The subject, as the first side names it.")
    period: str | None = strawberry.field(description="The period or date, when stated.")
    first: Statement = strawberry.field(description="One side.")
    second: Statement = strawberry.field(description="The other side.")
    reason: str = strawberry.field(description="Why both cannot hold, in words.")
