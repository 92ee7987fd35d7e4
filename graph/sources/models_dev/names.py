"""How models.dev spells things, read into the names the graph resolves:
display names as ids would spell them, Hugging Face ids from weight links,
benchmark versions, provider ids without their region prefix."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

_PAREN = re.compile(r"\s*\(([^)]*)\)")
_DATEISH = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
# A version at the end of a benchmark name: "Terminal-Bench 2.1".
_BENCH_VERSION = re.compile(r"^(.*?\S)[\s-]+v?(\d+\.\d+)$")


def clean_name(name: str) -> str:
    """A display name as an id would spell it: "(latest)" dropped, a dated
    parenthesis joined, other parentheses unwrapped.

    >>> clean_name("Claude Opus 4.5 (latest)")
    'Claude Opus 4.5'
    >>> clean_name("GPT-4o (2024-05-13)")
    'GPT-4o-2024-05-13'
    >>> clean_name("Grok 4.20 (Reasoning)")
    'Grok 4.20 Reasoning'
    """

    def repl(m: re.Match) -> str:
        inner = m.group(1).strip()
        if inner.lower() == "latest":
            return ""
        if _DATEISH.match(inner):
            return f"-{inner}"
        return f" {inner}"

    return re.sub(r"\s+", " ", _PAREN.sub(repl, name)).strip()


def hf_id(url: str) -> str | None:
    """The Hugging Face repository id of a URL on huggingface.co.

    >>> hf_id("https://huggingface.co/moonshotai/Kimi-K2.6")
    'moonshotai/Kimi-K2.6'
    >>> hf_id("https://huggingface.co/Qwen/Qwen3-32B/tree/main")
    'Qwen/Qwen3-32B'
    """
    u = urlparse(url.strip())
    if u.netloc.lower().removeprefix("www.") not in ("huggingface.co", "hf.co"):
        return None
    parts = [p for p in u.path.split("/") if p]
    if len(parts) < 2 or parts[0] in ("datasets", "spaces", "papers", "blog"):
        return None
    return f"{parts[0]}/{parts[1]}"


def hf_ids(data: dict[str, Any]) -> list[str]:
    """The Hugging Face ids of a lab model's weights and model cards, in order."""
    out: list[str] = []
    for entry in data.get("weights", []):
        repo = hf_id(entry["url"])
        if repo and repo not in out:
            out.append(repo)
    for entry in data.get("links", []):
        repo = hf_id(entry["url"]) if entry.get("type") == "model_card" else None
        if repo and repo not in out:
            out.append(repo)
    return out


def split_benchmark(name: str) -> tuple[str, str | None]:
    """A benchmark's name and the version its name carries.

    >>> split_benchmark("Terminal Bench 2.1")
    ('Terminal Bench', '2.1')
    >>> split_benchmark("SWE-Bench Pro")
    ('SWE-Bench Pro', None)
    """
    m = _BENCH_VERSION.match(name.strip())
    return (m.group(1), m.group(2)) if m else (name.strip(), None)


def unprefixed(path_id: str) -> str | None:
    """A provider id without its dotted region and vendor prefix (Bedrock's
    `us.anthropic.claude-haiku-4-5-20251001-v1:0`), when it has one.

    >>> unprefixed("us.anthropic.claude-haiku-4-5-20251001-v1:0")
    'claude-haiku-4-5-20251001-v1:0'
    >>> unprefixed("gpt-5.4") is None
    True
    """
    if "/" in path_id:
        return None
    m = re.match(r"^(?:[a-z]+\.)+(?=[a-z])", path_id)
    return path_id[m.end() :] if m else None


def domain_label(host: str) -> str:
    """The registered name of a host: `docs.mistral.ai` -> `mistral`."""
    parts = host.lower().removeprefix("www.").split(".")
    return parts[-2] if len(parts) >= 2 else parts[0]
