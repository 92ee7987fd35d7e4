"""Entity resolution: from any name or id a source uses to one canonical model.

One `ModelIndex` serves every loader. It answers with a `Resolution` that says
which model (and endpoint) a name means, which normalisation rules it took to
get there, or why it could not: unknown, or ambiguous between candidates. An
ambiguous name is never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from sqlmodel import Session, select
from tokenatlas.graph.resolve.names import bag, key, spellings
from tokenatlas.graph.store.tables import Endpoint, Model, ModelAlias, Vendor, VendorAlias

Id = Hashable


@dataclass(frozen=True)
class Resolution:
    name: str
    model: Id | None = None
    endpoint: Id | None = None
    variant: str | None = None  # endpoint variant the name carried (free, batch...)
    rules: tuple[str, ...] = ()  # normalisation rules applied; () when exact
    candidates: tuple[Id, ...] = ()

    @property
    def status(self) -> str:
        if self.model is not None:
            return "exact" if not self.rules else "rule"
        return "ambiguous" if len(self.candidates) > 1 else "unknown"

    @property
    def resolved(self) -> bool:
        return self.model is not None


@dataclass
class ModelIndex:
    """Alias keys, order-free keys and endpoint ids, each to model ids."""

    by_key: dict[str, set[Id]] = field(default_factory=lambda: defaultdict(set))
    by_bag: dict[str, set[Id]] = field(default_factory=lambda: defaultdict(set))
    endpoints: dict[tuple[str, str], tuple[Id, Id, str]] = field(default_factory=dict)

    def add_name(self, model: Id, name: str) -> None:
        self.by_key[key(name)].add(model)
        self.by_bag[bag(name)].add(model)

    def add_endpoint(
        self, model: Id, endpoint: Id, platform: str, external_id: str, variant: str
    ) -> None:
        self.endpoints[(platform, key(external_id))] = (endpoint, model, variant)
        self.add_name(model, external_id)

    def owners(self, name: str) -> set[Id]:
        """Models that list exactly this name (after folding case and separators)."""
        return set(self.by_key.get(key(name), ()))

    def resolve(
        self, name: str, platform: str | None = None, *, keep_prefix: bool = False
    ) -> Resolution:
        """The model `name` means on `platform` (when given), by the most
        literal reading that matches exactly one model. `keep_prefix` never
        drops an `org/` prefix (for Hugging Face ids, where `user/Llama-3-8B`
        is not `meta-llama/Llama-3-8B`)."""
        if platform is not None:
            hit = self.endpoints.get((platform, key(name)))
            if hit:
                endpoint, model, variant = hit
                return Resolution(name, model, endpoint, variant)
        for spelling in spellings(name):
            if keep_prefix and "prefix" in spelling.rules:
                continue
            for table, rule in ((self.by_key, ()), (self.by_bag, ("word-order",))):
                lookup = key(spelling.text) if rule == () else bag(spelling.text)
                found = table.get(lookup)
                if not found:
                    continue
                rules = spelling.rules + rule
                if len(found) > 1:
                    return Resolution(name, rules=rules, candidates=tuple(sorted(found, key=str)))
                (model,) = found
                return Resolution(name, model, variant=spelling.endpoint, rules=rules)
        return Resolution(name)

    @classmethod
    def from_session(cls, session: Session) -> ModelIndex:
        index = cls()
        for model_id, slug, name in session.exec(select(Model.id, Model.slug, Model.name)):
            index.add_name(model_id, slug)
            index.add_name(model_id, name)
        for model_id, alias in session.exec(select(ModelAlias.model_id, ModelAlias.alias)):
            index.add_name(model_id, alias)
        for row in session.exec(select(Endpoint)):
            index.add_endpoint(row.model_id, row.id, row.platform, row.external_id, row.variant)
        return index


@dataclass
class VendorIndex:
    by_key: dict[str, set[Id]] = field(default_factory=lambda: defaultdict(set))

    def add_name(self, vendor: Id, name: str) -> None:
        self.by_key[key(name)].add(vendor)

    def resolve(self, name: str) -> Id | None:
        found = self.by_key.get(key(name), set())
        return next(iter(found)) if len(found) == 1 else None

    @classmethod
    def from_session(cls, session: Session) -> VendorIndex:
        index = cls()
        for vendor_id, slug, name in session.exec(select(Vendor.id, Vendor.slug, Vendor.name)):
            index.add_name(vendor_id, slug)
            index.add_name(vendor_id, name)
        for vendor_id, alias in session.exec(select(VendorAlias.vendor_id, VendorAlias.alias)):
            index.add_name(vendor_id, alias)
        return index
