"""Entity resolution: from any name or id a source uses to one canonical model.

A `ModelIndex` holds every name in the store (for lookups), or only the names
one import may see (`view_of`: the catalogue, the price list and the dataset's
own). It answers with a `Resolution` that says
which model (and endpoint) a name means, which normalisation rules it took to
get there, or why it could not: unknown, or ambiguous between candidates. An
ambiguous name is never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select
from tokenatlas.graph.resolve.names import bag, key, spellings
from tokenatlas.graph.resolve.reading import plain_slug
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
    def from_session(cls, session: Session, view: tuple[str, ...] | None = None) -> ModelIndex:
        """Every name in the store, or with `view` (`view_of`) only the names
        its sources gave, wherever they are now: a node's slug and name
        count for the source that created it, an alias or endpoint for the
        one that listed it (the price list's name for a node the stage
        merged into another dataset's is still the price list's name)."""
        index = cls()
        own = select(Model.id, Model.slug, Model.name)
        aliases = select(ModelAlias.model_id, ModelAlias.alias)
        endpoints = select(Endpoint)
        if view is not None:
            own = own.where(in_view(col(Model.source_id), view))
            aliases = aliases.where(in_view(col(ModelAlias.source_id), view))
            endpoints = endpoints.where(in_view(col(Endpoint.source_id), view))
        for model_id, slug, name in session.exec(own):
            index.add_name(model_id, slug)
            index.add_name(model_id, plain_slug(slug))  # `gpt-5` for `gpt-5@epoch`
            index.add_name(model_id, name)
        for model_id, alias in session.exec(aliases):
            index.add_name(model_id, alias)
        for row in session.exec(endpoints):
            index.add_endpoint(row.model_id, row.id, row.platform, row.external_id, row.variant)
        return index


CATALOG = "tokenatlas-catalog"  # the curated seeds' source
PRICE_LIST = "genai-prices"  # the bundled price list's dataset (graph.sources.price_list)


def view_of(dataset: str) -> tuple[str, ...]:
    """The sources whose names a dataset's import resolves against: the
    shared ones (the catalogue, the price list), then, last, every copy of
    the dataset itself."""
    return (CATALOG, f"{PRICE_LIST}@", f"{dataset}@")


def named_in_view(names: type, entity: type, view: tuple[str, ...]):
    """A condition on a table of vendor names joined to the vendor they
    name: the dataset's own names count wherever they are; a shared
    source's only on a vendor the view holds. (The stage files a curator's
    vendor names under the catalogue on whichever vendor it keeps, maybe
    one another dataset made: seeing them would show this dataset that
    vendor.)"""
    own, shared = view[-1:], view[:-1]
    return or_(
        in_view(col(names.source_id), own),
        and_(in_view(col(names.source_id), shared), in_view(col(entity.source_id), view)),
    )


def admits(view: tuple[str, ...], source_id: str) -> bool:
    """Whether `view` (see `in_view`) admits the names of `source_id`."""
    return any(source_id.startswith(v) if v.endswith("@") else source_id == v for v in view)


def in_view(column, view: tuple[str, ...]):
    """A condition on a `source_id` column: the source is one `view` names,
    by id or, for an entry ending in `@`, by dataset (every copy of it)."""
    return or_(
        *(column.startswith(v, autoescape=True) if v.endswith("@") else column == v for v in view)
    )


@dataclass
class VendorIndex:
    by_key: dict[str, set[Id]] = field(default_factory=lambda: defaultdict(set))

    def add_name(self, vendor: Id, name: str) -> None:
        self.by_key[key(name)].add(vendor)

    def resolve(self, name: str) -> Id | None:
        found = self.by_key.get(key(name), set())
        return next(iter(found)) if len(found) == 1 else None

    @classmethod
    def from_session(cls, session: Session, view: tuple[str, ...] | None = None) -> VendorIndex:
        """Every vendor name, or with `view` only those it admits
        (`named_in_view`)."""
        index = cls()
        own = select(Vendor.id, Vendor.slug, Vendor.name)
        aliases = select(VendorAlias.vendor_id, VendorAlias.alias)
        if view is not None:
            own = own.where(in_view(col(Vendor.source_id), view))
            aliases = aliases.join(Vendor).where(named_in_view(VendorAlias, Vendor, view))
        for vendor_id, slug, name in session.exec(own):
            index.add_name(vendor_id, slug)
            index.add_name(vendor_id, name)
        for vendor_id, alias in session.exec(aliases):
            index.add_name(vendor_id, alias)
        return index
