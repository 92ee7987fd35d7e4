"""What a node or vendor is called, once the stage has merged what it can.

Imports run in any order, and the first to create a node or vendor used to
name it. Here the names are settled by what the nodes are, never by which
dataset came first:

- A node whose slug another dataset's node already held was created as
  `slug@dataset` (graph.sources.nodes). Every group of nodes that want one
  plain slug gives it to the one that ranks first (curated, known, the
  most authoritative source, then the datasets' precedence); the others
  keep `slug@dataset`.
- A vendor two datasets name is called as the dataset of highest
  precedence spells it (`Perplexity`, not `Perplexity AI`), with capitals
  where any dataset spells it so (`Tencent`, not the folder `tencent`).

`precedence`: dataset names, first first (graph.sources.registry); a
dataset not listed comes after them, by name.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import update
from sqlmodel import Session, col, select
from tokenatlas.graph.resolve.names import slugify
from tokenatlas.graph.resolve.reading import plain_slug
from tokenatlas.graph.store.tables import Model, Source, Vendor, VendorAlias


def dataset_order(source_id: str, precedence: tuple[str, ...]) -> tuple[int, str]:
    """How a source's dataset ranks: its place in `precedence`, then its name."""
    dataset = source_id.partition("@")[0]
    place = precedence.index(dataset) if dataset in precedence else len(precedence)
    return place, dataset


def settle_slugs(session: Session, precedence: tuple[str, ...] = ()) -> int:
    """Give each plain slug to the node that ranks first among those that
    want it; returns the nodes renamed. The caller commits."""
    tiers = dict(session.exec(select(Source.id, Source.tier)).all())
    groups: dict[str, list[tuple]] = defaultdict(list)
    rows = select(Model.id, Model.slug, Model.curated, Model.known, Model.source_id)
    for model_id, slug, curated, known, source in session.exec(rows):
        dataset = "" if curated else source.partition("@")[0]
        order = (not curated, not known, tiers.get(source, 3), dataset_order(source, precedence))
        groups[plain_slug(slug)].append((order, slug, model_id, dataset))
    renames: dict[int, str] = {}
    for plain, members in groups.items():
        if len(members) == 1 and members[0][1] == plain:
            continue
        taken: set[str] = set()
        for i, (_, slug, model_id, dataset) in enumerate(sorted(members)):
            want = plain if i == 0 or not dataset else f"{plain}@{dataset}"
            if want in taken:  # two nodes of one dataset: each keeps its own
                want = slug if slug not in taken else f"{plain}@{dataset}-{model_id}"
            taken.add(want)
            if want != slug:
                renames[model_id] = want
    _rename(session, Model, renames)
    return len(renames)


def settle_vendors(session: Session, precedence: tuple[str, ...] = ()) -> int:
    """Name each vendor a dataset created as the dataset of highest
    precedence among those naming it spells it (its first spelling there);
    returns the vendors renamed. Curated and namespace vendors keep theirs."""
    spellings: dict[int, list[tuple]] = defaultdict(list)
    rows = select(
        VendorAlias.vendor_id, VendorAlias.alias, VendorAlias.source_id, VendorAlias.id
    ).where(col(VendorAlias.source_id).contains("@"))
    for vendor_id, alias, source, alias_id in session.exec(rows):
        lower = alias == alias.lower()  # `tencent`, a folder's name: "Tencent" where spelt so
        spellings[vendor_id].append(
            (lower, dataset_order(source, precedence), alias_id, alias, source)
        )
    slugs = set(session.exec(select(Vendor.slug)).all())
    renames: dict[int, str] = {}
    changes = []
    dated = (
        select(Vendor)
        .where(col(Vendor.source_id).contains("@"), Vendor.kind == "organization")
        .order_by(Vendor.slug)  # a contested slug goes by name, not by id
    )
    for vendor in session.exec(dated).all():
        if not spellings.get(vendor.id):
            continue
        *_, alias, source = min(spellings[vendor.id])
        name = alias.strip()
        if name == vendor.name and source == vendor.source_id and slugify(name) == vendor.slug:
            continue
        changes.append({"id": vendor.id, "name": name, "source_id": source})
        for slug in (slugify(name), plain_slug(vendor.slug)):
            if slug == vendor.slug:
                break
            if slug not in slugs:
                slugs.discard(vendor.slug)
                slugs.add(slug)
                renames[vendor.id] = slug
                break
    if changes:
        session.flush()
        session.execute(update(Vendor), changes)
        _rename(session, Vendor, renames)
        _expire(session, Vendor, {c["id"] for c in changes})
    return len(changes)


def _rename(session: Session, table: type, slugs: dict[int, str]) -> None:
    """New slugs by id, through placeholders so that no two rows hold one
    slug on the way."""
    if not slugs:
        return
    session.flush()
    session.execute(update(table), [{"id": i, "slug": f"~{i}"} for i in slugs])
    session.execute(update(table), [{"id": i, "slug": s} for i, s in slugs.items()])
    _expire(session, table, set(slugs))


def _expire(session: Session, table: type, ids: set[int]) -> None:
    """Objects of `table` the session holds read again after a bulk update."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, table) and obj.id in ids:
            session.expire(obj)
