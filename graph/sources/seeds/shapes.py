"""The shape of the curated seed files (`seeds/`): the keys each kind of
row may hold (`F`: type, required), the vocabularies claims are checked
against, and what reading them yields (`SeedData`) and writing them counts
(`SeedCounts`). `seeds/README.md` describes the files for curators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tokenatlas.graph.resolve.index import CATALOG
from tokenatlas.graph.sources.seeds.yamlfile import F, Row

CATALOG_SOURCE_ID = CATALOG
ENDPOINT_VARIANTS = {"default", "free", "batch", "dated", "fast", "preview", "beta", "extended"}
UNITS_BY_MEASURE = {
    "weekly_tokens": {"tokens"},
    "total_tokens": {"tokens"},
    "token_share": {"fraction"},
    "token_change": {"fraction"},
    "tokens_ratio": {"ratio"},
    "rank": {"rank"},
    "count": {"count"},
    "streak_weeks": {"weeks"},
    "first_week": {"month", "date"},
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
# Measures whose value is text, not a number.
TEXT_MEASURES = ("license", "architecture", "first_week")
QUALIFIERS = {"exact", "about", "over", "under", "nearly", "up-to", "at-least", "estimated"}


LICENSE = {
    "slug": F(str, True, False),
    "name": F(str, True, False),
    "spdx": F(str),
    "open": F(bool, True, False),
    "commercial_use": F(bool),
    "copyleft": F(bool),
    "terms": F(str),
    "family": F(str),
    "aliases": F(list),
    "source": F(str),
    "note": F(str),
}
# What a licence asks of derivatives (graph.lineage.licences reads them).
LICENSE_TERMS = {
    "permissive",
    "copyleft",
    "non-commercial",
    "no-derivatives",
    "restricted",
    "closed",
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
    "members": F(dict),
    "compare_members": F(dict),
    "workload": F(dict),
    "note": F(str),
}
PERIOD = {"start": F(date, True, False), "end": F(date, True, False)}
MEMBERS = {"rank": F(list), "country": F(str), "vendor": F(str)}
WORKLOAD = {
    "tokens": F((int, float)),  # the total, when the source does not split it
    "input_tokens": F((int, float)),
    "output_tokens": F((int, float)),
    "cached_input_tokens": F((int, float)),
    "requests": F(int),
}


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
    digest: str = ""  # of the seed files read (reading.seeds_digest)


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


def benchmark_names(row: Row) -> list[str]:
    """Every name a benchmark row answers to: its slug, its name, its aliases."""
    return [row["slug"], row["name"], *(row.get("aliases") or [])]
