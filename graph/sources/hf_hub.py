"""Fetching a Hugging Face Hub model listing with the `huggingface_hub`
library: an author's models, then each base model they name that neither
the listing nor the store holds (one request each, at most MAX_BASES), as
the listing graph.sources.hf_listing reads. `endpoint` points the library
at a mirror or a test server; nothing here writes to the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.sources.hf_listing import Listing, base_models, parse

MAX_BASES = 1000  # base models fetched one by one, per update
DEFAULT_ENDPOINT = "https://huggingface.co"


def _record(info: Any) -> dict[str, Any]:
    """A `ModelInfo` as one line of the listing."""
    card = info.card_data.to_dict() if info.card_data is not None else None
    return {
        "id": info.id,
        "author": info.author,
        "tags": info.tags or [],
        "cardData": card,
        "downloads": info.downloads,
        "likes": info.likes,
        "createdAt": info.created_at.isoformat() if info.created_at else None,
    }


def fetch_author(
    author: str,
    *,
    endpoint: str | None = None,
    have: Callable[[str], bool] = lambda _: False,
    token: str | None = None,
) -> Listing:
    """The listing of `author`'s models and of the base models they need
    that `have` (the store) lacks; raise `LoadError` when the author's
    listing cannot be read. A base model the Hub no longer serves (deleted,
    private, gated) is listed as unavailable, not a failure; one it
    redirects (a renamed repository) is read under its new id, with the
    id the tag names as its former one."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    where = endpoint or DEFAULT_ENDPOINT
    api = HfApi(endpoint=where, token=token or False)
    label = f"{where}/api/models?author={author}"
    try:
        with _reading(label):
            listing = api.list_models(author=author, full=True, cardData=True)
            records = [_record(m) for m in listing]
    except HfHubHTTPError as exc:
        raise LoadError(label, f"the Hub answered {exc}") from None
    if not records:
        raise LoadError(label, f"the Hub lists no model by '{author}'")
    listed = {r["id"].lower(): r for r in records}
    renamed: dict[str, str] = {}  # id a tag names -> the id the Hub answers with
    unavailable: dict[str, str] = {}
    wanted = [b for r in records for b in base_models(r)]
    asked = 0
    while wanted:
        base = wanted.pop()
        if base.lower() in listed or base.lower() in renamed or base.lower() in unavailable:
            continue
        if have(base):
            continue
        if asked >= MAX_BASES:
            raise LoadError(label, f"more than {MAX_BASES} base models to fetch one by one")
        asked += 1
        try:
            with _reading(f"{where}/api/models/{base}"):
                info = api.model_info(base)
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status not in _GONE:
                raise LoadError(label, f"the Hub answered {exc}") from None
            unavailable[base.lower()] = _GONE[status]
            continue
        if info.id.lower() != base.lower():
            renamed[base.lower()] = info.id
        if info.id.lower() in listed:
            continue
        listed[info.id.lower()] = record = _record(info)
        records.append(record)
        wanted += base_models(record)
    text = "\n".join(json.dumps(r, sort_keys=True) for r in records)
    models = parse(label, enumerate(text.splitlines(), start=1))
    former: dict[str, list[str]] = {}
    for old, new in sorted(renamed.items()):
        former.setdefault(new.lower(), []).append(old)
    models = [replace(m, former=tuple(former.get(m.id.lower(), ()))) for m in models]
    seen = json.dumps([sorted(renamed.items()), sorted(unavailable.items())])
    digest = hashlib.sha256((text + "\n" + seen).encode()).hexdigest()
    return Listing(label, models, digest, unavailable)


# Statuses that say a base model is gone for us, not that the Hub failed.
_GONE = {
    401: "the Hub asks for a login to read it (private or gated)",
    403: "the Hub refuses to serve it (gated or disabled)",
    404: "the Hub has no such model (deleted, private or never public)",
    410: "the Hub has removed it",
}


@contextmanager
def _reading(label: str) -> Iterator[None]:
    """The HTTP client's failures to reach the Hub as `LoadError`s; HTTP
    answers (`HfHubHTTPError`) pass through for the caller to read."""
    from huggingface_hub.errors import HfHubHTTPError

    try:
        yield
    except HfHubHTTPError:
        raise
    except OSError as exc:
        raise LoadError(label, f"the Hub could not be reached ({exc})") from None
    except Exception as exc:  # the HTTP client's own transport errors
        if type(exc).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise LoadError(label, f"the Hub could not be reached ({exc})") from None
        raise
