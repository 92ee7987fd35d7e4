"""What the lab pass and the listing pass of one models.dev write share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.models_dev.catalogue import Catalogue
from tokenatlas.graph.sources.models_dev.matching import Matcher


@dataclass
class Run:
    """One write of a catalogue: the context, the matcher, the lab models
    found so far and the facts recorded once per model and field."""

    ctx: ImportContext
    cat: Catalogue
    as_of: date
    match: Matcher
    lab_models: dict[str, int] = field(default_factory=dict)  # "<lab>/<id>" -> model
    described: set[int] = field(default_factory=set)  # models a lab file describes
    facts_done: set[tuple[int, str]] = field(default_factory=set)
    done: int = 0

    @property
    def total(self) -> int:
        return len(self.cat.labs) + len(self.cat.listings)

    def tick(self) -> None:
        self.done += 1
        self.ctx.report.rows += 1
        self.ctx.progress(self.done, self.total)

    def fact(self, model_id: int, field_name: str, value: Any, locator: str) -> None:
        """Record a fact once per model and field: the first file wins (files
        are visited canonical ids first, dated and serving variants after)."""
        if value is None or (model_id, field_name) in self.facts_done:
            return
        self.facts_done.add((model_id, field_name))
        self.ctx.fact(model_id, field_name, value, locator=locator)
