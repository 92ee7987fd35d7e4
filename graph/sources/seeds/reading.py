"""Reading and checking the curated seeds: every file parsed and every
reference checked (vendors, licences, models, benchmarks, claim subjects)
before anything touches the store, so a bad seed stops the load with the
file, the line and the reason."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.resolve.index import ModelIndex
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.contract import digest_files
from tokenatlas.graph.sources.seeds.shapes import (
    ARTICLE_SOURCE,
    BENCHMARK,
    CLAIM,
    ENDPOINT,
    ENDPOINT_VARIANTS,
    LICENSE,
    LICENSE_TERMS,
    MEMBERS,
    MODEL,
    PERIOD,
    QUALIFIERS,
    TEXT_MEASURES,
    UNITS_BY_MEASURE,
    VENDOR,
    WORKLOAD,
    Article,
    SeedData,
    benchmark_names,
)
from tokenatlas.graph.sources.seeds.yamlfile import Row, check_row, read_list, read_yaml, where

_LOCATOR = re.compile(r"^p\d+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_MONTH_OR_DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def seeds_dir() -> Path:
    """`TOKENATLAS_SEEDS_DIR` if set, else the `seeds/` folder of this checkout."""
    env = os.environ.get("TOKENATLAS_SEEDS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "seeds"


def seeds_digest(directory: Path | None = None) -> str:
    """One hash of every seed file (the YAML under seeds/): a store keeps
    the one it was seeded from, so it can tell when the seeds changed."""
    return digest_files((directory or seeds_dir()).rglob("*.yaml"))


def _unique(path: Path, rows: list[Row], field_name: str, what: str) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        value = row[field_name]
        if value in seen:
            raise LoadError(
                where(path, row),
                f"{what} '{value}' is defined twice (first at line {seen[value].line})",
            )
        seen[value] = row
    return seen


def _strings(path: Path, row: Row, name: str) -> list[str]:
    values = row.get(name) or []
    for v in values:
        if not isinstance(v, str):
            raise LoadError(where(path, row), f"'{name}' must list strings, got {v!r}")
    return values


def _check_licenses(path: Path, licenses: list[Row]) -> None:
    """Terms from the vocabulary, a source for every rule, no name used twice."""
    owner: dict[str, str] = {}
    for r in licenses:
        terms = r.get("terms")
        if terms is not None and terms not in LICENSE_TERMS:
            raise LoadError(
                where(path, r), f"terms '{terms}' is not one of {sorted(LICENSE_TERMS)}"
            )
        if terms is not None and not r.get("source"):
            raise LoadError(where(path, r), f"license '{r['slug']}' states terms but no source")
        for name in [r["slug"], *_strings(path, r, "aliases")]:
            k = key(name)
            if owner.setdefault(k, r["slug"]) != r["slug"]:
                raise LoadError(where(path, r), f"'{name}' already names license '{owner[k]}'")


def read_seeds(directory: Path | None = None) -> SeedData:
    """Parse and check every seed file; raise `LoadError` on the first problem."""
    directory = directory or seeds_dir()
    if not directory.is_dir():
        raise LoadError(str(directory), "seed folder not found")
    p_lic, p_ven = directory / "licenses.yaml", directory / "vendors.yaml"
    p_mod, p_ben = directory / "models.yaml", directory / "benchmarks.yaml"
    licenses = read_list(p_lic, LICENSE, "license")
    vendors = read_list(p_ven, VENDOR, "vendor")
    models = read_list(p_mod, MODEL, "model")
    benchmarks = read_list(p_ben, BENCHMARK, "benchmark")
    license_slugs = _unique(p_lic, licenses, "slug", "license")
    vendor_slugs = _unique(p_ven, vendors, "slug", "vendor")
    _unique(p_mod, models, "slug", "model")
    _unique(p_ben, benchmarks, "slug", "benchmark")

    _check_licenses(p_lic, licenses)
    for v in vendors:
        _strings(p_ven, v, "aliases")
        if v.get("country") is not None and not _COUNTRY.match(v["country"]):
            raise LoadError(
                where(p_ven, v), f"country '{v['country']}' is not an ISO 3166-1 alpha-2 code"
            )

    index = ModelIndex()
    alias_owner: dict[str, tuple[str, Row]] = {}
    for m in models:
        if m["vendor"] is not None and m["vendor"] not in vendor_slugs:
            raise LoadError(
                where(p_mod, m), f"model '{m['slug']}' names unknown vendor '{m['vendor']}'"
            )
        if m.get("license") is not None and m["license"] not in license_slugs:
            raise LoadError(
                where(p_mod, m), f"model '{m['slug']}' names unknown license '{m['license']}'"
            )
        if m.get("architecture") not in (None, "dense", "moe"):
            raise LoadError(
                where(p_mod, m), f"architecture must be dense or moe, got '{m['architecture']}'"
            )
        names = [m["slug"], m["name"], *_strings(p_mod, m, "aliases")]
        for ep in m.get("endpoints") or []:
            check_row(p_mod, ep, ENDPOINT, "endpoint")
            if ep["variant"] not in ENDPOINT_VARIANTS:
                raise LoadError(
                    where(p_mod, ep),
                    f"endpoint variant '{ep['variant']}' is not one of {sorted(ENDPOINT_VARIANTS)}",
                )
            names.append(ep["id"])
        for name in names:
            k = key(name)
            owner = alias_owner.get(k)
            if owner and owner[0] != m["slug"]:
                raise LoadError(
                    where(p_mod, m),
                    f"name '{name}' of model '{m['slug']}' already means model '{owner[0]}' "
                    f"(line {owner[1].line}); a name may mean one model only",
                )
            alias_owner[k] = (m["slug"], m)
            index.add_name(m["slug"], name)

    for b in benchmarks:
        _strings(p_ben, b, "aliases")
    bench_keys = {key(n): b["slug"] for b in benchmarks for n in benchmark_names(b)}

    articles = [
        _read_article(path, index, vendor_slugs, license_slugs, bench_keys)
        for path in sorted((directory / "articles").glob("*.yaml"))
    ]
    data = SeedData(licenses, vendors, models, benchmarks, articles)
    data.digest = seeds_digest(directory)
    for article in articles:
        for c in article.claims:
            for name in (c["subject"], c.get("compare_to")):
                if name and ":" not in name:
                    data.claim_models[name] = str(index.resolve(name).model)
    return data


def _subject_kind(
    path: Path, row: Row, text: str, index: ModelIndex, vendors: dict[str, Row]
) -> str:
    """Check a claim subject and say what kind of thing it is."""
    prefix, sep, rest = text.partition(":")
    if sep and prefix in ("vendor", "country", "platform", "group"):
        if prefix == "vendor" and rest not in vendors:
            raise LoadError(where(path, row), f"unknown vendor '{rest}' in '{text}'")
        if prefix == "country" and not _COUNTRY.match(rest):
            raise LoadError(where(path, row), f"'{rest}' is not an ISO 3166-1 alpha-2 code")
        if not rest.strip():
            raise LoadError(where(path, row), f"'{text}' names nothing after '{prefix}:'")
        return prefix
    found = index.resolve(text)
    if found.status == "ambiguous":
        raise LoadError(
            where(path, row),
            f"model '{text}' is ambiguous: it could be {', '.join(map(str, found.candidates))}",
        )
    if not found.resolved:
        raise LoadError(
            where(path, row),
            f"model '{text}' is not in seeds/models.yaml (add it, or an alias for it)",
        )
    return "model"


def _check_members(path: Path, c: Row, name: str, vendors: dict[str, Row]) -> None:
    """`members`: ranks from..to of the period's ranking (after the country
    or vendor filter), a known vendor, an ISO country."""
    m = check_row(path, c[name], MEMBERS, name)
    ranks = m.get("rank")
    if ranks is not None and not (
        len(ranks) == 2
        and all(isinstance(r, int) and not isinstance(r, bool) and r >= 1 for r in ranks)
        and ranks[0] <= ranks[1]
    ):
        raise LoadError(
            where(path, c), f"{name}.rank must be [from, to], ranks from 1, got {ranks}"
        )
    if m.get("country") is not None and not _COUNTRY.match(m["country"]):
        raise LoadError(where(path, c), f"{name}.country must be an ISO code like CN")
    if m.get("vendor") is not None and m["vendor"] not in vendors:
        raise LoadError(where(path, c), f"{name}.vendor '{m['vendor']}' is no vendor in seeds")


def _check_workload(path: Path, c: Row) -> None:
    """`workload`: the tokens a workload_cost claim prices, either split
    (input, output, cached input) or as one total the source did not split."""
    w = check_row(path, c["workload"], WORKLOAD, "workload")
    if c["measure"] != "workload_cost":
        raise LoadError(where(path, c), "only a workload_cost claim has a workload")
    split = [k for k in ("input_tokens", "output_tokens", "cached_input_tokens") if k in w]
    if ("tokens" in w) == bool(split):
        raise LoadError(
            where(path, c),
            "a workload gives either its total `tokens` or input_tokens/output_tokens, not both",
        )
    if any(v < 0 for k, v in w.items()) or w.get("requests", 1) < 1:
        raise LoadError(where(path, c), "workload tokens are 0 or more, requests 1 or more")


def _read_article(
    path: Path,
    index: ModelIndex,
    vendors: dict[str, Row],
    licenses: dict[str, Row],
    bench_keys: dict[str, str],
) -> Article:
    doc = read_yaml(path)
    if not isinstance(doc, dict) or "source" not in doc or "claims" not in doc:
        raise LoadError(str(path), "an article file holds a 'source' mapping and a 'claims' list")
    extra = set(doc) - {"source", "claims"}
    if extra:
        raise LoadError(str(path), f"unknown top-level key(s): {', '.join(sorted(extra))}")
    source = check_row(path, doc["source"], ARTICLE_SOURCE, "source")
    if source["id"] != path.stem:
        raise LoadError(
            where(path, source),
            f"source id '{source['id']}' must equal the file name '{path.stem}'",
        )
    claims = doc["claims"] or []
    if not isinstance(claims, list):
        raise LoadError(str(path), "'claims' must be a list")
    seen: dict[str, Row] = {}
    for c in claims:
        check_row(path, c, CLAIM, "claim")
        if c["id"] in seen:
            raise LoadError(
                where(path, c),
                f"claim id '{c['id']}' is used twice (first at line {seen[c['id']].line})",
            )
        seen[c["id"]] = c
        if not _LOCATOR.match(c["locator"]):
            raise LoadError(where(path, c), f"locator '{c['locator']}' must be p<paragraph number>")
        measure = c["measure"]
        if measure not in UNITS_BY_MEASURE:
            raise LoadError(
                where(path, c),
                f"unknown measure '{measure}' (known: {', '.join(sorted(UNITS_BY_MEASURE))})",
            )
        if c["unit"] not in UNITS_BY_MEASURE[measure]:
            raise LoadError(
                where(path, c),
                f"unit '{c['unit']}' does not fit measure '{measure}' "
                f"(use {' or '.join(sorted(UNITS_BY_MEASURE[measure]))})",
            )
        is_text = measure in TEXT_MEASURES
        if is_text != isinstance(c["value"], str):
            raise LoadError(
                where(path, c),
                f"value of a '{measure}' claim must be {'text' if is_text else 'a number'}",
            )
        if measure == "first_week" and not _MONTH_OR_DAY.match(c["value"]):
            raise LoadError(where(path, c), "a first_week value is a month (2026-02) or a day")
        if measure == "license" and c["value"] not in licenses:
            raise LoadError(where(path, c), f"unknown license '{c['value']}'")
        if c.get("qualifier") is not None and c["qualifier"] not in QUALIFIERS:
            raise LoadError(
                where(path, c), f"qualifier '{c['qualifier']}' is not one of {sorted(QUALIFIERS)}"
            )
        if c.get("period") is not None:
            period = check_row(path, c["period"], PERIOD, "period")
            if period["end"] < period["start"]:
                raise LoadError(where(path, c), "period ends before it starts")
        for name in ("members", "compare_members"):
            if c.get(name) is not None:
                _check_members(path, c, name, vendors)
        if c.get("workload") is not None:
            _check_workload(path, c)
        c["_subject_kind"] = _subject_kind(path, c, c["subject"], index, vendors)
        if c.get("compare_to"):
            _subject_kind(path, c, c["compare_to"], index, vendors)
        if measure == "benchmark_score":
            bench = c.get("benchmark")
            if not bench or key(bench) not in bench_keys:
                raise LoadError(
                    where(path, c), f"benchmark_score names unknown benchmark '{bench}'"
                )
            if c["_subject_kind"] != "model":
                raise LoadError(where(path, c), "a benchmark_score's subject must be a model")
    return Article(path, source, claims)
