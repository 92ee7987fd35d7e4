"""Values derived from the whole store (resolver indexes, every claim's
check, the small tables answers cite), built once per state of its data
and shared by every request of this process until a write moves the data
version (graph.store.version)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlmodel import Session
from tokenatlas.graph.store import version
from tokenatlas.graph.store.db import deadline

_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[version.State, Any]] = {}
_building: dict[tuple[str, str], threading.Lock] = {}


def cached_per_store(session: Session, kind: str, build: Callable[[Session], Any]) -> Any:
    """`build(session)`, reused while the store's data version stays the
    same (graph.store.version: every committed write moves it, in this
    process or another). `build` must return plain values, not rows bound
    to its session; concurrent requests wait for one build."""
    state = version.current(session)
    if state is version.NONE:  # a store without a version: nothing is cached
        return build(session)
    slot = (version.slot(session.get_bind().engine), kind)
    with _lock:
        hit = _cache.get(slot)
        if hit and hit[0] == state:
            return hit[1]
        building = _building.setdefault(slot, threading.Lock())
    with building:  # one build per slot: concurrent requests wait for it
        with _lock:
            hit = _cache.get(slot)
        if hit and hit[0] == state:
            return hit[1]
        # Built to the end even when the request that asked has run out of
        # time: the next request uses it, rather than start it again.
        with deadline(None):
            value = build(session)
        with _lock:
            _cache[slot] = (state, value)
    return value
