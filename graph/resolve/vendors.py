"""Vendors in the resolution stage: the curator's merges, the namespaces
that name a maker, and Hugging Face namespaces as vendors of their own.

A vendor of kind `organization` is one a catalogue, the vendor's own data or
a curator names; its slug, name and aliases are namespaces that *make* the
models they publish (`Qwen/...` is Alibaba's). A namespace that names no
organisation becomes a vendor of kind `namespace`: the publisher of a
community model, country unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx
from sqlalchemy import delete, update
from sqlmodel import Session, col, select
from tokenatlas.graph.resolve.grammar import parse, split_namespace
from tokenatlas.graph.resolve.index import CATALOG, VendorIndex
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.resolve.reading import plain_slug
from tokenatlas.graph.resolve.settle import dataset_order
from tokenatlas.graph.store.tables import (
    Claim,
    Endpoint,
    Fact,
    Model,
    ModelAlias,
    Price,
    Provider,
    UsageObservation,
    Vendor,
    VendorAlias,
)

CURATED_SOURCE = CATALOG
_BY_VENDOR = (Model, Provider, UsageObservation, Claim, VendorAlias)


@dataclass
class VendorMerges:
    merged: int = 0
    applied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _vendor_keys(session: Session) -> dict[str, set[int]]:
    """Vendor ids by every folded name (slug, name, alias)."""
    return VendorIndex.from_session(session).by_key


def merge_vendors(session: Session, groups: list[tuple[tuple[str, ...], str]]) -> VendorMerges:
    """Each group of names becomes its first name's vendor; every name is
    kept as an alias of it."""
    result = VendorMerges()
    for names, reason in groups:
        keys = _vendor_keys(session)
        target = keys.get(key(names[0]), set())
        if len(target) != 1:
            result.skipped.append(f"vendors {', '.join(names)}: no single vendor is '{names[0]}'")
            continue
        (keep,) = target
        others = sorted({v for n in names[1:] for v in keys.get(key(n), set())} - {keep})
        # The curator's names first, every one under the catalogue, whatever
        # the vendor is called and whichever vendors held them before: then
        # the vendors merged in add none of them.
        mine = select(VendorAlias.alias).where(
            VendorAlias.vendor_id == keep, VendorAlias.source_id == CURATED_SOURCE
        )
        known = {key(a) for a in session.exec(mine)}
        for n in names:
            if key(n) not in known:
                known.add(key(n))
                session.add(
                    VendorAlias(vendor_id=keep, alias=n, key=key(n), source_id=CURATED_SOURCE)
                )
        session.flush()
        for other in others:
            _merge_vendor(session, other, keep)
            result.merged += 1
        result.applied.append(f"vendors {', '.join(names)} ({reason})")
    session.flush()
    return result


def merge_alike_vendors(session: Session, precedence: tuple[str, ...] = ()) -> int:
    """Vendors that answer to one name are one vendor. Each dataset creates
    the vendors it names that the catalogue lacks (Epoch's "Upstage AI" and
    LMArena's are two rows until here), and a namespace vendor an earlier
    run made is the organisation that a later dataset names alike. The
    group becomes its curated vendor, else the organisation of the dataset
    of highest precedence; a group of namespaces alone, or holding two
    curated vendors, stays as it is. Returns vendors merged."""
    rows = select(Vendor.id, Vendor.slug, Vendor.source_id, Vendor.kind)
    vendors = {i: (slug, source, kind) for i, slug, source, kind in session.exec(rows)}
    alike = nx.Graph()
    alike.add_nodes_from(vendors)
    for ids in _vendor_keys(session).values():
        first, *others = sorted(ids)
        alike.add_edges_from((first, other) for other in others)
    merged = 0
    for members in map(sorted, nx.connected_components(alike)):
        curated = [i for i in members if vendors[i][1] == CURATED_SOURCE]
        orgs = [i for i in members if vendors[i][2] == "organization"]
        if len(members) < 2 or len(curated) > 1 or not orgs:
            continue
        keep = (
            curated[0]
            if curated
            else min(
                orgs,
                key=lambda i: (dataset_order(vendors[i][1], precedence), plain_slug(vendors[i][0])),
            )
        )
        for other in sorted(members):
            if other != keep:
                _merge_vendor(session, other, keep)
                merged += 1
    return merged


def _merge_vendor(session: Session, loser: int, keep: int) -> None:
    for table in _BY_VENDOR:
        session.exec(update(table).where(table.vendor_id == loser).values(vendor_id=keep))
    session.exec(
        update(Fact)
        .where(col(Fact.entity_kind) == "vendor", col(Fact.entity_id) == loser)
        .values(entity_id=keep)
    )
    row, kept = session.get(Vendor, loser), session.get(Vendor, keep)
    aliases = select(VendorAlias.key).where(VendorAlias.vendor_id == keep)
    known = {key(kept.slug), key(kept.name), *session.exec(aliases)}
    for text in dict.fromkeys((plain_slug(row.slug), row.name)):
        if key(text) not in known:  # a name the vendor does not answer to yet
            known.add(key(text))
            session.add(
                VendorAlias(vendor_id=keep, alias=text, key=key(text), source_id=row.source_id)
            )
    session.flush()
    session.exec(delete(Vendor).where(col(Vendor.id) == loser))


def provider_vendors(session: Session) -> int:
    """Give a provider without a vendor the one its slug names (`upstage`
    is Upstage AI), now that every dataset's vendors are in: when the
    provider was created, the dataset naming the vendor may not have been.
    Returns providers given one."""
    index = VendorIndex.from_session(session)
    given = 0
    for provider in session.exec(select(Provider).where(col(Provider.vendor_id).is_(None))).all():
        found = index.resolve(provider.slug)
        if found is not None:
            provider.vendor_id = found
            given += 1
    session.flush()
    return given


def organizations(session: Session) -> dict[str, int]:
    """Vendor id by every folded name of a vendor of kind organization that
    names it alone (a name two organisations share makes no one the maker)."""
    orgs = set(session.exec(select(Vendor.id).where(Vendor.kind == "organization")).all())
    return {
        k: next(iter(v))
        for k, v in _vendor_keys(session).items()
        if len(v & orgs) == 1 and v <= orgs
    }


def _display(names: tuple[str, ...], ns: str) -> str:
    """The namespace spelt with capitals where a name does (`T145`, not
    `t145`; of several, the first in sorted order), else `ns`."""
    spelt = [t.partition("/")[0] for t in names if key(t.partition("/")[0]) == key(ns)]
    return min((s for s in spelt if s != s.lower()), default=ns)


def _slug(namespace: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", namespace.lower()).strip("-")


def _maker(text: str, makers: dict[str, int]) -> int | None:
    """The organisation a name's namespace (`org/`, `us.org.`) names, if any."""
    ns, _ = split_namespace(text)
    if not ns:
        return None
    found = {makers[key(p)] for p in re.split(r"[./]", ns) if key(p) in makers}
    return found.pop() if len(found) == 1 else None


def namespace_vendors(
    session: Session, makers: dict[str, int], platforms: frozenset[str], source_id: str
) -> tuple[int, int]:
    """Give every model without a vendor the vendor a source names for it:
    a maker's namespace in any of its names, endpoint or listing ids; else
    the vendor whose own price list is the only one listing it; else the
    Hugging Face namespace of its own id, as a vendor of kind namespace
    (created when new). Returns (models given a vendor, vendors created)."""
    namespaces = {
        key(s): i
        for i, s in session.exec(select(Vendor.id, Vendor.slug).where(Vendor.kind == "namespace"))
    }
    slugs = set(session.exec(select(Vendor.slug)).all())
    others: dict[int, list[str]] = {}
    for model_id, alias in session.exec(select(ModelAlias.model_id, ModelAlias.alias)):
        others.setdefault(model_id, []).append(alias)
    for model_id, external in session.exec(select(Endpoint.model_id, Endpoint.external_id)):
        others.setdefault(model_id, []).append(external)
    serving: dict[int, set[str]] = {}  # model -> keys of the providers that serve it
    sellers: dict[int, set[int | None]] = {}  # model -> the vendors its providers are
    rows = select(Price.model_id, Price.provider_model_id, Provider.slug, Provider.vendor_id)
    for model_id, listed, provider, seller in session.exec(rows.join(Provider).distinct()):
        others.setdefault(model_id, []).append(listed)
        serving.setdefault(model_id, set()).add(key(provider))
        sellers.setdefault(model_id, set()).add(seller)
    given = created = 0
    # In slug order: the first model of a new namespace spells its vendor.
    orphans = select(Model).where(col(Model.vendor_id).is_(None)).order_by(Model.slug)
    for model in session.exec(orphans).all():
        names = (model.name, model.slug, *others.get(model.id, ()))
        found = {m for t in names if (m := _maker(t, makers))}
        vendor_id = found.pop() if len(found) == 1 else None
        own_list = sellers.get(model.id, {None})
        if vendor_id is None and not found and len(own_list) == 1 and None not in own_list:
            vendor_id = own_list.pop()  # only its maker's own price list names it
        if vendor_id is None and not found:
            # The namespace of a platform (`openrouter/...`) or of a provider
            # serving the model is an id there, not its publisher.
            served_by = serving.get(model.id, set()) | platforms
            spaces = {
                key(ns): ns
                for t in names
                if t.count("/") == 1 and (ns := t.partition("/")[0]) and key(ns) not in served_by
            }
            if len(spaces) != 1:
                continue  # no namespace, or several: nothing says which publishes it
            ns = next(iter(spaces.values()))  # spelt by _spell_namespaces below
            vendor_id = namespaces.get(key(ns))
            if vendor_id is None:
                slug = _slug(ns)
                if slug in slugs:
                    continue  # an organisation already has the slug: a curator decides
                vendor = Vendor(slug=slug, name=ns, kind="namespace", source_id=source_id)
                session.add(vendor)
                session.flush()
                slugs.add(slug)
                namespaces[key(ns)] = vendor_id = vendor.id
                created += 1
        if vendor_id is not None:
            model.vendor_id = vendor_id
            given += 1
    session.flush()
    _spell_namespaces(session, others)
    return given, created


def _spell_namespaces(session: Session, others: dict[int, list[str]]) -> None:
    """Spell each namespace vendor as the names of all its models spell the
    namespace (a capitalised spelling first), not as the model that made
    it happened to, on whichever run that was."""
    spelt: dict[int, list[str]] = {}
    rows = (
        select(Model.id, Model.name, Model.slug, Model.vendor_id)
        .join(Vendor, col(Vendor.id) == Model.vendor_id)
        .where(Vendor.kind == "namespace")
    )
    for model_id, name, slug, vendor_id in session.exec(rows):
        spelt.setdefault(vendor_id, []).extend((name, slug, *others.get(model_id, ())))
    for vendor in session.exec(select(Vendor).where(Vendor.kind == "namespace")).all():
        names = spelt.get(vendor.id, [])
        own = sorted(
            t.partition("/")[0] for t in names if key(t.partition("/")[0]) == key(vendor.name)
        )
        name = _display(tuple(names), own[0]) if own else vendor.name
        if name != vendor.name:
            vendor.name = name
    session.flush()


def family_vendors(session: Session) -> int:
    """Give a model without a vendor the vendor of its family, where a
    catalogue's families name one maker: every model of that family with a
    vendor of kind organization has the same one (models.dev files each
    listing under the family of its lab's model, `gemini-pro`, `grok`). A
    name that says it is a derivative (`-abliterated`, `-AWQ`) is not the
    family's maker's model, and keeps no vendor. Returns models given one."""
    makers: dict[str, set[int]] = {}
    rows = (
        select(Model.family, Model.vendor_id)
        .join(Vendor)
        .where(col(Model.family).is_not(None), Vendor.kind == "organization")
    )
    for family, vendor_id in session.exec(rows):
        makers.setdefault(family, set()).add(vendor_id)
    given = 0
    orphans = select(Model).where(col(Model.vendor_id).is_(None), col(Model.family).is_not(None))
    for model in session.exec(orphans).all():
        found = makers.get(model.family, set())
        if (
            len(found) == 1
            and not parse(model.name).derivative
            and not parse(model.slug).derivative
        ):
            model.vendor_id = next(iter(found))
            given += 1
    session.flush()
    return given
