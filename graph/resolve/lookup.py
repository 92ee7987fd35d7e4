"""Looking models and vendors up by any name, with resolver indexes cached
per store.

Building an index reads every alias; it is rebuilt only when the store's
data version moves (graph.store.version).
"""

from __future__ import annotations

import difflib

from sqlmodel import Session, col, select
from tokenatlas.graph.errors import AmbiguousNameError, NotFoundError
from tokenatlas.graph.resolve.index import ModelIndex, Resolution, VendorIndex
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.store.cache import cached_per_store
from tokenatlas.graph.store.tables import Model, Vendor


def _names(session: Session, columns) -> dict[str, list[str]]:
    """Display names and slugs by folded key, for suggestions."""
    names: dict[str, list[str]] = {}
    for slug, name in session.exec(select(*columns)):
        names.setdefault(key(name), []).append(name)
        names.setdefault(key(slug), []).append(slug)
    return names


def model_index(session: Session) -> tuple[ModelIndex, dict[str, list[str]]]:
    """The model resolver of this store, and the names each key stands for."""
    return cached_per_store(
        session,
        "model",
        lambda s: (ModelIndex.from_session(s), _names(s, (Model.slug, Model.name))),
    )


def vendor_index(session: Session) -> tuple[VendorIndex, dict[str, list[str]]]:
    """The vendor resolver of this store, and names."""
    return cached_per_store(
        session,
        "vendor",
        lambda s: (VendorIndex.from_session(s), _names(s, (Vendor.slug, Vendor.name))),
    )


def find_vendor(session: Session, name: str) -> Vendor:
    """The vendor `name` means (slug, name or alias); an unknown name is an
    error with near matches, a name two vendors share an error listing them."""
    exact = session.exec(select(Vendor).where(Vendor.slug == name)).first()
    if exact is not None:
        return exact
    index, names = vendor_index(session)
    found = index.by_key.get(key(name), set())
    if len(found) == 1:
        return session.get(Vendor, next(iter(found)))
    if found:
        slugs = sorted(session.exec(select(Vendor.slug).where(col(Vendor.id).in_(found))).all())
        raise AmbiguousNameError(
            f"'{name}' could mean several vendors: {', '.join(slugs)}; use a slug",
            candidates=slugs,
        )
    close = difflib.get_close_matches(key(name), list(names), n=5, cutoff=0.6)
    near = list(dict.fromkeys(names[k][0] for k in close))
    hint = f"; did you mean {', '.join(repr(s) for s in near)}?" if near else ""
    raise NotFoundError(f"no vendor is known as '{name}'{hint}", name=name, suggestions=near)


def suggestions(session: Session, name: str, limit: int = 5) -> list[str]:
    """Known model names closest to `name`."""
    _, names = model_index(session)
    close = difflib.get_close_matches(key(name), list(names), n=limit, cutoff=0.6)
    return list(dict.fromkeys(names[k][0] for k in close))


def resolve_name(session: Session, name: str, platform: str | None = None) -> Resolution:
    index, _ = model_index(session)
    return index.resolve(name, platform=platform)


def find_model(session: Session, name: str) -> Model:
    """The model `name` means (a slug, alias, endpoint id or display name).

    Raises `NotFoundError` with near matches, or `AmbiguousNameError` with the
    candidates, rather than guessing.
    """
    exact = session.exec(select(Model).where(Model.slug == name)).first()
    if exact is not None:
        return exact
    found = resolve_name(session, name)
    if found.resolved:
        return session.get(Model, found.model)
    if found.status == "ambiguous":
        slugs = session.exec(select(Model.slug).where(Model.id.in_(found.candidates))).all()
        raise AmbiguousNameError(
            f"'{name}' could mean several models: {', '.join(sorted(slugs))}; use a slug",
            candidates=sorted(slugs),
        )
    near = suggestions(session, name)
    hint = f"; did you mean {', '.join(repr(s) for s in near)}?" if near else ""
    raise NotFoundError(f"no model is known as '{name}'{hint}", name=name, suggestions=near)
