"""Answers kept per state of the store, and what HTTP caches are told.

The data changes only when something is written, and every committed write
moves the store's data version (graph.store.version). An answer is
therefore the same for the same document, operation, variables, media type
and day (some arguments default to today) in the same state of the store:

- `Answers` keeps such answers' bytes in memory (least recently used go
  first, bounded in entries and bytes), so a repeated query is answered
  without parsing, validating or running it; an answer of another state
  is never served, since the state is part of its key;
- the same key, hashed, is the `ETag` of a GET answer, so `If-None-Match`
  gets a 304 and a reverse proxy or CDN in front of several servers can
  answer repeated reads itself (`Cache-Control: public, max-age=N`);
- POST answers are never marked cacheable (`Cache-Control: no-store`).

Only answers without errors are kept: an error may not come again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from tokenatlas.graph.store.version import State

MAX_ENTRY_BYTES = 4_000_000
"""Larger answers are answered each time rather than crowd the others out."""


def answer_key(params: dict[str, Any], media: str, state: State) -> str:
    """What an answer depends on, hashed: the document, its operation and
    variables, the media type, today's date (UTC) and the store's state."""
    parts = [
        params.get("query"),
        params.get("operationName"),
        params.get("variables") or {},
        media,
        datetime.now(UTC).date().isoformat(),
        state.tag,
    ]
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def etag(key: str) -> str:
    return f'"{key}"'


def matches(if_none_match: str | None, key: str) -> bool:
    """Whether a request's If-None-Match names this answer (or `*`)."""
    if not if_none_match:
        return False
    wanted = etag(key)
    for tag in if_none_match.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag in (wanted, "*"):
            return True
    return False


def cache_headers(method: str, key: str, max_age: int) -> dict[str, str]:
    """Headers of a successful answer: cacheable with its ETag over GET,
    never over POST."""
    if method != "GET":
        return {"Cache-Control": "no-store"}
    return {
        "ETag": etag(key),
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": "Accept",
    }


class Answers:
    """Answer bytes by key, least recently used dropped first."""

    def __init__(self, entries: int, max_bytes: int = 256_000_000):
        self.entries = entries
        self.max_bytes = max_bytes
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, body: bytes) -> None:
        if self.entries <= 0 or len(body) > MAX_ENTRY_BYTES:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            self._bytes -= len(old) if old is not None else 0
            self._kept[key] = body
            self._bytes += len(body)
            while len(self._kept) > self.entries or self._bytes > self.max_bytes:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._kept),
                "bytes": self._bytes,
                "hits": self.hits,
                "misses": self.misses,
            }


__all__ = ["Answers", "answer_key", "cache_headers", "etag", "matches"]
