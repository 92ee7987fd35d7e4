"""The models and vendors a source names: resolved through the names the
source can see, created when nothing matches, every spelling kept as an
alias of the source.

A dataset sees the curated catalogue, the bundled price list and its own
names (those of every copy of it), never another dataset's: what it makes
of its rows is the same whichever datasets were imported before it, and
joining datasets is the resolution stage's work (graph.resolve.stage),
which sees every name at once. A node whose slug another dataset's node
already holds is created as `slug@dataset` until the stage settles slugs
(`settle_slugs`).

Resolution never guesses: a name that could mean several models is reported
ambiguous and answers None; a name the dataset refers to without describing
it may become a placeholder node (`known=False`), reported unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select
from tokenatlas.graph.resolve.index import (
    ModelIndex,
    VendorIndex,
    admits,
    in_view,
    view_of,
)
from tokenatlas.graph.resolve.names import key, slugify
from tokenatlas.graph.resolve.reading import plain_slug
from tokenatlas.graph.sources.rows import BufferedRows
from tokenatlas.graph.store.tables import Model, ModelAlias, Vendor, VendorAlias


def new_slug(base: str, seen: set[str], taken: set[str], dataset: str) -> str:
    """`base`, or `base-2`... when a node the source sees holds it (`seen`);
    then `@dataset` when another dataset's node does (`taken`: every slug).
    `graph.resolve.settle` gives the plain slug to one of them once the
    stage has run.

    >>> new_slug("gpt-5", set(), {"gpt-5"}, "epoch")
    'gpt-5@epoch'
    >>> new_slug("gpt-5", {"gpt-5"}, {"gpt-5"}, "epoch")
    'gpt-5-2'
    """
    n = 1
    while True:
        slug = base if n == 1 else f"{base}-{n}"
        n += 1
        if slug in seen:
            continue
        if slug in taken:
            slug = f"{slug}@{dataset}"
        if slug not in taken:
            return slug


class NodeResolver(BufferedRows):
    """Model and vendor nodes by name, over indexes of the names this source
    sees (`view_of`), read from the store: never an index another import
    filled, which would make the graph depend on their order."""

    def __init__(self, session: Session, **rows: Any):
        """`rows`: the source's `dataset`, `source_id`, `tier` and optional
        `progress`, as `BufferedRows` takes them."""
        super().__init__(session, **rows)
        self.dataset = rows["dataset"]
        view = view_of(self.dataset)
        self.models = ModelIndex.from_session(session, view)
        self.vendors = VendorIndex.from_session(session, view)
        self._aliases: set[tuple[int, str]] = set()  # (model id, or -vendor id; key)
        # Keys the nodes this source sees answer to by themselves (slug,
        # name): never stored as its aliases.
        self._own_names: dict[int, set[str]] = {}
        self._slugs = set(session.exec(select(Model.slug)).all())
        self._seen_slugs: set[str] = set()  # slugs of the nodes this source sees
        mine = select(Model.id, Model.slug, Model.name).where(in_view(col(Model.source_id), view))
        for model_id, slug, model_name in session.exec(mine):
            self._own_names[model_id] = {key(slug), key(plain_slug(slug)), key(model_name)}
            self._seen_slugs |= {slug, plain_slug(slug)}
        self._placeholders = set(session.exec(select(Model.id).where(Model.known == False)).all())  # noqa: E712

    def vendor(self, name: str, *, country: str | None = None) -> int:
        """The vendor `name` means, created when none does. The spelling is
        kept as an alias of this source."""
        found = self.vendors.resolve(name)
        if found is not None:
            self._vendor_alias(found, name)
            if country:
                self.fact(found, "country", country, kind="vendor")
            return found
        slug = slugify(name)
        row = self.session.exec(select(Vendor).where(Vendor.slug == slug)).first()
        if row is not None and not admits(view_of(self.dataset), row.source_id):
            # Another dataset's vendor: the stage decides whether it is this one.
            slug = f"{slug}@{self.dataset}"
            row = self.session.exec(select(Vendor).where(Vendor.slug == slug)).first()
        if row is None:
            row = Vendor(slug=slug, name=name.strip(), country=None, source_id=self.source_id)
            self.session.add(row)
            self.session.flush()
            self.report.vendors_created += 1
        self.vendors.add_name(row.id, name)
        self.vendors.add_name(row.id, slug)
        self._vendor_alias(row.id, name)
        if country:
            self.fact(row.id, "country", country, kind="vendor")
        return row.id

    def _vendor_alias(self, vendor_id: int, name: str) -> None:
        k = key(name)
        if k and (-vendor_id, k) not in self._aliases:
            self._aliases.add((-vendor_id, k))
            self._buffer(VendorAlias, vendor_id=vendor_id, alias=name.strip(), key=k)

    def model(
        self,
        name: str,
        *,
        names: Iterable[str] = (),
        vendor_id: int | None = None,
        display: str | None = None,
        placeholder: bool = False,
        platform: str | None = None,
        keep_prefix: bool = False,
    ) -> int | None:
        """The model `name` (or one of `names`) means; created when none does.

        `placeholder` creates an unknown node for a name the dataset refers
        to but does not describe (and reports it unresolved). An ambiguous
        name is recorded, reported, and answers None: nothing is guessed.
        `keep_prefix` resolves `org/name` ids without dropping the org.
        """
        candidates = [name, *names]
        for n in candidates:
            found = self.models.resolve(n, platform=platform, keep_prefix=keep_prefix)
            if found.resolved:
                model_id = found.model
                if placeholder and model_id in self._placeholders:
                    self._unresolved(name)  # still known by name only
                elif model_id not in self.report.created:
                    self.report.merged.add(model_id)
                for other in candidates:
                    self.alias(model_id, other)
                return model_id
            if found.status == "ambiguous":
                self.ambiguous(n, found.candidates)
                return None
        return self.create_model(
            name, names=names, vendor_id=vendor_id, display=display, placeholder=placeholder
        )

    def create_model(
        self,
        name: str,
        *,
        names: Iterable[str] = (),
        vendor_id: int | None = None,
        display: str | None = None,
        placeholder: bool = False,
    ) -> int:
        """A new, non-curated model for `name`, known by `names` too."""
        slug = new_slug(slugify(name), self._seen_slugs, self._slugs, self.dataset)
        self._slugs.add(slug)
        self._seen_slugs |= {slug, plain_slug(slug)}
        model = Model(
            slug=slug,
            name=(display or name).strip(),
            vendor_id=vendor_id,
            curated=False,
            known=not placeholder,
            source_id=self.source_id,
        )
        self.session.add(model)
        self.session.flush()
        self.report.created.add(model.id)
        if placeholder:
            self._placeholders.add(model.id)
            self._unresolved(name)
        self.models.add_name(model.id, slug)
        self.models.add_name(model.id, plain_slug(slug))
        self._own_names[model.id] = {key(slug), key(plain_slug(slug)), key(model.name)}
        for n in [name, *names]:
            self.alias(model.id, n)
        return model.id

    def alias(self, model_id: int, name: str) -> None:
        """`name` means `model_id` from now on; stored unless it is the node's own."""
        k = key(name)
        if not k or (model_id, k) in self._aliases:
            return
        self._aliases.add((model_id, k))
        self.models.add_name(model_id, name)
        if k in self._own_names.get(model_id, ()):
            return  # the node's own slug or name
        self._buffer(ModelAlias, model_id=model_id, alias=name, key=k)
