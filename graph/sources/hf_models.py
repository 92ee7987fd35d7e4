"""Writing a Hugging Face Hub model listing (graph.sources.hf_listing) into
the store, in bulk: a million models in one transaction.

A Hub id names one repository, so ids are matched literally (the id, any
model's slug or alias spelling it, case folded), never by the resolution
stage's fuzzy rules; a new id becomes a model with the id as its alias and
its namespace's vendor. Each model's licence is a fact of the listing, each
base model an edge of it, located by line. A base model neither in the
listing nor in the store stops the load (nothing is written); so does a
cycle, found by the lineage derivation that follows.

The listing is one Source (`hf-models:<scope>`): the same file again is
unchanged and writes nothing; a changed one replaces that source's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, select
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.lineage.derive import LineageReport, derive
from tokenatlas.graph.provenance.facts import apply_preferred, encode
from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.resolve.vendors import organizations
from tokenatlas.graph.sources.context import license_names, license_slug
from tokenatlas.graph.sources.hf_listing import HubModel, Listing
from tokenatlas.graph.sources.nodes import slugify
from tokenatlas.graph.sources.rows import OWNED
from tokenatlas.graph.store.bulk import insert_rows
from tokenatlas.graph.store.tables import (
    Fact,
    License,
    LineageEdge,
    Model,
    ModelAlias,
    Source,
    UnresolvedName,
    Vendor,
    VendorAlias,
)
from tokenatlas.graph.store.upsert import upsert

DATASET = "hf-models"
TIER = Tier.LEADERBOARD  # the Hub's self-declared metadata: what uploaders state
_CHUNK = 2000  # ids per IN (...) lookup


@dataclass
class HubReport:
    source_id: str
    unchanged: bool = False
    models: int = 0
    matched: int = 0  # ids that name a model already in the store
    created: int = 0
    vendors_created: int = 0
    edges: int = 0
    licenses: int = 0
    unavailable: int = 0  # base models the Hub no longer serves: unresolved names
    lineage: LineageReport | None = field(default_factory=LineageReport)

    def lines(self) -> list[str]:
        if self.unchanged:
            return [f"{self.source_id}: unchanged since the last import"]
        return [
            f"{self.source_id}: {self.models} models ({self.matched} already in the store, "
            f"{self.created} new), {self.vendors_created} namespaces new as vendors, "
            f"{self.edges} lineage edges, {self.licenses} licences stated"
            + (
                f", {self.unavailable} base models the Hub no longer serves "
                "(listed by unresolvedNames)"
                if self.unavailable
                else ""
            ),
            *(self.lineage.lines() if self.lineage is not None else []),
        ]


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_store(session: Session, ids: Iterable[str]) -> dict[str, int]:
    """Lowercased id -> the model it names in the store: one whose slug or
    alias spells the id, case folded. Nothing looser: `org/m-1.5b` is
    another repository than `org/m-15b`."""
    wanted = {i.lower() for i in ids}
    found: dict[str, int] = {}
    for chunk in _chunks(list({key(i) for i in wanted})):
        rows = session.exec(
            select(ModelAlias.model_id, ModelAlias.alias).where(col(ModelAlias.key).in_(chunk))
        )
        for model_id, alias in rows:
            if alias.lower() in wanted:
                found.setdefault(alias.lower(), model_id)
    for chunk in _chunks(list(wanted)):
        rows = session.exec(select(Model.id, Model.slug).where(col(Model.slug).in_(chunk)))
        for model_id, slug in rows:
            found.setdefault(slug, model_id)
    return found


def _slug_clash(session: Session, listing: Listing, new: list[HubModel]) -> LoadError | None:
    """A new id whose slug another new id, or a model it does not name,
    already has: refused with the line rather than merged."""
    first: dict[str, HubModel] = {}
    for m in new:
        held = first.setdefault(slugify(m.id), m)
        if held is not m:
            return LoadError(
                f"{listing.path}:{m.line}",
                f"'{m.id}' and '{held.id}' (line {held.line}) make the same slug '{slugify(m.id)}'",
            )
    for chunk in _chunks(list(first)):
        taken = session.exec(select(Model.slug).where(col(Model.slug).in_(chunk))).first()
        if taken is not None:
            m = first[taken]
            return LoadError(
                f"{listing.path}:{m.line}",
                f"the slug '{taken}' of '{m.id}' belongs to another model already",
            )
    return None


def _dangling(listing: Listing, known: set[str]) -> LoadError | None:
    """The first base model found nowhere that the Hub did not say is gone."""
    for m in listing.models:
        for base, _ in m.parents:
            if base.lower() not in known and base.lower() not in listing.unavailable:
                return LoadError(
                    f"{listing.path}:{m.line}",
                    f"base model '{base}' of '{m.id}' is neither in this listing nor in the store",
                )
    return None


def _unresolved(session: Session, listing: Listing, source_id: str, known: set[str]) -> int:
    """Base models the Hub no longer serves, as the source's unresolved
    names (their edges are left out); how many."""
    gone = {b for m in listing.models for b, _ in m.parents if b.lower() not in known}
    return insert_rows(
        session.connection(),
        UnresolvedName,
        (
            {"source_id": source_id, "name": b, "reason": "unavailable", "candidates": None}
            for b in sorted(gone, key=str.lower)
        ),
    )


def _open(session: Session, listing: Listing, source_id: str, title: str, url: str | None) -> None:
    """Record the source, dropping the rows an earlier copy of it wrote."""
    upsert(
        session,
        Source,
        "id",
        source_id,
        kind="dataset",
        title=title,
        publisher="Hugging Face",
        url=url,
        collected=date.today(),
        licence="Hub metadata as each repository's uploader states it",
        content_hash=listing.digest,
        tier=TIER,
        notes="a Hugging Face Hub model listing: ids, authors, licences, base models",
    )
    for table in OWNED:
        session.exec(delete(table).where(table.source_id == source_id))


class _Vendors:
    """The vendor each author namespace names: an organisation answering to
    it, else its namespace vendor, created when new (in one insert)."""

    def __init__(self, session: Session, source_id: str):
        self.session, self.source_id = session, source_id
        self.by_key: dict[str, int | None] = dict(organizations(session))
        rows = session.exec(select(Vendor.id, Vendor.slug).where(Vendor.kind == "namespace"))
        for vendor_id, slug in rows:
            self.by_key.setdefault(key(slug), vendor_id)
        for vendor_id, alias_key in session.exec(select(VendorAlias.vendor_id, VendorAlias.key)):
            self.by_key.setdefault(alias_key, vendor_id)
        self.created = 0

    def ensure(self, authors: Iterable[str | None]) -> None:
        """Create a namespace vendor for every author no vendor answers to;
        one whose slug another vendor holds is left for a curator."""
        taken = set(self.session.exec(select(Vendor.slug)).all())
        fresh: dict[str, str] = {}  # slug -> author
        for author in authors:
            if author and key(author) not in self.by_key:
                slug = slugify(author).replace("/", "-")
                if slug in taken:
                    self.by_key[key(author)] = None
                else:
                    fresh.setdefault(slug, author)
        rows = [
            {"slug": s, "name": a, "kind": "namespace", "source_id": self.source_id}
            for s, a in fresh.items()
        ]
        insert_rows(self.session.connection(), Vendor, rows)
        for chunk in _chunks(list(fresh)):
            for vendor_id, slug in self.session.exec(
                select(Vendor.id, Vendor.slug).where(col(Vendor.slug).in_(chunk))
            ):
                self.by_key.setdefault(key(fresh[slug]), vendor_id)
        self.created += len(fresh)

    def of(self, author: str | None) -> int | None:
        return self.by_key.get(key(author)) if author else None


def _create(
    session: Session,
    new: list[HubModel],
    vendors: _Vendors,
    license_ids: dict[str, int],
    source_id: str,
) -> dict[str, int]:
    """Insert a model per new id (its licence is the listing's, the only
    source stating one); lowercased id -> model id."""
    vendors.ensure(m.author for m in new)
    rows = (
        {
            "slug": slugify(m.id),
            "name": m.id,
            "vendor_id": vendors.of(m.author),
            "license_id": license_ids.get(m.license) if m.license else None,
            "curated": False,
            "known": True,
            "source_id": source_id,
        }
        for m in new
    )
    insert_rows(session.connection(), Model, rows)
    ids: dict[str, int] = {}
    by_slug = {slugify(m.id): m.id.lower() for m in new}
    for chunk in _chunks(list(by_slug)):
        for model_id, slug in session.exec(
            select(Model.id, Model.slug).where(col(Model.slug).in_(chunk))
        ):
            ids[by_slug[slug]] = model_id
    return ids


def ingest_listing(
    session: Session,
    listing: Listing,
    *,
    scope: str,
    title: str | None = None,
    url: str | None = None,
    derive_lineage: bool = True,
) -> HubReport:
    """Write `listing` as the source `hf-models:<scope>`, then derive the
    lineage index (unless `derive_lineage` is False: the caller derives it
    once after several listings); raise `LoadError` on a dangling base
    model or a cycle. The caller owns the transaction (roll back on error:
    nothing is kept)."""
    source_id = f"{DATASET}:{scope}"
    report = HubReport(source_id, models=len(listing.models))
    existing = session.get(Source, source_id)
    if existing is not None and existing.content_hash == listing.digest:
        report.unchanged = True
        return report
    ids = {m.id.lower() for m in listing.models}
    renamed = {old.lower(): m.id.lower() for m in listing.models for old in m.former}
    bases = {b for m in listing.models for b, _ in m.parents if b.lower() not in ids}
    found = in_store(session, [m.id for m in listing.models] + sorted(bases))
    error = _dangling(listing, ids | set(renamed) | set(found))
    if error is not None:
        raise error
    new = [m for m in listing.models if m.id.lower() not in found]
    error = _slug_clash(session, listing, new)
    if error is not None:
        raise error
    _open(session, listing, source_id, title or f"Hugging Face Hub listing: {scope}", url)
    names = license_names(session)
    slugs = {
        m.license: license_slug(session, names, m.license) for m in listing.models if m.license
    }
    session.flush()
    by_slug = dict(session.exec(select(License.slug, License.id)).all())
    license_ids = {name: by_slug[slug] for name, slug in slugs.items()}
    matched = [m for m in listing.models if m.id.lower() in found]
    vendors = _Vendors(session, source_id)
    found.update(_create(session, new, vendors, license_ids, source_id))
    for old, current in renamed.items():
        found.setdefault(old, found[current])
    report.unavailable = _unresolved(session, listing, source_id, set(found))
    report.created, report.vendors_created = len(new), vendors.created
    report.matched = len(matched)
    report.licenses = insert_rows(
        session.connection(),
        Fact,
        (
            {
                "entity_kind": "model",
                "entity_id": found[m.id.lower()],
                "field": "license",
                "value": encode(slugs[m.license]),
                "tier": TIER,
                "source_id": source_id,
                "locator": f"line {m.line}",
            }
            for m in listing.models
            if m.license
        ),
    )
    insert_rows(
        session.connection(),
        ModelAlias,
        (
            {
                "model_id": found[m.id.lower()],
                "alias": name,
                "key": key(name),
                "source_id": source_id,
            }
            for m in listing.models
            for name in (m.id, *m.former)
        ),
    )
    report.edges = insert_rows(
        session.connection(),
        LineageEdge,
        (
            {
                "child_id": found[m.id.lower()],
                "parent_id": found[base.lower()],
                "relation": relation,
                "source_id": source_id,
                "locator": f"line {m.line}",
            }
            for m in listing.models
            for base, relation in m.parents
            if base.lower() in found
        ),
    )
    session.flush()
    if matched:
        apply_preferred(session)  # models other sources state licences for too
    report.lineage = derive(session) if derive_lineage else None
    return report
