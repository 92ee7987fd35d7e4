"""Provenance types: where a figure comes from (Source), every value sources
give for a field (FieldValues), and what documents state (Claim)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.factcheck.types import ClaimVerdict
from tokenatlas.api.lists import Capped
from tokenatlas.graph.provenance import conflicts
from tokenatlas.graph.provenance.facts import encode
from tokenatlas.graph.store import tables
from tokenatlas.graph.store.tables import Source as SourceRow

if TYPE_CHECKING:
    from tokenatlas.api.catalog.types import Model


@dataclass(frozen=True)
class Citation:
    """A Source as one figure cites it: the source row, and where in the
    source the figure stands. Reads every other attribute from the row."""

    row: tables.Source
    locator: str | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


@exposes(
    Citation, tables.Source, description="Where a figure comes from: a document or a data snapshot."
)
class Source:
    locator: str | None = strawberry.field(
        description="Where in the source the figure stands: a paragraph (p4), a row id, a key. "
        "Null when the whole source is meant."
    )
    id: str = strawberry.field(
        description="Stable id of the source, e.g. an article's file id or "
        "'openrouter-weekly/2026-03-16'."
    )
    kind: str = strawberry.field(description="article, snapshot, dataset, package or catalog.")
    title: str = strawberry.field(description="Title of the document or snapshot.")
    publisher: str | None = strawberry.field(
        description="Who published it, as the source names it; null when unknown."
    )
    author: str | None = strawberry.field(
        description="Author, as the source names it; null when unknown."
    )

    @strawberry.field(
        description="Publication date (documents), or collection date (snapshots). "
        "See dateInferred."
    )
    def date(self) -> date | None:
        return self.published or self.collected

    date_inferred: bool = strawberry.field(
        description="True when the date is inferred from the content, not stated."
    )
    date_note: str | None = strawberry.field(
        description="How the date was established, when it was inferred."
    )
    url: str | None = strawberry.field(description="URL of the source, when known.")
    licence: str | None = strawberry.field(description="Licence of the source's data, when known.")
    notes: str | None = strawberry.field(
        description="Free-text notes on the source (coverage, quirks)."
    )


def cite(info: Info, source_id: str, locator: str | None) -> Source:
    """The Source `source_id`, as cited at `locator` (from memory: the small
    tables are kept per state of the store, graph.store.reference)."""
    return Citation(info.context.row(SourceRow, source_id), locator)  # type: ignore[return-value]


@exposes(
    conflicts.Value,
    description="One source's value for a field, and whether it is the one preferred.",
)
class FieldValue:
    @strawberry.field(description="The value as text (lists joined with ', ').")
    def value(self) -> str:
        v = self.value
        if isinstance(v, list):
            return ", ".join(map(str, v))
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    @strawberry.field(description="The value as JSON (a string, number, boolean or list).")
    def value_json(self) -> str:
        return encode(self.value)

    preferred: bool = strawberry.field(
        description="True for the value the graph uses (see reason)."
    )
    reason: str | None = strawberry.field(
        description="Why this value is preferred: the precedence of its source "
        "(curated seeds, then the vendor's statement, catalogues, press, "
        "leaderboards; then the most recent). Null for the others."
    )
    tier: int = strawberry.field(
        description="Precedence tier of the value: 1 curated, 2 vendor, "
        "3 catalogue, 4 press, 5 leaderboard."
    )
    note: str | None = strawberry.field(
        description="What qualifies the value (a benchmark's setting, harness "
        "or variant), when stated."
    )

    @strawberry.field(description="Where the value comes from.")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, self.locator)


@exposes(
    conflicts.FieldValues, description="Every value sources give for one field, preferred first."
)
class FieldValues:
    field: str = strawberry.field(
        description="The field: release_date, params_total, context_window, "
        "country, license... or benchmark:<slug> for a benchmark's scores."
    )
    disagree: bool = strawberry.field(description="True when the sources give different values.")
    preferred: FieldValue | None = strawberry.field(description="The value the graph uses.")
    values: list[FieldValue] = strawberry.field(
        description="All values, preferred first, each with its source.",
        extensions=[Capped(100)],
    )


def only_field(fields: list[conflicts.FieldValues], field: str | None) -> list[FieldValues]:
    """The values of `field`, or of every field when it is None."""
    return [f for f in fields if field is None or f.field == field]  # type: ignore[misc]


@exposes(
    tables.Claim,
    description="A figure a document states, kept as stated, to compare with what the data "
    "derives.",
)
class Claim(ClaimVerdict):
    key: str = strawberry.field(description="Key of the claim, unique within its source.")
    subject: str = strawberry.field(
        description="What the claim is about, as curated: a model name, "
        "vendor:<slug>, country:<ISO>, platform:<name> or group:<text>."
    )
    subject_kind: str = strawberry.field(description="model, vendor, country, platform or group.")

    @strawberry.field(description="The model the subject resolves to, when it is a model.")
    async def model(
        self, info: Info
    ) -> Annotated[Model, strawberry.lazy("tokenatlas.api.catalog.types")] | None:
        if self.model_id is None:
            return None
        return await info.context.loaders.model_by_id.load(self.model_id)

    measure: str = strawberry.field(
        description="What is measured: weekly_tokens, token_share, price_input, "
        "benchmark_score... (see seeds/README.md)."
    )

    @strawberry.field(description="The stated number as an exact decimal string; null for text.")
    def value(self) -> Decimal | None:
        return self.value_num

    value_text: str | None = strawberry.field(
        description="The stated value when it is text (a licence, an architecture)."
    )
    unit: str = strawberry.field(
        description="Unit of the value: tokens, fraction, USD/Mtok, USD, percent..."
    )
    qualifier: str | None = strawberry.field(
        description="How the source hedged it: about, over, nearly...; null when stated plainly."
    )
    period_start: date | None = strawberry.field(
        description="First day of the period the claim covers, when it has one."
    )
    period_end: date | None = strawberry.field(
        description="Last day (inclusive) of the period the claim covers."
    )
    as_of: date | None = strawberry.field(
        description="The day a point-in-time figure holds, when stated."
    )
    benchmark: str | None = strawberry.field(description="Benchmark slug, for benchmark scores.")
    setting: str | None = strawberry.field(description="Mode or variant, for benchmark scores.")
    compare_to: str | None = strawberry.field(
        description="The other side of a ratio or comparison."
    )
    denominator: str | None = strawberry.field(
        description="What a share is a share of, as the source frames it."
    )
    note: str | None = strawberry.field(description="Curator's note, in our words.")

    @strawberry.field(description="The document that makes the claim, with the paragraph.")
    def source(self, info: Info) -> Source:
        return cite(info, self.source_id, self.locator)
