"""Fetching a Hugging Face Hub model listing with the `huggingface_hub`
library: an author's models, then each base model they name that neither
the listing nor the store holds (one request each, at most MAX_BASES), as
the listing graph.sources.hf_listing reads. `endpoint` points the library
at a mirror or a test server; nothing here writes to the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
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
    that `have` (the store) lacks; raise `LoadError` when the Hub cannot
    be read."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

    where = endpoint or DEFAULT_ENDPOINT
    api = HfApi(endpoint=where, token=token or False)
    label = f"{where}/api/models?author={author}"
    try:
        records = [_record(m) for m in api.list_models(author=author, full=True, cardData=True)]
        if not records:
            raise LoadError(label, f"the Hub lists no model by '{author}'")
        listed = {r["id"].lower() for r in records}
        wanted = [b for r in records for b in base_models(r)]
        fetched = 0
        while wanted:
            base = wanted.pop()
            if base.lower() in listed or have(base):
                continue
            if fetched >= MAX_BASES:
                raise LoadError(label, f"more than {MAX_BASES} base models to fetch one by one")
            listed.add(base.lower())
            fetched += 1
            try:
                info = api.model_info(base)
            except RepositoryNotFoundError:
                continue  # left for the ingest to report as a dangling base model
            records.append(_record(info))
            wanted += base_models(records[-1])
    except HfHubHTTPError as exc:
        raise LoadError(label, f"the Hub answered {exc}") from None
    except OSError as exc:
        raise LoadError(label, f"the Hub could not be reached ({exc})") from None
    except Exception as exc:  # the HTTP client's own transport errors
        if type(exc).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise LoadError(label, f"the Hub could not be reached ({exc})") from None
        raise
    text = "\n".join(json.dumps(r, sort_keys=True) for r in records)
    models = parse(label, enumerate(text.splitlines(), start=1))
    return Listing(label, models, hashlib.sha256(text.encode()).hexdigest())
