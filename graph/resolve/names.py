"""Normalisation rules for model and vendor names: pure functions on strings.

Each source spells a model its own way (`anthropic/claude-4.6-opus-20260205`,
`claude-opus-4-6`, "Claude Opus 4.6"). These functions reduce a spelling to
comparable keys; `graph.resolve.index` decides what the keys mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-_./]+")
_TOKEN_SPLIT = re.compile(r"[\s\-_/:]+")
# Endpoint suffixes: a platform's terms for serving one model.
_ENDPOINT_SUFFIX = re.compile(r":([a-z0-9-]+)$")
# Suffixes that name a serving mode rather than another model.
_MODE_SUFFIXES = ("-fast", "-highspeed", "-turbo-endpoint")
_DATE_SUFFIX = re.compile(
    r"[-_@](?:(?:19|20)\d{6}|(?:19|20)\d{2}-\d{2}-\d{2}|(?:0[1-9]|1[0-2])-?(?:[0-2]\d|3[01])|v\d+(?::\d+)?)$"
)


def key(name: str) -> str:
    """Fold case and separators (space - _ . /).

    >>> key("Claude Opus 4.6") == key("claude-opus-4-6") == key("claude_opus.4.6")
    True
    >>> key("Mimo V2 Pro") == key("MiMo-V2-Pro")
    True
    """
    return _SEPARATORS.sub("", name.strip().lower())


def slugify(name: str) -> str:
    """A slug for a new node: lowercase, separators folded to '-', dots kept.

    >>> slugify("Qwen/Qwen2.5-72B Instruct")
    'qwen/qwen2.5-72b-instruct'
    """
    text = re.sub(r"[\s_]+", "-", name.strip().lower())
    return re.sub(r"-{2,}", "-", text).strip("-")


def bag(name: str) -> str:
    """Order-free key: the sorted words, so word order does not matter.

    >>> bag("claude-4.6-opus") == bag("claude-opus-4.6")
    True
    >>> bag("gpt-5.4") == bag("gpt-4.5")
    False
    """
    words = [w for w in _TOKEN_SPLIT.split(name.strip().lower()) if w]
    return " ".join(sorted(words))


def split_endpoint(name: str) -> tuple[str, str | None]:
    """Split a `:suffix` endpoint marker off an id.

    >>> split_endpoint("stepfun/step-3.5-flash:free")
    ('stepfun/step-3.5-flash', 'free')
    >>> split_endpoint("Claude Opus 4.6")
    ('Claude Opus 4.6', None)
    """
    m = _ENDPOINT_SUFFIX.search(name.strip().lower())
    if not m:
        return name, None
    return name[: m.start()], m.group(1)


def strip_date(name: str) -> str | None:
    """Drop a date or revision suffix (20260211, 2026-02-11, 0127, 04-02, v1:0).

    >>> strip_date("anthropic/claude-4.6-opus-20260205")
    'anthropic/claude-4.6-opus'
    >>> strip_date("qwen/qwen3.6-plus-04-02")
    'qwen/qwen3.6-plus'
    >>> strip_date("moonshotai/kimi-k2.5-0127")
    'moonshotai/kimi-k2.5'
    >>> strip_date("gpt-oss-120b") is None
    True
    """
    m = _DATE_SUFFIX.search(name.strip())
    return name[: m.start()] if m else None


def strip_prefix(name: str) -> tuple[str, str] | None:
    """Split a `vendor/` (or `vendor.`) prefix off an id.

    >>> strip_prefix("moonshotai/kimi-k2.6")
    ('moonshotai', 'kimi-k2.6')
    >>> strip_prefix("Kimi K2.6") is None
    True
    >>> strip_prefix("global.anthropic.claude-opus-4-6-v1")
    ('global.anthropic', 'claude-opus-4-6-v1')
    >>> strip_prefix("gpt-4.1") is None
    True
    """
    name = name.strip()
    if "/" in name:
        head, _, tail = name.rpartition("/")
        return head, tail
    # Cloud ids put the vendor (and a region) first, dot-separated:
    # `us.meta.llama4-scout`, `anthropic.claude-3-5-sonnet`.
    parts = name.split(".")
    heads = 0
    while heads < len(parts) - 1 and parts[heads].isalpha():
        heads += 1
    if heads:
        return ".".join(parts[:heads]), ".".join(parts[heads:])
    return None


def strip_mode(name: str) -> str | None:
    """Drop a serving-mode suffix such as `-fast` or `-highspeed`.

    >>> strip_mode("MiniMax-M2.5-highspeed")
    'MiniMax-M2.5'
    """
    low = name.lower()
    for suffix in _MODE_SUFFIXES:
        if low.endswith(suffix):
            return name[: -len(suffix)]
    return None


def offer(name: str) -> str | None:
    """The serving terms a name carries beyond its model, as price conditions.

    >>> offer("anthropic/claude-opus-4.6:batch"), offer("MiniMax-M2.5-highspeed")
    ('endpoint=batch', 'mode=highspeed')
    >>> offer("claude-opus-4-6") is None
    True
    """
    base, endpoint = split_endpoint(name)
    parts = [f"endpoint={endpoint}"] if endpoint and not endpoint.isdigit() else []
    stem = strip_date(base) or base
    if strip_mode(stem):
        parts.append("mode=" + stem.lower().rsplit("-", 1)[1])
    return ", ".join(parts) or None


@dataclass(frozen=True)
class Spelling:
    """One way to read a name, and the rules applied to reach it."""

    text: str
    rules: tuple[str, ...]
    endpoint: str | None


def spellings(name: str) -> list[Spelling]:
    """Readings of a name from most to least literal.

    >>> for s in spellings("anthropic/claude-4.6-opus-20260205"):
    ...     print(s.text, s.rules)
    anthropic/claude-4.6-opus-20260205 ()
    claude-4.6-opus-20260205 ('prefix',)
    anthropic/claude-4.6-opus ('date',)
    claude-4.6-opus ('date', 'prefix')
    """
    base, endpoint = split_endpoint(name)
    first_rules: tuple[str, ...] = ("endpoint",) if endpoint else ()
    out: list[Spelling] = []
    seen: set[str] = set()

    def add(text: str, rules: tuple[str, ...]) -> None:
        if text and text not in seen:
            seen.add(text)
            out.append(Spelling(text, rules, endpoint))

    stages = [(base, first_rules)]
    dated = strip_date(base)
    if dated:
        stages.append((dated, first_rules + ("date",)))
    moded = strip_mode(dated or base)
    if moded:
        stages.append((moded, first_rules + (("date",) if dated else ()) + ("mode",)))
    for text, rules in stages:
        add(text, rules)
        pre = strip_prefix(text)
        if pre:
            add(pre[1], rules + ("prefix",))
    return out


@lru_cache(maxsize=65_536)  # price listings ask it of the same ids over and over
def is_variant_id(provider_model_id: str) -> bool:
    """True for an id naming another offer of a model (batch, free, fast...).

    >>> is_variant_id("anthropic/claude-opus-4.6:batch"), is_variant_id("MiniMax-M2.5-highspeed")
    (True, True)
    >>> is_variant_id("anthropic.claude-3-sonnet-20240229-v1:0"), is_variant_id("claude-opus-4-6")
    (False, False)
    """
    _, suffix = split_endpoint(provider_model_id)
    if suffix is not None and not suffix.isdigit():
        return True
    return strip_mode(provider_model_id) is not None
