"""The models and vendors a source names: resolved through the shared
indexes, created when nothing matches, every spelling kept as an alias of
the source.

Resolution never guesses: a name that could mean several models is reported
ambiguous and answers None; a name the dataset refers to without describing
it may become a placeholder node (`known=False`), reported unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select
from tokenatlas.graph.resolve.index import ModelIndex, VendorIndex
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.rows import BufferedRows
from tokenatlas.graph.store.tables import Model, ModelAlias, Vendor, VendorAlias


def slugify(name: str) -> str:
    """A slug for a new node: lowercase, separators folded to '-', dots kept.

    >>> slugify("Qwen/Qwen2.5-72B Instruct")
    'qwen/qwen2.5-72b-instruct'
    """
    text = re.sub(r"[\s_]+", "-", name.strip().lower())
    return re.sub(r"-{2,}", "-", text).strip("-")


class NodeResolver(BufferedRows):
    """Model and vendor nodes by name, over the shared indexes `models` and
    `vendors` (which later sources of one run see too)."""

    def __init__(
        self,
        session: Session,
        *,
        models: ModelIndex | None = None,
        vendors: VendorIndex | None = None,
        **rows: Any,
    ):
        """`rows`: the source's `dataset`, `source_id`, `tier` and optional
        `progress`, as `BufferedRows` takes them."""
        super().__init__(session, **rows)
        self.models = models or ModelIndex.from_session(session)
        self.vendors = vendors or VendorIndex.from_session(session)
        self._aliases: set[tuple[int, str]] = set()  # (model id, or -vendor id; key)
        # Keys each node answers to by itself (slug, name): never stored as aliases.
        self._own_names: dict[int, set[str]] = {}
        self._slugs: set[str] = set()
        for model_id, slug, model_name in session.exec(select(Model.id, Model.slug, Model.name)):
            self._own_names[model_id] = {key(slug), key(model_name)}
            self._slugs.add(slug)
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
        slug = base = slugify(name)
        n = 1
        while slug in self._slugs:  # another spelling already holds this slug
            n += 1
            slug = f"{base}-{n}"
        self._slugs.add(slug)
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
        self._own_names[model.id] = {key(slug), key(model.name)}
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
