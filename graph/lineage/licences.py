"""Licences along lineage: is a derivative's declared licence one its
parent's licence allows?

The rules are the `terms` of each licence in seeds/licenses.yaml;
`verdict` applies them to one edge and is pure. `check` writes one
`LicenseCheck` per lineage edge after each import (with the lineage index,
in the caller's transaction), so `licenseConflicts` and `licenseStatus`
are index reads. A licence nobody has read (no `terms`) never makes a
conflict: the edge is `unknown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select
from tokenatlas.graph.analytics.catalog import Page, check_first
from tokenatlas.graph.lineage.queries import id_cursor
from tokenatlas.graph.provenance.facts import encode
from tokenatlas.graph.provenance.precedence import preference_key
from tokenatlas.graph.store.bulk import rows_of
from tokenatlas.graph.store.tables import (
    Fact,
    License,
    LicenseCheck,
    LineageClosure,
    LineageEdge,
    LineageSummary,
    Model,
    Source,
)

COMPATIBLE, CONFLICT, MISSING, UNKNOWN = "compatible", "conflict", "missing", "unknown"
# A model's status is its worst edge's, in this order.
SEVERITY = (CONFLICT, MISSING, UNKNOWN, COMPATIBLE)
# Terms that allow commercial use.
_COMMERCIAL = {"permissive", "copyleft", "restricted"}


@dataclass(frozen=True)
class Terms:
    """What a licence asks of derivatives: its slug, its `terms` (None when
    not read) and the family whose licences agree with one another."""

    slug: str
    terms: str | None
    family: str | None = None
    share_alike: bool = False  # derivatives must keep this family's licence

    def same_family(self, other: Terms) -> bool:
        return self.slug == other.slug or (self.family is not None and self.family == other.family)


@dataclass(frozen=True)
class Verdict:
    status: str  # COMPATIBLE, CONFLICT, MISSING or UNKNOWN
    kind: str | None  # the rule a conflict breaks, "missing-license", or None
    reason: str


def verdict(parent: Terms | None, child: Terms | None) -> Verdict:
    """Whether a derivative declaring `child` may derive from a parent under
    `parent` (None: no licence declared).

    >>> llama = Terms("llama-3.1", "restricted", "llama")
    >>> verdict(llama, Terms("apache-2.0", "permissive")).kind
    'open-on-restricted'
    >>> verdict(llama, Terms("llama3", "restricted", "llama")).status
    'compatible'
    >>> verdict(Terms("cc-by-nc-4.0", "non-commercial"), Terms("mit", "permissive")).kind
    'commercial-on-non-commercial'
    >>> nc_sa = Terms("cc-by-nc-sa-4.0", "non-commercial", "cc-by-nc-sa", share_alike=True)
    >>> verdict(nc_sa, Terms("cc-by-nc-4.0", "non-commercial")).kind
    'drops-share-alike'
    >>> verdict(Terms("apache-2.0", "permissive"), None).status
    'missing'
    >>> verdict(Terms("other", None), Terms("mit", "permissive")).status
    'unknown'
    """
    if child is None:
        return Verdict(MISSING, "missing-license", "no source states a licence for the derivative")
    if parent is None:
        return Verdict(UNKNOWN, None, "the parent declares no licence")
    for side, t in (("parent", parent), ("derivative", child)):
        if t.terms is None:
            return Verdict(UNKNOWN, None, f"the {side}'s licence '{t.slug}' has no known terms")
    p, c = parent.terms, child.terms
    if p == "permissive":
        return Verdict(COMPATIBLE, None, f"'{parent.slug}' lets derivatives carry any licence")
    if p == "closed":
        return Verdict(UNKNOWN, None, "a closed base licenses no weights to inherit from")
    if p == "no-derivatives":
        return _conflict("forbids-derivatives", f"'{parent.slug}' forbids distributing derivatives")
    if p == "non-commercial":
        if c in _COMMERCIAL:
            return _conflict(
                "commercial-on-non-commercial",
                f"'{child.slug}' allows commercial use of a derivative of a non-commercial "
                f"base ('{parent.slug}')",
            )
        if parent.share_alike and not child.same_family(parent):
            return _conflict(
                "drops-share-alike",
                f"'{child.slug}' on a derivative of a share-alike base ('{parent.slug}'), "
                "whose licence derivatives must keep",
            )
        return Verdict(COMPATIBLE, None, f"'{child.slug}' keeps the base's non-commercial terms")
    if child.same_family(parent):
        return Verdict(COMPATIBLE, None, f"'{child.slug}' carries the base's terms")
    if p == "copyleft":
        return _conflict(
            "drops-copyleft",
            f"'{child.slug}' on a derivative of a copyleft base ('{parent.slug}')",
        )
    # restricted: the base's terms bind the derivative; stricter ones may be added.
    if c in ("non-commercial", "no-derivatives", "closed"):
        return Verdict(COMPATIBLE, None, f"'{child.slug}' is stricter than '{parent.slug}'")
    if c == "restricted":
        return _conflict(
            "other-restricted-terms",
            f"'{child.slug}' replaces the terms of '{parent.slug}' that bind derivatives",
        )
    return _conflict(
        "open-on-restricted",
        f"an open licence ('{child.slug}') on a derivative of a restricted base "
        f"('{parent.slug}'), whose terms bind derivatives",
    )


def _conflict(kind: str, reason: str) -> Verdict:
    return Verdict(CONFLICT, kind, reason)


def checked(session: Session) -> list[tuple]:
    """Every lineage edge's licence check, as `LicenseCheck` rows (tuples
    in its column order, without the id): one per (parent, child), on the
    edge that stated it first."""
    terms = {
        lid: Terms(slug, t, fam, share_alike=bool(copyleft) and t == "non-commercial")
        for lid, slug, t, fam, copyleft in session.exec(
            select(License.id, License.slug, License.terms, License.family, License.copyleft)
        )
    }
    declared = select(LineageEdge.id, LineageEdge.child_id, LineageEdge.parent_id)
    child, parent = Model.__table__.alias("child"), Model.__table__.alias("parent")
    rows = rows_of(
        session.connection(),
        declared.add_columns(child.c.license_id, parent.c.license_id)
        .join(child, child.c.id == LineageEdge.child_id)
        .join(parent, parent.c.id == LineageEdge.parent_id),
    )
    out, known = [], {}  # (parent licence, child licence) -> verdict: few distinct pairs
    seen: set[tuple[int, int]] = set()  # an edge two sources state is checked once
    for edge_id, child_id, parent_id, child_lic, parent_lic in sorted(rows):
        if (child_id, parent_id) in seen:
            continue
        seen.add((child_id, parent_id))
        v = known.get((parent_lic, child_lic))
        if v is None:
            v = known[parent_lic, child_lic] = verdict(terms.get(parent_lic), terms.get(child_lic))
        out.append(
            (edge_id, child_id, parent_id, child_lic, parent_lic, v.status, v.kind, v.reason)
        )
    return out


def checks_of(session: Session, model_ids: Sequence[int]) -> list[list[LicenseCheck]]:
    """Each model's checks against its parents, in edge order."""
    rows = session.exec(
        select(LicenseCheck)
        .where(col(LicenseCheck.child_id).in_(list(set(model_ids))))
        .order_by(LicenseCheck.edge_id)
    )
    groups: dict[int, list[LicenseCheck]] = {}
    for r in rows:
        groups.setdefault(r.child_id, []).append(r)
    return [groups.get(i, []) for i in model_ids]


def status_of(checks: list[LicenseCheck]) -> str | None:
    """A model's licence status from its edges' checks; None for a model
    derived from nothing."""
    found = {c.status for c in checks}
    return next((s for s in SEVERITY if s in found), None)


def conflicts(
    session: Session,
    *,
    family: int | None,
    kind: str | None,
    first: int,
    after: str | None,
) -> Page[LicenseCheck]:
    """Edges whose derivative's licence conflicts with its parent's, or is
    missing, within the family of `family` (its descendants) when given, in
    edge order (a cursor holds the edge's id, which a re-derivation keeps).
    The page walks the flagged checks in edge order and probes the
    closure's primary key for each, so it costs the page, not the family;
    the family's total is stored with its summary."""
    check_first(first)
    conds = [col(LicenseCheck.kind).is_not(None)]
    if kind is not None:
        conds.append(LicenseCheck.kind == kind)
    if family is not None:
        conds.append(
            select(LineageClosure.ancestor_id)
            .where(
                LineageClosure.ancestor_id == family,
                LineageClosure.descendant_id == LicenseCheck.child_id,
            )
            .exists()
        )
    if family is not None and kind is None:
        summary = session.get(LineageSummary, family)
        total = summary.license_flags if summary is not None else 0
    else:
        total = session.exec(select(func.count()).select_from(LicenseCheck).where(*conds)).one()
    start = id_cursor(after, "licenseConflicts")
    if start is not None:
        conds.append(LicenseCheck.edge_id > start)
    query = select(LicenseCheck).where(*conds).order_by(LicenseCheck.edge_id).limit(first + 1)
    rows = list(session.exec(query))
    return Page(rows[:first], len(rows) > first, start is not None, total)


def license_sources(
    session: Session, keys: Sequence[tuple[int, int]]
) -> list[tuple[Source, str | None] | None]:
    """For each (model id, licence id), the most trusted source stating that
    licence for that model, with its locator; None where no source does."""
    pairs = set(keys)
    if not pairs:
        return []
    slugs = dict(
        session.exec(
            select(License.id, License.slug).where(col(License.id).in_({lic for _, lic in pairs}))
        ).all()
    )
    facts = session.exec(
        select(Fact, Source)
        .join(Source, Source.id == Fact.source_id)
        .where(
            Fact.entity_kind == "model",
            Fact.field == "license",
            col(Fact.entity_id).in_({m for m, _ in pairs}),
        )
    ).all()
    by_value = {encode(slug): lic for lic, slug in slugs.items()}
    best: dict[tuple[int, int], tuple[tuple, Fact, Source]] = {}
    for fact, source in facts:
        pair = (fact.entity_id, by_value.get(fact.value, -1))
        if pair not in pairs:
            continue
        rank = preference_key(fact.tier, source.published or source.collected, fact.id)
        if pair not in best or rank < best[pair][0]:
            best[pair] = (rank, fact, source)
    return [(best[k][2], best[k][1].locator) if k in best else None for k in keys]
