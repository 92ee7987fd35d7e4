"""The models.dev catalogue (`models.dev/`, MIT): lab models with their facts
and benchmark scores, and provider listings with their prices.

- `models/<lab>/<id>.toml`: one model as its lab ships it. The lab folder is
  the vendor. The model is resolved from its id, `<lab>/<id>`, its display
  name and the Hugging Face repositories of its `[[weights]]`, so that it
  merges into the model the catalog (or another dataset) already holds;
  dated duplicates (`claude-opus-4-5` and `claude-opus-4-5-20251101`) land on
  one node, whose facts come from the undated file. Family, release date
  (`release_month` when only YYYY-MM is given), open weights, limits,
  modalities, flags and knowledge cutoff become facts; Hugging Face ids
  become aliases. A model that entered without a vendor gets the lab's.
- `[[benchmarks]]`: one result each (score, metric, harness, dataset /
  version / variant, source URL, date when stated). A score whose source is
  the vendor's own page (its Hugging Face organisation or its domain) has
  the vendor's tier.
- `providers/<provider>/provider.toml` and `providers/<provider>/models/**.toml`:
  a provider serving a model. `base_model` names the lab model; without it
  the listing's path id (and name) is resolved, and a model that resolves to
  nothing is created (its first listing states its facts). `[cost]` (USD
  per million tokens), its context `[[cost.tiers]]` and
  `[experimental.modes.<mode>.cost]` become prices of that provider dated by
  the dataset; `request` (USD per request) is not a token price and is left
  out. OpenRouter's path ids are its API ids: they become endpoints.

Resolution never guesses (see `_Writer.choose`): ids outrank display names,
exact matches outrank loose rules, a curated model of another vendor is never
merged into, a name that already means another model is never made an alias,
and a Hugging Face repository listed by several lab models (a "turbo" serving
of the same weights, a "latest" pointer) counts only for the one it is named
after.

Only `*.toml` files are part of the catalogue (as in models.dev's own
build); a stray copy without the extension is ignored. A well-formed but
impossible date (the real `2025-25-11`) is left out of the facts.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlmodel import select

from graph.provenance.precedence import Tier
from graph.resolve.index import Resolution
from graph.resolve.names import key, strip_date, strip_mode
from graph.sources.context import ImportContext
from graph.sources.contract import row_error
from graph.store.tables import Model, Provider

DATASET = "models-dev"
FILE = "models.dev"

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_DATEISH = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
# A version at the end of a benchmark name: "Terminal-Bench 2.1".
_BENCH_VERSION = re.compile(r"^(.*?\S)[\s-]+v?(\d+\.\d+)$")
# Metrics that are a share of tasks passed: the score is a percentage.
_PERCENT_METRIC = re.compile(r"pass@|percent|resolve|success|accura|correct", re.I)

# Token kinds models.dev spells two ways.
_KIND_SYNONYMS = {
    "cache_input": "cache_read",
    "cached_input": "cache_read",
    "cached_write": "cache_write",
}
# Cost keys that are not per-token prices (USD per request): not stored.
_NOT_PER_TOKEN = frozenset({"request"})
# models.dev provider folders that name a provider another source already
# holds under another slug (matched here when names do not fold alike).
_SAME_PROVIDER = {"amazon-bedrock": "aws"}
_FACT_FLAGS = ("reasoning", "tool_call", "structured_output", "attachment")


# -- what read() returns --------------------------------------------------------


@dataclass(frozen=True)
class LabModel:
    file: str  # relative path, the locator of everything it states
    lab: str
    id: str
    data: dict[str, Any]

    @property
    def lab_id(self) -> str:
        return f"{self.lab}/{self.id}"


@dataclass(frozen=True)
class Listing:
    file: str
    provider: str
    path_id: str  # the id under which the provider serves the model
    data: dict[str, Any]


@dataclass
class Catalogue:
    root: Path
    labs: list[LabModel] = field(default_factory=list)
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)  # folder -> provider.toml
    listings: list[Listing] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files that are not *.toml


# -- reading and checking ---------------------------------------------------------


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise row_error(path, 0, f"cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise row_error(path, 0, f"not UTF-8 ({exc.reason})") from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        reason = _TOML_LINE.sub("", str(exc)).strip()
        raise row_error(path, m.group(1) if m else 0, f"not valid TOML: {reason}") from exc


def _line_of(text: str, where: tuple[str | int, ...]) -> int | None:
    """The line that states the key at `where` (table path with array indices)."""
    current: tuple[str | int, ...] = ()
    counts: dict[tuple[str | int, ...], int] = defaultdict(int)
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            name = tuple(p.strip().strip('"') for p in line[2 : line.find("]]")].split("."))
            current = (*name, counts[name])
            counts[name] += 1
        elif line.startswith("["):
            current = tuple(p.strip().strip('"') for p in line[1 : line.find("]")].split("."))
        elif "=" in line:
            name = tuple(p.strip().strip('"') for p in line.split("=", 1)[0].split("."))
            full = (*current, *name)
            if where[: len(full)] == full:
                return number
    return None


class _Checker:
    """Type checks of one parsed file, raising LoadError with file and line."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]):
        self.path, self.text, self.data = path, text, data

    def fail(self, where: tuple[str | int, ...], reason: str):
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else p for p in where).replace(".[", "[")
        line = _line_of(self.text, where)
        place = line if line else dotted
        raise row_error(self.path, place, f"{dotted} {reason}")

    def get(self, where: tuple[str | int, ...]) -> Any:
        value: Any = self.data
        for part in where:
            if isinstance(part, int):
                value = value[part]
            elif isinstance(value, dict):
                value = value.get(part)
            else:
                return None
            if value is None:
                return None
        return value

    def str_(self, *where: str | int, required: bool = False) -> None:
        value = self.get(where)
        if value is None:
            if required:
                self.fail(where, "is missing")
            return
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, f"must be a non-empty string, got {value!r}")

    def bool_(self, *where: str | int) -> None:
        value = self.get(where)
        if value is not None and not isinstance(value, bool):
            self.fail(where, f"must be true or false, got {value!r}")

    def int_(self, *where: str | int) -> None:
        value = self.get(where)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(where, f"must be a whole number, got {value!r}")
        if value is not None and value < 0:
            self.fail(where, f"must be >= 0, got {value!r}")

    def number(self, *where: str | int) -> None:
        value = self.get(where)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"must be a number, got {value!r}")
        if value < 0 or value != value:
            self.fail(where, f"must be a number >= 0, got {value!r}")

    def table(self, *where: str | int) -> dict[str, Any]:
        value = self.get(where)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(where, f"must be a table, got {value!r}")
        return value

    def tables(self, *where: str | int) -> list[dict[str, Any]]:
        value = self.get(where)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(where, "must be an array of tables")
        return value

    def strings(self, *where: str | int) -> None:
        value = self.get(where)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            self.fail(where, f"must be a list of strings, got {value!r}")

    def date_(self, *where: str | int) -> None:
        """A date as models.dev writes it: YYYY-MM-DD, or YYYY-MM when the day
        is not known. (A well-formed but impossible day, such as the real
        `2025-25-11`, passes here and is left out of the facts.)"""
        value = self.get(where)
        if value is None:
            return
        if not isinstance(value, str) or not (_DATE.match(value) or _MONTH.match(value)):
            self.fail(where, f"must be a date (YYYY-MM-DD or YYYY-MM), got {value!r}")

    def common(self) -> None:
        """Fields lab models and listings share."""
        self.str_("name")
        self.str_("family")
        self.date_("release_date")
        self.date_("last_updated")
        self.str_("knowledge")
        self.str_("license")
        self.bool_("open_weights")
        for flag in _FACT_FLAGS:
            self.bool_(flag)
        self.table("limit")
        for k in ("context", "input", "output"):
            self.int_("limit", k)
        self.table("modalities")
        self.strings("modalities", "input")
        self.strings("modalities", "output")

    def costs(self, *where: str | int) -> None:
        cost = self.table(*where)
        for k, v in cost.items():
            if k == "tiers":
                for i, tier in enumerate(self.tables(*where, "tiers")):
                    spec = tier.get("tier")
                    if not isinstance(spec, dict):
                        self.fail((*where, "tiers", i, "tier"), "must be a table like {size = N}")
                    self.int_(*where, "tiers", i, "tier", "size")
                    if spec.get("size") is None:
                        self.fail((*where, "tiers", i, "tier", "size"), "is missing")
                    self.str_(*where, "tiers", i, "tier", "type")
                    for tk in tier:
                        if tk != "tier":
                            self.number(*where, "tiers", i, tk)
            elif isinstance(v, dict):
                self.fail((*where, k), "must be a number, got a table")
            else:
                self.number(*where, k)


def _check_lab(c: _Checker) -> None:
    c.str_("name", required=True)
    c.common()
    for i, _ in enumerate(c.tables("weights")):
        c.str_("weights", i, "url", required=True)
    for i, _ in enumerate(c.tables("links")):
        c.str_("links", i, "url", required=True)
    for i, b in enumerate(c.tables("benchmarks")):
        c.str_("benchmarks", i, "name", required=True)
        if b.get("score") is None:
            c.fail(("benchmarks", i, "score"), "is missing")
        c.number("benchmarks", i, "score")
        for k in ("metric", "harness", "variant", "dataset", "version", "source"):
            c.str_("benchmarks", i, k)
        c.date_("benchmarks", i, "date")


def _check_listing(c: _Checker) -> None:
    c.common()
    c.str_("base_model")
    c.costs("cost")
    modes = c.table("experimental", "modes")
    for mode in modes:
        c.table("experimental", "modes", mode)
        c.costs("experimental", "modes", mode, "cost")
    if c.get(("name",)) is None and c.get(("base_model",)) is None:
        c.fail(("name",), "is missing (and there is no base_model)")


def _tomls(folder: Path, catalogue: Catalogue) -> Iterator[tuple[Path, str]]:
    """Every `*.toml` under `folder` with its path below it (posix), in a
    stable order; other files are noted as ignored."""
    base = str(folder)
    for top, dirs, files in os.walk(base):
        dirs.sort()
        below = os.path.relpath(top, base).replace(os.sep, "/")
        prefix = "" if below == "." else f"{below}/"
        for name in sorted(files):
            if name.endswith(".toml"):
                yield Path(top, name), prefix + name
            else:
                rel = os.path.relpath(os.path.join(top, name), catalogue.root)
                catalogue.ignored.append(rel.replace(os.sep, "/"))


def read(path: Path) -> Catalogue:
    """Parse and check every TOML file; raise `LoadError` naming the file
    and the line (or key) of the first problem. Touches no store."""
    if not path.is_dir():
        raise row_error(path, 0, "must be the models.dev folder (with models/ and providers/)")
    catalogue = Catalogue(path)
    models_dir, providers_dir = path / "models", path / "providers"
    for folder in (models_dir, providers_dir):
        if not folder.is_dir():
            raise row_error(folder, 0, "missing: not a models.dev folder")
    for file, below in _tomls(models_dir, catalogue):
        lab, _, rest = below.partition("/")
        if not rest:
            raise row_error(file, 0, "a lab model lies under models/<lab>/")
        rel = f"models/{below}"
        data, text = _parse(file)
        _check_lab(_Checker(file, text, data))
        catalogue.labs.append(LabModel(rel, lab, rest[: -len(".toml")], data))
    for folder in sorted(p for p in providers_dir.iterdir() if p.is_dir()):
        toml = folder / "provider.toml"
        if not toml.is_file():
            raise row_error(toml, 0, "missing: every provider folder has a provider.toml")
        data, text = _parse(toml)
        _Checker(toml, text, data).str_("name", required=True)
        catalogue.providers[folder.name] = data
        if not (folder / "models").is_dir():
            continue
        for file, below in _tomls(folder / "models", catalogue):
            rel = f"providers/{folder.name}/models/{below}"
            data, text = _parse(file)
            _check_listing(_Checker(file, text, data))
            catalogue.listings.append(Listing(rel, folder.name, below[: -len(".toml")], data))
    if not catalogue.labs:
        raise row_error(models_dir, 0, "no lab models")
    return catalogue


# -- small readings of a file -------------------------------------------------------


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


def _hf_ids(data: dict[str, Any]) -> list[str]:
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


_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _trusted(name: str, r: Resolution) -> bool:
    """Whether to follow a resolution. Word order may move a version number
    ("claude-4.6-opus" is "claude-opus-4.6") but not swap two numbers
    ("gemini-2.5-pro-preview-05-06" is not "...-06-05")."""
    if "word-order" not in r.rules:
        return True
    numbers = [w for w in re.split(r"[\s\-_/:]+", name) if _NUMBER.match(w)]
    return len(numbers) < 2


_SAFE_RULES = frozenset({"endpoint", "prefix"})


def _strength(c: _Candidate, r: Resolution) -> int:
    """How strongly a resolution identifies a model, strongest 0: an id as
    is; an id without its `:variant`, `org/` or region prefix; a display
    name as is; an id read with a looser rule (date, mode, word order); a
    display name so."""
    if c.display:
        return 2 if r.status == "exact" else 4
    if r.status == "exact":
        return 1 if c.derived else 0
    return 1 if set(r.rules) <= _SAFE_RULES else 3


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


def _domain_label(host: str) -> str:
    parts = host.lower().removeprefix("www.").split(".")
    return parts[-2] if len(parts) >= 2 else parts[0]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _facts(data: dict[str, Any], license_slug: str | None) -> Iterator[tuple[str, Any]]:
    """(field, value) pairs a file states about its model."""
    released = data.get("release_date")
    if released and _DATE.match(released):
        day = _day(released)
        if day is not None:
            yield "release_date", day
    elif released and _day(f"{released}-01") is not None:
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
    for flag in _FACT_FLAGS:
        yield flag, data.get(flag)
    yield "knowledge_cutoff", data.get("knowledge")
    yield "license", license_slug


def _cost_rows(
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


# -- writing ---------------------------------------------------------------------------


@dataclass
class _Candidate:
    name: str
    keep_prefix: bool = False
    display: bool = False  # a display name, weaker evidence than an id
    derived: bool = False  # an id with its org or region prefix cut off


class _Writer:
    def __init__(self, ctx: ImportContext, catalogue: Catalogue, as_of: date):
        self.ctx, self.cat, self.as_of = ctx, catalogue, as_of
        session = ctx.session
        # model id -> (vendor id, curated): to prefer and to refuse merges.
        self.info: dict[int, tuple[int | None, bool]] = {
            mid: (vid, cur)
            for mid, vid, cur in session.exec(select(Model.id, Model.vendor_id, Model.curated))
        }
        self.lab_vendor: dict[str, int] = {}
        self.lab_models: dict[str, int] = {}  # "<lab>/<id>" -> model
        self.facts_done: set[tuple[int, str]] = set()
        self.results_done: set[tuple] = set()
        self.described: set[int] = set()  # models a lab file describes
        self.providers: dict[str, int] = {}
        self.provider_slugs = self._provider_slugs()
        self.hf_owner = self._hf_owners()
        self.units = self._benchmark_units()
        self.done = 0
        self.total = len(catalogue.labs) + len(catalogue.listings)

    # -- preparation ---------------------------------------------------------------

    def _provider_slugs(self) -> dict[str, str]:
        """Folder -> the slug of the provider it is. An existing provider (from
        another source) whose slug or name folds alike is reused (Together AI
        is `together` there, `togetherai` here); so is one that differs by an
        "AI" suffix (`fireworks-ai` / `fireworks`) when no other folder could
        mean it. Otherwise the folder is the slug."""
        existing = list(self.ctx.session.exec(select(Provider.slug, Provider.name)))
        slugs = {slug for slug, _ in existing}
        exact: dict[str, str] = {}
        loose: dict[str, set[str]] = defaultdict(set)
        for slug, name in existing:
            for k in (key(slug), key(name)):
                exact.setdefault(k, slug)
                loose[k.removesuffix("ai")].add(slug)
        folders = {f: str(info.get("name", f)) for f, info in self.cat.providers.items()}
        loose_folders: dict[str, set[str]] = defaultdict(set)
        for folder, name in folders.items():
            for k in (key(folder), key(name)):
                loose_folders[k.removesuffix("ai")].add(folder)
        out: dict[str, str] = {}
        for folder, name in folders.items():
            mapped = _SAME_PROVIDER.get(folder)
            found = mapped if mapped in slugs else exact.get(key(folder)) or exact.get(key(name))
            if found is None:
                for k in (key(folder), key(name)):
                    k = k.removesuffix("ai")
                    if len(loose[k]) == 1 and loose_folders[k] == {folder}:
                        found = next(iter(loose[k]))
                        break
            out[folder] = found or folder
        return out

    def _hf_owners(self) -> dict[str, str]:
        """Hugging Face id -> the lab model it names: the one whose id or name
        matches the repository's name, else the only one listing it. Another
        lab model listing the same weights (a "turbo" serving of them, a
        "latest" pointer) neither resolves by them nor takes them as alias."""
        listers: dict[str, list[LabModel]] = defaultdict(list)
        for lab in self.cat.labs:
            for repo in _hf_ids(lab.data):
                listers[repo].append(lab)
        owners: dict[str, str] = {}
        for repo, labs in listers.items():
            tail = key(repo.split("/", 1)[1])
            named = [m for m in labs if tail in (key(m.id), key(clean_name(m.data["name"])))]
            if len(named) == 1:
                owners[repo] = named[0].lab_id
            elif len(labs) == 1:
                owners[repo] = labs[0].lab_id
        return owners

    def _benchmark_units(self) -> dict[str, str]:
        """Benchmark key -> unit: percent when its metrics are pass rates and
        every score lies in [0, 100], else score."""
        seen: dict[str, list[tuple[str | None, float]]] = defaultdict(list)
        for lab in self.cat.labs:
            for b in lab.data.get("benchmarks", []):
                seen[key(split_benchmark(b["name"])[0])].append((b.get("metric"), b["score"]))
        units = {}
        for k, rows in seen.items():
            rated = any(m and _PERCENT_METRIC.search(m) for m, _ in rows)
            bounded = all(0 <= s <= 100 for _, s in rows)
            units[k] = "percent" if rated and bounded else "score"
        return units

    def tick(self) -> None:
        self.done += 1
        self.ctx.report.rows += 1
        self.ctx.progress(self.done, self.total)

    # -- resolution ----------------------------------------------------------------

    def resolve(self, name: str, keep_prefix: bool) -> Resolution:
        return self.ctx.models.resolve(name, keep_prefix=keep_prefix)

    def choose(
        self, candidates: list[_Candidate], vendor_id: int | None
    ) -> tuple[_Candidate | None, int | None, list[str]]:
        """The candidate to resolve by and the model it means, or (None, None,
        ambiguous names). A model of another vendor comes last (a curated one
        is never merged into); then the strongest evidence (`_strength`);
        then a model of the same vendor, then one with no vendor; then
        curated models; then the candidates' order."""
        best: tuple | None = None
        ambiguous: list[str] = []
        for i, c in enumerate(candidates):
            r = self.resolve(c.name, c.keep_prefix)
            if r.status == "ambiguous":
                ambiguous.append(c.name)
                continue
            if not r.resolved or not _trusted(c.name, r):
                continue
            model_vendor, curated = self.info.get(r.model, (None, False))
            if vendor_id is not None and model_vendor is not None and model_vendor != vendor_id:
                if curated:
                    continue
                vendor_rank = 2
            elif vendor_id is not None and model_vendor == vendor_id:
                vendor_rank = 0
            else:
                vendor_rank = 1
            rank = (vendor_rank == 2, _strength(c, r), vendor_rank, not curated, i)
            if best is None or rank < best[0]:
                best = (rank, c, r.model)
        if best is None:
            return None, None, ambiguous
        return best[1], best[2], []

    def model(
        self,
        candidates: list[_Candidate],
        *,
        vendor_id: int | None,
        display: str,
        slug_names: list[str],
    ) -> tuple[int | None, bool]:
        """Resolve through the context (so merges, aliases and the report are
        recorded there), creating the model when nothing resolves. Answers the
        model and whether it was created here."""
        ctx = self.ctx
        chosen, model_id, ambiguous = self.choose(candidates, vendor_id)
        if chosen is not None:
            others = [
                c.name for c in candidates if c is not chosen and self._aliasable(c, model_id)
            ]
            got = ctx.model(
                chosen.name, names=others, vendor_id=vendor_id, keep_prefix=chosen.keep_prefix
            )
            return got, False
        if ambiguous:
            # Nothing resolves uniquely: report the name, attach nothing to a guess.
            return ctx.model(ambiguous[0]), False
        fresh = [c.name for c in candidates if self._unknown(c.name, c.keep_prefix)]
        primary = next((n for n in slug_names if self._unknown(n, True)), None)
        if primary is None:
            return None, False
        if ctx.models.owners(display):
            # Another node has this name (e.g. the original of a quantized
            # copy): name the new one by its id, so no name means two nodes.
            display = primary
        model_id = ctx.model(
            primary,
            names=[n for n in fresh if n != primary],
            vendor_id=vendor_id,
            display=display,
            keep_prefix=True,
        )
        if model_id is None:
            return None, False
        # The node's name resolves to it from now on, as it will on a later
        # run (the index of a store holds every model's name).
        ctx.models.add_name(model_id, display)
        self.info[model_id] = (vendor_id, False)
        return model_id, True

    def _unknown(self, name: str, keep_prefix: bool) -> bool:
        r = self.resolve(name, keep_prefix)
        return r.status == "unknown" and not self.ctx.models.owners(name)

    def _aliasable(self, c: _Candidate, model_id: int) -> bool:
        """A name may become an alias of `model_id` when it means nothing yet
        or means that model: never steal another model's name."""
        r = self.resolve(c.name, c.keep_prefix)
        if r.resolved:
            return r.model == model_id
        return r.status != "ambiguous" and not (self.ctx.models.owners(c.name) - {model_id})

    def fact(self, model_id: int, field_name: str, value: Any, locator: str) -> None:
        """Record a fact once per model and field: the first file wins (files
        are visited canonical ids first, dated and serving variants after)."""
        if value is None or (model_id, field_name) in self.facts_done:
            return
        self.facts_done.add((model_id, field_name))
        self.ctx.fact(model_id, field_name, value, locator=locator)

    def fill_vendor(self, model_id: int, vendor_id: int) -> None:
        """A model that entered without a vendor gets the lab's."""
        current, curated = self.info.get(model_id, (None, False))
        if current is not None or curated:
            return
        row = self.ctx.session.get(Model, model_id)
        if row is not None and row.vendor_id is None:
            row.vendor_id = vendor_id
        self.info[model_id] = (vendor_id, curated)

    # -- lab models ----------------------------------------------------------------

    def vendor(self, lab: str) -> int:
        """The lab folder's vendor: an existing one it names (moonshotai is
        Moonshot AI), else created, under the name the lab's own provider
        entry gives when there is one (sakana: "Sakana AI")."""
        if lab not in self.lab_vendor:
            found = self.ctx.vendors.resolve(lab)
            if lab in self.cat.providers:
                name = self.cat.providers[lab]["name"]
                if found is None or self.ctx.vendors.resolve(name) == found:
                    found = self.ctx.vendor(name)
                    self.ctx.vendors.add_name(found, lab)
            self.lab_vendor[lab] = self.ctx.vendor(lab)  # keeps the folder's spelling
        return self.lab_vendor[lab]

    def labs(self) -> None:
        # Canonical ids first: a dated or serving-mode duplicate then merges
        # into the node its canonical file resolved, and states fewer facts.
        def order(m: LabModel) -> tuple:
            variant = strip_date(m.id) is not None or strip_mode(m.id) is not None
            latest = "latest" in m.id.lower() or "(latest)" in m.data["name"].lower()
            return (variant or latest, m.lab, m.id)

        for lab in sorted(self.cat.labs, key=order):
            self.tick()
            vendor_id = self.vendor(lab.lab)
            name = lab.data["name"]
            owned = [r for r in _hf_ids(lab.data) if self.hf_owner.get(r) == lab.lab_id]
            candidates = [
                _Candidate(lab.id),
                _Candidate(lab.lab_id),
                _Candidate(clean_name(name), display=True),
                # A repository of the lab's own organisation may be read
                # without it; another organisation's (a finetuner's) may not.
                *(_Candidate(r, keep_prefix=not self.own_org(r, lab)) for r in owned),
            ]
            model_id, _ = self.model(
                candidates,
                vendor_id=vendor_id,
                display=name,
                slug_names=[lab.id, lab.lab_id],
            )
            if model_id is None:
                continue
            self.lab_models[lab.lab_id] = model_id
            self.fill_vendor(model_id, vendor_id)
            licence = lab.data.get("license")
            licence_slug = self.ctx.license(licence) if licence else None
            for field_name, value in _facts(lab.data, licence_slug):
                self.fact(model_id, field_name, value, lab.file)
            for i, bench in enumerate(lab.data.get("benchmarks", [])):
                self.result(model_id, lab, vendor_id, i, bench)

    def result(
        self,
        model_id: int,
        lab: LabModel,
        vendor_id: int,
        index: int,
        b: dict[str, Any],
    ) -> None:
        base, name_version = split_benchmark(b["name"])
        bench = self.ctx.benchmark(base, unit=self.units.get(key(base), "score"))
        version = b.get("version") or name_version
        parts = [
            f"{label}={value}"
            for label, value in (
                ("dataset", b.get("dataset")),
                ("version", version),
                ("variant", b.get("variant")),
            )
            if value
        ]
        variant = "; ".join(parts) or None
        source = b.get("source")
        done_key = (model_id, bench, b["score"], b.get("metric"), b.get("harness"), variant, source)
        if done_key in self.results_done:
            return  # the same score stated by a dated duplicate of this model
        self.results_done.add(done_key)
        measured = (_day(b["date"]) if b.get("date") else None) or self.as_of
        own = bool(source) and self.vendor_own(source, lab, vendor_id)
        locator = f"{lab.file} [[benchmarks]] {index + 1}" + (f"; {source}" if source else "")
        self.ctx.result(
            model_id,
            bench,
            b["score"],
            metric=b.get("metric"),
            harness=b.get("harness"),
            variant=variant,
            setting=b.get("variant"),
            measured=measured,
            locator=locator,
            tier=int(Tier.VENDOR) if own else None,
        )

    def own_org(self, repo: str, lab: LabModel) -> bool:
        org = repo.split("/", 1)[0]
        return key(org).startswith(key(lab.lab)) or (
            self.ctx.vendors.resolve(org) == self.lab_vendor.get(lab.lab)
        )

    def vendor_own(self, url: str, lab: LabModel, vendor_id: int) -> bool:
        """Whether a source URL is the vendor's own page: its Hugging Face
        organisation, or a domain named like the lab or the vendor."""
        u = urlparse(url)
        host = u.netloc.lower().removeprefix("www.")
        if not host:
            return False
        lab_key = key(lab.lab)
        if host in ("huggingface.co", "hf.co"):
            org = next((p for p in u.path.split("/") if p), "")
            if not org:
                return False
            orgs = {r.split("/")[0].lower() for r in _hf_ids(lab.data)}
            return (
                org.lower() in orgs
                or self.ctx.vendors.resolve(org) == vendor_id
                or key(org).startswith(lab_key)
            )
        label = _domain_label(host)
        with_tld = key(".".join(host.split(".")[-2:]))  # x.ai -> xai
        return (
            key(label) == lab_key
            or with_tld == lab_key
            or self.ctx.vendors.resolve(label) == vendor_id
        )

    # -- provider listings -----------------------------------------------------------

    def provider(self, folder: str) -> int:
        if folder not in self.providers:
            info = self.cat.providers[folder]
            slug = self.provider_slugs.get(folder, folder)
            provider_id = self.ctx.provider(slug, info["name"])
            row = self.ctx.session.get(Provider, provider_id)
            if row is not None and row.url is None and isinstance(info.get("doc"), str):
                row.url = info["doc"]
            self.providers[folder] = provider_id
        return self.providers[folder]

    def listing_vendor(self, listing: Listing) -> int | None:
        """The vendor an id's organisation names (`qwen/...`, `us.anthropic.`)."""
        for part in re.split(r"[/.]", listing.path_id)[:-1]:
            found = self.ctx.vendors.resolve(part)
            if found is not None:
                return found
        return None

    def listings(self) -> None:
        ctx = self.ctx
        self.described = set(self.lab_models.values())
        for listing in self.cat.listings:
            self.tick()
            data = listing.data
            model_id = self.listing_model(listing)
            if model_id is None:
                continue
            provider_id = self.provider(listing.provider)
            if model_id not in self.described:
                # No lab file describes this model: its first listing does.
                for field_name, value in _facts(data, None):
                    self.fact(model_id, field_name, value, listing.file)
            prices = list(_cost_rows(data.get("cost", {}), None))
            for mode, spec in sorted(data.get("experimental", {}).get("modes", {}).items()):
                prices += _cost_rows(spec.get("cost", {}), f"mode={mode}")
            for kind, value, tier_min, conditions in prices:
                ctx.price(
                    model_id=model_id,
                    provider_id=provider_id,
                    provider_model_id=listing.path_id,
                    token_kind=kind,
                    usd_per_mtok=Decimal(str(value)),
                    tier_min_tokens=tier_min,
                    valid_from=self.as_of,
                    valid_to=None,
                    conditions=conditions,
                    locator=listing.file,
                )
            if listing.provider == "openrouter" and self._aliasable(
                _Candidate(listing.path_id), model_id
            ):
                # Its path id is OpenRouter's API id. (Not when that id already
                # names another node: the endpoint would make it ambiguous.)
                ctx.endpoint(model_id, "openrouter", listing.path_id, "default")

    def listing_model(self, listing: Listing) -> int | None:
        ctx = self.ctx
        data = listing.data
        base = data.get("base_model")
        if base and base in self.lab_models:
            model_id = self.lab_models[base]
            candidate = _Candidate(listing.path_id)
            if self._aliasable(candidate, model_id):
                ctx.alias(model_id, listing.path_id)
            return model_id
        name = data.get("name")
        tail = unprefixed(listing.path_id) or listing.path_id.rsplit("/", 1)[-1]
        candidates = [_Candidate(n) for n in (base, listing.path_id) if n]
        if tail != listing.path_id:
            candidates.append(_Candidate(tail, derived=True))
        if name:
            candidates.append(_Candidate(clean_name(name), display=True))
        vendor_id = self.listing_vendor(listing)
        model_id, _ = self.model(
            candidates,
            vendor_id=vendor_id,
            display=name or tail,
            slug_names=[tail, listing.path_id],
        )
        return model_id


def write(ctx: ImportContext, catalogue: Catalogue, *, as_of: date) -> None:
    writer = _Writer(ctx, catalogue, as_of)
    writer.labs()
    writer.listings()
    ctx.flush()


SOURCE = dict(
    kind="dataset",
    title="models.dev catalogue",
    publisher="models.dev (anomalyco/models.dev)",
    url="https://models.dev",
    licence="MIT",
    notes=(
        "lab models (facts, Hugging Face weights, benchmark scores with their cited source) "
        "and provider listings with prices in USD per million tokens; "
        "repository anomalyco/models.dev as of 2026-07-02"
    ),
)
TIER = Tier.CATALOGUE
AS_OF = date(2026, 7, 2)
