"""Reading a Hugging Face Hub model listing: JSON Lines, one model per
line, in the shape of the Hub's `/api/models` answer (`id`, `author`,
`license`, `tags` with `base_model:...` and `base_model:<relation>:...`,
`cardData.base_model`, `downloads`, `likes`, `createdAt`).

Everything is read and checked before anything is written: a line that is
not a model (not JSON, no id, a base model named twice or by itself, an id
listed twice) stops the load with the file, the line and the reason.
Whether each base model exists is checked against the store by the writer
(graph.sources.hf_models), and cycles by the lineage derivation.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tokenatlas.graph.errors import LoadError

# The Hub's base_model relations, as our lineage relations.
RELATIONS = {
    "finetune": "finetune",
    "quantized": "quantization",
    "adapter": "adapter",
    "merge": "merge",
}
_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


@dataclass(frozen=True)
class HubModel:
    """One model as the listing gives it."""

    line: int
    id: str
    author: str | None
    license: str | None
    parents: tuple[tuple[str, str], ...]  # (base model id, relation)
    downloads: int | None = None
    likes: int | None = None
    created: date | None = None
    former: tuple[str, ...] = ()  # ids the Hub redirects to this one (renamed repositories)


@dataclass(frozen=True)
class Listing:
    path: Path | str  # the file, or the address it was fetched from
    models: list[HubModel]
    digest: str  # SHA-256 of the file: the same file twice is imported once
    # Base models the Hub no longer serves (deleted, private, gated), by
    # lowercased id, with why: their edges are kept as unresolved names.
    # Only a fetched listing has them; in a file every base must be found.
    unavailable: dict[str, str] = field(default_factory=dict)


def _fail(path: Path | str, line: int, reason: str) -> LoadError:
    return LoadError(f"{path}:{line}", reason)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _count(record: dict, name: str, fail) -> int | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail(f"'{name}' must be a count, got {value!r}")
    return value


def _created(record: dict, fail) -> date | None:
    value = record.get("createdAt")
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        raise fail(f"'createdAt' is not an ISO date: {value!r}") from None


def _parents(record: dict, model_id: str, fail) -> tuple[tuple[str, str], ...]:
    """Base models from the tags (with their relation where the tag says
    it), else from the card; several bases with no relation are a merge."""
    tags = record.get("tags") or []
    if not isinstance(tags, list):
        raise fail("'tags' must be a list")
    related: dict[str, str] = {}
    plain: list[str] = []
    for tag in tags:
        if not isinstance(tag, str) or not tag.startswith("base_model:"):
            continue
        rest = tag.removeprefix("base_model:")
        head, _, tail = rest.partition(":")
        if tail and head in RELATIONS:
            related.setdefault(tail, RELATIONS[head])
        elif not tail:
            plain.append(rest)
        else:
            raise fail(f"tag '{tag}': relation '{head}' is not one of {', '.join(RELATIONS)}")
    card = record.get("cardData") or {}
    if not isinstance(card, dict):
        raise fail("'cardData' must be an object")
    stated = card.get("base_model")
    if stated is not None and not isinstance(stated, str | list):
        raise fail(f"'cardData.base_model' must be an id or a list of ids, got {stated!r}")
    from_card = [stated] if isinstance(stated, str) else list(stated or [])
    named = list(dict.fromkeys([*related, *plain] or from_card))
    for base in named:
        if not isinstance(base, str) or not _ID.match(base):
            raise fail(f"base model {base!r} is not a Hub id")
        if base.lower() == model_id.lower():
            raise fail(f"'{model_id}' names itself as its base model")
    default = "merge" if len(named) > 1 else "finetune"
    return tuple((base, related.get(base, default)) for base in named)


def _license(record: dict, card: dict, tag: str | None) -> str | None:
    """The licence a record declares. The Hub spells a licence it has no id
    for as `other` and names it in `cardData.license_name` (Qwen's `qwen`,
    DeepSeek's `deepseek`): the name is the licence."""
    stated = _text(record.get("license")) or _text(card.get("license")) or tag
    if stated is not None and stated.lower() == "other":
        return _text(card.get("license_name")) or stated
    return stated


def base_models(record: dict) -> list[str]:
    """The base model ids a listing record names, as `parse` reads them;
    none for a record `parse` would refuse."""
    model_id = record.get("id") or ""
    try:
        return [b for b, _ in _parents(record, str(model_id), lambda r: LoadError("", r))]
    except (LoadError, TypeError, AttributeError):
        return []


def parse(path: Path | str, lines: Iterable[tuple[int, str]]) -> list[HubModel]:
    models: list[HubModel] = []
    seen: dict[str, int] = {}
    for number, text in lines:
        if not text.strip():
            continue

        def fail(reason: str, number: int = number) -> LoadError:
            return _fail(path, number, reason)

        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise fail(f"not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise fail(f"a model must be a JSON object, got {type(record).__name__}")
        model_id = record.get("id") or record.get("modelId")
        if not isinstance(model_id, str) or not _ID.match(model_id):
            raise fail(f"'id' must be a Hub id like org/name, got {model_id!r}")
        if model_id.lower() in seen:
            raise fail(f"'{model_id}' is listed already, at line {seen[model_id.lower()]}")
        seen[model_id.lower()] = number
        card = record.get("cardData") if isinstance(record.get("cardData"), dict) else {}
        tag_license = next(
            (
                t.removeprefix("license:")
                for t in record.get("tags") or []
                if isinstance(t, str) and t.startswith("license:")
            ),
            None,
        )
        author = _text(record.get("author")) or (
            model_id.partition("/")[0] if "/" in model_id else None
        )
        models.append(
            HubModel(
                line=number,
                id=model_id,
                author=author,
                license=_license(record, card, tag_license),
                parents=_parents(record, model_id, fail),
                downloads=_count(record, "downloads", fail),
                likes=_count(record, "likes", fail),
                created=_created(record, fail),
            )
        )
    return models


def read_listing(path: Path) -> Listing:
    """Read and check a listing file; raise `LoadError` at the first bad line."""
    if not path.is_file():
        raise LoadError(str(path), "no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(path, line, "not UTF-8 text") from None
    models = parse(path, enumerate(text.splitlines(), start=1))
    if not models:
        raise LoadError(str(path), "holds no model")
    return Listing(path, models, hashlib.sha256(raw).hexdigest())
