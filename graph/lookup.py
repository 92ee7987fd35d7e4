"""Looking models up by any name, with a resolver index cached per store.

Building a `ModelIndex` reads every alias; it is rebuilt only when the
catalog changed (a one-row fingerprint query per lookup tells).
"""

from __future__ import annotations

import difflib
import threading

from sqlalchemy import func
from sqlmodel import Session, select

from graph.errors import AmbiguousNameError, NotFoundError
from graph.names import key
from graph.resolve import ModelIndex, Resolution
from graph.tables import Endpoint, Model, ModelAlias

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, ModelIndex, dict[str, list[str]]]] = {}


def _fingerprint(session: Session) -> tuple:
    parts = []
    for table in (Model, ModelAlias, Endpoint):
        parts.extend(session.exec(select(func.count(), func.max(table.id))).one())
    return tuple(parts)


def model_index(session: Session) -> tuple[ModelIndex, dict[str, list[str]]]:
    """The resolver index of this store, and the names each key stands for
    (for suggestions)."""
    url = str(session.get_bind().engine.url)
    fingerprint = _fingerprint(session)
    with _lock:
        hit = _cache.get(url)
        if hit and hit[0] == fingerprint:
            return hit[1], hit[2]
    index = ModelIndex.from_session(session)
    names: dict[str, list[str]] = {}
    for slug, name in session.exec(select(Model.slug, Model.name)):
        names.setdefault(key(name), []).append(name)
        names.setdefault(key(slug), []).append(slug)
    with _lock:
        _cache[url] = (fingerprint, index, names)
    return index, names


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
