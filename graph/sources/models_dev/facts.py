"""What one models.dev file states: the facts about its model and the
prices of a provider listing's `[cost]` tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from tokenatlas.graph.sources.models_dev.checks import DATE, FLAGS

# Token kinds models.dev spells two ways.
_KIND_SYNONYMS = {
    "cache_input": "cache_read",
    "cached_input": "cache_read",
    "cached_write": "cache_write",
}
# Cost keys that are not per-token prices (USD per request): not stored.
_NOT_PER_TOKEN = frozenset({"request"})


def day(text: str) -> date | None:
    """The date `text` names, or None for an impossible one (`2025-25-11`)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def file_facts(data: dict[str, Any], license_slug: str | None) -> Iterator[tuple[str, Any]]:
    """(field, value) pairs a file states about its model."""
    released = data.get("release_date")
    if released and DATE.match(released):
        released_on = day(released)
        if released_on is not None:
            yield "release_date", released_on
    elif released and day(f"{released}-01") is not None:
        yield "release_month", released  # the catalogue gives no day
    for name in ("family", "open_weights"):
        yield name, data.get(name)
    limit = data.get("limit", {})
    yield "context_window", limit.get("context")
    yield "output_limit", limit.get("output")
    yield "input_limit", limit.get("input")
    modalities = data.get("modalities")
    if modalities:
        yield "modalities", {k: modalities.get(k, []) for k in ("input", "output")}
    for flag in FLAGS:
        yield flag, data.get(flag)
    yield "knowledge_cutoff", data.get("knowledge")
    yield "license", license_slug


def cost_rows(
    cost: dict[str, Any], conditions: str | None
) -> Iterator[tuple[str, Any, int, str | None]]:
    """(token kind, USD per Mtok, tier threshold, conditions) of one [cost] table."""
    for kind, value in cost.items():
        if kind == "tiers" or kind in _NOT_PER_TOKEN:
            continue
        yield _KIND_SYNONYMS.get(kind, kind), value, 0, conditions
    for tier in cost.get("tiers", []):
        spec = tier["tier"]
        kind_of_tier = spec.get("type", "context")
        cond = conditions
        if kind_of_tier != "context":
            cond = ", ".join(c for c in (conditions, f"tier={kind_of_tier}") if c)
        for kind, value in tier.items():
            if kind == "tier" or kind in _NOT_PER_TOKEN:
                continue
            yield _KIND_SYNONYMS.get(kind, kind), value, int(spec["size"]), cond
