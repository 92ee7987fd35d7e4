"""Loading the curated seeds (`seeds/`): validate everything, then write.

Reading and checking happen before anything touches the store, so a seed
file that refers to something that does not exist stops the load with the
file, the line and the reason, and nothing is half-written. Writing is
idempotent: entities are upserted by slug, and the facts a source states
(aliases, claims, benchmark results) are replaced as a whole for that source.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session, delete, select

from graph.errors import LoadError
from graph.provenance.facts import MODEL_COLUMNS, encode
from graph.provenance.precedence import Tier
from graph.resolve.index import ModelIndex
from graph.resolve.names import key
from graph.sources.yamlfile import F, Row, check_row, read_list, read_yaml, where
from graph.store.tables import (
    Benchmark,
    BenchmarkAlias,
    BenchmarkResult,
    Claim,
    Endpoint,
    Fact,
    License,
    Model,
    ModelAlias,
    Source,
    Vendor,
    VendorAlias,
)
from graph.store.upsert import upsert

CATALOG_SOURCE_ID = "tokenatlas-catalog"
ENDPOINT_VARIANTS = {"default", "free", "batch", "dated", "fast", "preview", "beta", "extended"}
UNITS_BY_MEASURE = {
    "weekly_tokens": {"tokens"},
    "total_tokens": {"tokens"},
    "token_share": {"fraction"},
    "token_change": {"fraction"},
    "tokens_ratio": {"ratio"},
    "rank": {"rank"},
    "count": {"count"},
    "price_input": {"USD/Mtok"},
    "price_output": {"USD/Mtok"},
    "price_ratio": {"ratio"},
    "workload_cost": {"USD", "USD/day"},
    "benchmark_score": {"percent", "points", "score", "elo"},
    "params_total": {"parameters"},
    "params_active": {"parameters"},
    "context_window": {"tokens"},
    "derivative_count": {"count"},
    "license": {"text"},
    "architecture": {"text"},
}
QUALIFIERS = {"exact", "about", "over", "under", "nearly", "up-to", "at-least", "estimated"}
_LOCATOR = re.compile(r"^p\d+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def seeds_dir() -> Path:
    """`TOKENATLAS_SEEDS_DIR` if set, else the `seeds/` folder of this checkout."""
    env = os.environ.get("TOKENATLAS_SEEDS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "seeds"


LICENSE = {
    "slug": F(str, True, False),
    "name": F(str, True, False),
    "spdx": F(str),
    "open": F(bool, True, False),
    "commercial_use": F(bool),
    "copyleft": F(bool),
    "note": F(str),
}
VENDOR = {
    "slug": F(str, True, False),
    "name": F(str, True, False),
    "country": F(str, True),
    "aliases": F(list),
    "note": F(str),
}
MODEL = {
    "slug": F(str, True, False),
    "name": F(str, True, False),
    "vendor": F(str, True),
    "family": F(str),
    "open_weights": F(bool),
    "license": F(str),
    "release_date": F(date),
    "architecture": F(str),
    "params_total": F(int),
    "params_active": F(int),
    "context_window": F(int),
    "aliases": F(list),
    "endpoints": F(list),
    "note": F(str),
}
ENDPOINT = {
    "id": F(str, True, False),
    "platform": F(str, True, False),
    "variant": F(str, True, False),
}
BENCHMARK = {
    "slug": F(str, True, False),
    "name": F(str, True, False),
    "unit": F(str, True, False),
    "higher_is_better": F(bool, True, False),
    "aliases": F(list),
    "description": F(str),
}
ARTICLE_SOURCE = {
    "id": F(str, True, False),
    "kind": F(str, True, False),
    "title": F(str, True, False),
    "publisher": F(str),
    "author": F(str),
    "published": F(date),
    "date_inferred": F(bool),
    "date_note": F(str),
    "url": F(str),
}
CLAIM = {
    "id": F(str, True, False),
    "locator": F(str, True, False),
    "subject": F(str, True, False),
    "measure": F(str, True, False),
    "value": F((int, float, str), True, False),
    "unit": F(str, True, False),
    "period": F(dict),
    "as_of": F(date),
    "qualifier": F(str),
    "platform": F(str),
    "benchmark": F(str),
    "setting": F(str),
    "compare_to": F(str),
    "denominator": F(str),
    "note": F(str),
}
PERIOD = {"start": F(date, True, False), "end": F(date, True, False)}


@dataclass
class Article:
    path: Path
    source: Row
    claims: list[Row]


@dataclass
class SeedData:
    licenses: list[Row]
    vendors: list[Row]
    models: list[Row]
    benchmarks: list[Row]
    articles: list[Article]
    # Claim subject (and compare_to) to model slug, for subjects that are models.
    claim_models: dict[str, str] = field(default_factory=dict)


@dataclass
class SeedCounts:
    sources: int = 0
    licenses: int = 0
    vendors: int = 0
    vendor_aliases: int = 0
    models: int = 0
    model_aliases: int = 0
    endpoints: int = 0
    benchmarks: int = 0
    claims: int = 0
    benchmark_results: int = 0


# --------------------------------------------------------------------------
# Reading and validation: no store involved.


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
    bench_keys = {
        key(n): b["slug"]
        for b in benchmarks
        for n in [b["slug"], b["name"], *(b.get("aliases") or [])]
    }

    articles = [
        _read_article(path, index, vendor_slugs, license_slugs, bench_keys)
        for path in sorted((directory / "articles").glob("*.yaml"))
    ]
    data = SeedData(licenses, vendors, models, benchmarks, articles)
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
        is_text = measure in ("license", "architecture")
        if is_text != isinstance(c["value"], str):
            raise LoadError(
                where(path, c),
                f"value of a '{measure}' claim must be {'text' if is_text else 'a number'}",
            )
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


# --------------------------------------------------------------------------
# Writing: one transaction, run by the caller.


def write_seeds(session: Session, data: SeedData) -> SeedCounts:
    counts = SeedCounts()
    catalog = upsert(
        session,
        Source,
        "id",
        CATALOG_SOURCE_ID,
        kind="catalog",
        title="tokenatlas curated catalog",
        publisher="tokenatlas",
        notes="seeds/: licenses, vendors, models, benchmarks",
        tier=int(Tier.CURATED),
    )
    counts.sources += 1
    session.exec(delete(Fact).where(Fact.source_id == catalog.id))

    lic_ids: dict[str, int] = {}
    for r in data.licenses:
        lic = upsert(
            session,
            License,
            "slug",
            r["slug"],
            name=r["name"],
            spdx=r.get("spdx"),
            open=r["open"],
            commercial_use=r.get("commercial_use"),
            copyleft=r.get("copyleft"),
        )
        lic_ids[r["slug"]] = lic.id
    counts.licenses = len(lic_ids)

    session.exec(delete(VendorAlias).where(VendorAlias.source_id == catalog.id))
    ven_ids: dict[str, int] = {}
    for r in data.vendors:
        ven = upsert(
            session,
            Vendor,
            "slug",
            r["slug"],
            name=r["name"],
            country=r.get("country"),
            source_id=catalog.id,
        )
        ven_ids[r["slug"]] = ven.id
        if r.get("country"):
            session.add(
                _fact(
                    "vendor", ven.id, "country", r["country"], catalog.id, Tier.CURATED, r["slug"]
                )
            )
        for alias in dict.fromkeys(r.get("aliases") or []):
            session.add(
                VendorAlias(vendor_id=ven.id, alias=alias, key=key(alias), source_id=catalog.id)
            )
            counts.vendor_aliases += 1
    counts.vendors = len(ven_ids)

    bench_ids: dict[str, int] = {}
    for r in data.benchmarks:
        b = upsert(
            session,
            Benchmark,
            "slug",
            r["slug"],
            name=r["name"],
            unit=r["unit"],
            higher_is_better=r["higher_is_better"],
        )
        bench_ids[r["slug"]] = b.id
        session.exec(delete(BenchmarkAlias).where(BenchmarkAlias.benchmark_id == b.id))
        for k in dict.fromkeys(key(n) for n in [r["slug"], r["name"], *(r.get("aliases") or [])]):
            session.add(BenchmarkAlias(benchmark_id=b.id, key=k))
    counts.benchmarks = len(bench_ids)
    bench_by_key = {
        key(n): bench_ids[r["slug"]]
        for r in data.benchmarks
        for n in [r["slug"], r["name"], *(r.get("aliases") or [])]
    }

    session.exec(delete(ModelAlias).where(ModelAlias.source_id == catalog.id))
    model_ids: dict[str, int] = {}
    for r in data.models:
        m = upsert(
            session,
            Model,
            "slug",
            r["slug"],
            name=r["name"],
            vendor_id=ven_ids.get(r["vendor"]) if r["vendor"] else None,
            family=r.get("family"),
            release_date=r.get("release_date"),
            open_weights=r.get("open_weights"),
            license_id=lic_ids.get(r["license"]) if r.get("license") else None,
            architecture=r.get("architecture"),
            params_total=r.get("params_total"),
            params_active=r.get("params_active"),
            context_window=r.get("context_window"),
            curated=True,
            source_id=catalog.id,
        )
        model_ids[r["slug"]] = m.id
        for name in MODEL_COLUMNS:
            if r.get(name) is not None:
                session.add(
                    _fact("model", m.id, name, r[name], catalog.id, Tier.CURATED, r["slug"])
                )
        for alias in dict.fromkeys(r.get("aliases") or []):
            session.add(
                ModelAlias(model_id=m.id, alias=alias, key=key(alias), source_id=catalog.id)
            )
            counts.model_aliases += 1
        for ep in r.get("endpoints") or []:
            existing = session.exec(
                select(Endpoint).where(
                    Endpoint.platform == ep["platform"], Endpoint.external_id == ep["id"]
                )
            ).first()
            if existing:
                existing.model_id, existing.variant, existing.source_id = (
                    m.id,
                    ep["variant"],
                    catalog.id,
                )
            else:
                session.add(
                    Endpoint(
                        model_id=m.id,
                        platform=ep["platform"],
                        external_id=ep["id"],
                        variant=ep["variant"],
                        source_id=catalog.id,
                    )
                )
            counts.endpoints += 1
    counts.models = len(model_ids)
    session.flush()

    for article in data.articles:
        s = article.source
        upsert(
            session,
            Source,
            "id",
            s["id"],
            kind=s["kind"],
            title=s["title"],
            publisher=s.get("publisher"),
            author=s.get("author"),
            published=s.get("published"),
            date_inferred=bool(s.get("date_inferred")),
            date_note=s.get("date_note"),
            url=s.get("url"),
            tier=int(Tier.PRESS),
        )
        counts.sources += 1
        for table in (Claim, BenchmarkResult, Fact):
            session.exec(delete(table).where(table.source_id == s["id"]))
        for c in article.claims:
            claim = _claim_row(s["id"], c, data, model_ids, ven_ids)
            session.add(claim)
            counts.claims += 1
            if c["measure"] == "benchmark_score":
                session.add(
                    BenchmarkResult(
                        benchmark_id=bench_by_key[key(c["benchmark"])],
                        model_id=claim.model_id,
                        score=float(c["value"]),
                        setting=c.get("setting"),
                        measured=c.get("as_of") or s.get("published"),
                        tier=int(Tier.PRESS),
                        source_id=s["id"],
                        locator=c["locator"],
                    )
                )
                counts.benchmark_results += 1
            if c["measure"] in MODEL_COLUMNS and claim.model_id is not None:
                session.add(
                    _fact(
                        "model",
                        claim.model_id,
                        c["measure"],
                        c["value"],
                        s["id"],
                        Tier.PRESS,
                        c["locator"],
                    )
                )
    session.flush()
    return counts


def _fact(
    kind: str, entity_id: int, field_name: str, value: Any, source_id: str, tier: Tier, locator: str
) -> Fact:
    if field_name in ("params_total", "params_active", "context_window") and isinstance(
        value, float
    ):
        value = int(value)
    return Fact(
        entity_kind=kind,
        entity_id=entity_id,
        field=field_name,
        value=encode(value),
        tier=int(tier),
        source_id=source_id,
        locator=locator,
    )


def _claim_row(
    source_id: str, c: Row, data: SeedData, model_ids: dict[str, int], ven_ids: dict[str, int]
) -> Claim:
    kind = c["_subject_kind"]
    period: dict[str, Any] = c.get("period") or {}
    value = c["value"]
    return Claim(
        source_id=source_id,
        key=c["id"],
        locator=c["locator"],
        subject=c["subject"],
        subject_kind=kind,
        model_id=model_ids[data.claim_models[c["subject"]]] if kind == "model" else None,
        vendor_id=ven_ids[c["subject"].split(":", 1)[1]] if kind == "vendor" else None,
        measure=c["measure"],
        value_num=None if isinstance(value, str) else Decimal(str(value)),
        value_text=value if isinstance(value, str) else None,
        unit=c["unit"],
        qualifier=c.get("qualifier"),
        period_start=period.get("start"),
        period_end=period.get("end"),
        as_of=c.get("as_of"),
        platform=c.get("platform"),
        benchmark=c.get("benchmark"),
        setting=c.get("setting"),
        compare_to=c.get("compare_to"),
        denominator=c.get("denominator"),
        note=c.get("note"),
    )
