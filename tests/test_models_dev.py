"""Importing the models.dev catalogue: merges into the curated catalog,
benchmark results from two sources, provider prices, idempotency, rejection
of broken files, and what the API shows of it."""

from __future__ import annotations

import doctest
import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import tokenatlas.graph.sources.models_dev.names
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.provenance.facts import apply_preferred
from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.index import ModelIndex
from tokenatlas.graph.sources.registry import Prepared, apply, prepare
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.db import make_engine
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkResult,
    Endpoint,
    Fact,
    Model,
    ModelAlias,
    Price,
    Provider,
    Source,
    UnresolvedName,
    Vendor,
)

from tests.conftest import DATA_DIR, gql

MODELS_DEV = DATA_DIR / "models.dev"
SOURCE_ID = "models-dev@2026-07-02"
ARTICLE = "002_f2484f20264e1ef0"  # the article stating Kimi K2.6's SWE-Bench Pro 58.6


# --------------------------------------------------------------------------
# Fixtures: the catalogue read once, imported once into a copy of the seeded
# store; each test that writes gets its own copy of that.


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    if not MODELS_DEV.is_dir():
        pytest.skip(f"no models.dev catalogue under {MODELS_DEV} (set TOKENATLAS_DATA_DIR)")
    return prepare("models-dev", MODELS_DEV)


@pytest.fixture(scope="module")
def imported_file(sqlite_template, prepared, tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("models-dev") / "imported.sqlite"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as s:
        report = apply(s, prepared)
        apply_preferred(s)
        s.commit()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path, report


@pytest.fixture
def imported(imported_file, tmp_path) -> Iterator[Engine]:
    path = tmp_path / "store.sqlite"
    shutil.copy(imported_file[0], path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _model(s: Session, slug: str) -> Model:
    return s.exec(select(Model).where(Model.slug == slug)).one()


def _facts(s: Session, model_id: int) -> dict[str, Fact]:
    rows = s.exec(
        select(Fact).where(
            Fact.entity_kind == "model", Fact.entity_id == model_id, Fact.source_id == SOURCE_ID
        )
    )
    return {f.field: f for f in rows}


# --------------------------------------------------------------------------
# Lab models


def test_kimi_k26_merges_into_the_curated_node(imported):
    with Session(imported) as s:
        kimi = _model(s, "kimi-k2.6")
        assert kimi.curated
        assert s.get(Vendor, kimi.vendor_id).slug == "moonshot-ai"
        assert kimi.release_date == date(2026, 4, 21)
        assert kimi.context_window == 262144
        assert kimi.output_limit == 262144
        facts = _facts(s, kimi.id)
        assert facts["context_window"].locator == "models/moonshotai/kimi-k2.6.toml"
        assert facts["release_date"].value == '"2026-04-21"'
        assert facts["modalities"].value == (
            '{"input": ["text", "image", "video"], "output": ["text"]}'
        )
        assert facts["open_weights"].value == "true"
        assert facts["knowledge_cutoff"].value == '"2025-01"'
        # No second node for it: every spelling resolves to the curated one.
        index = ModelIndex.from_session(s)
        for name in ("Kimi K2.6", "kimi-k2.6", "moonshotai/kimi-k2.6", "moonshotai/Kimi-K2.6"):
            assert index.resolve(name).model == kimi.id, name
        # Hugging Face weights ids resolve as they are (datasets that use HF
        # ids, such as the Open LLM Leaderboard, do not drop the org).
        assert index.resolve("moonshotai/Kimi-K2.6", keep_prefix=True).model == kimi.id
        m25 = _model(s, "minimax-m2.5")
        assert index.resolve("MiniMaxAI/MiniMax-M2.5", keep_prefix=True).model == m25.id
        assert s.exec(
            select(ModelAlias).where(
                ModelAlias.model_id == m25.id,
                ModelAlias.alias == "MiniMaxAI/MiniMax-M2.5",
                ModelAlias.source_id == SOURCE_ID,
            )
        ).first()


def test_dated_duplicates_land_on_one_node(imported):
    with Session(imported) as s:
        opus45 = _model(s, "claude-opus-4.5")
        opus46 = _model(s, "claude-opus-4.6")
        index = ModelIndex.from_session(s)
        for name in ("claude-opus-4-5", "claude-opus-4-5-20251101", "anthropic/claude-opus-4-5"):
            assert index.resolve(name).model == opus45.id, name
        assert index.resolve("claude-opus-4-6").model == opus46.id
        assert not s.exec(
            select(Model).where(
                col(Model.slug).in_(["claude-opus-4-5", "claude-opus-4-5-20251101"])
            )
        ).all()
        # The undated file speaks for the node: its release date, not the
        # snapshot's (2025-11-01).
        assert _facts(s, opus45.id)["release_date"].value == '"2025-11-24"'
        # Anthropic's own listings of both ids are prices of the one node.
        by_file = {
            locator: model_id
            for locator, model_id in s.exec(
                select(Price.locator, Price.model_id).where(Price.source_id == SOURCE_ID)
            )
        }
        assert (
            by_file["providers/anthropic/models/claude-opus-4-5.toml"]
            == by_file["providers/anthropic/models/claude-opus-4-5-20251101.toml"]
            == opus45.id
        )
        # A pair the curated catalog does not list merges just the same.
        assert index.resolve("claude-sonnet-4-20250514").model == (
            index.resolve("claude-sonnet-4-0").model
        )


def test_every_lab_model_lands_somewhere(imported_file, imported):
    report = imported_file[1]
    assert report.unresolved == []
    assert report.created and report.merged
    with Session(imported) as s:
        described = {
            f.locator
            for f in s.exec(
                select(Fact).where(
                    Fact.source_id == SOURCE_ID, col(Fact.locator).startswith("models/")
                )
            )
        }
        unresolved = s.exec(
            select(UnresolvedName.name).where(UnresolvedName.source_id == SOURCE_ID)
        ).all()
    assert len(described) >= 200  # 231 files, minus dated duplicates stating nothing new
    assert len(unresolved) == len(report.ambiguous) <= 3


# --------------------------------------------------------------------------
# Benchmarks


def test_swe_bench_pro_from_models_dev_and_from_the_article(imported):
    with Session(imported) as s:
        kimi = _model(s, "kimi-k2.6")
        pro = s.exec(select(Benchmark).where(Benchmark.slug == "swe-bench-pro")).one()
        rows = s.exec(
            select(BenchmarkResult).where(
                BenchmarkResult.model_id == kimi.id, BenchmarkResult.benchmark_id == pro.id
            )
        ).all()
        by_source = {r.source_id: r for r in rows}
        assert by_source[ARTICLE].score == 58.6
        md = by_source[SOURCE_ID]
        assert md.score == 27.3
        assert (md.metric, md.harness) == ("pass@1", "Claude Code")
        assert md.variant == "dataset=hard-aa"
        assert md.tier == Tier.CATALOGUE
        assert md.measured == date(2026, 7, 2)
        assert "models/moonshotai/kimi-k2.6.toml" in md.locator
        assert "https://artificialanalysis.ai/agents/coding-agents" in md.locator
        # Spellings of one benchmark are one benchmark; a version in the name
        # ("Terminal-Bench 2.1") is the result's variant, not a new benchmark.
        slugs = set(s.exec(select(Benchmark.slug)).all())
        assert "swe-bench-pro" in slugs and "swe-bench-pro-2" not in slugs
        assert not {x for x in slugs if re.search(r"terminal-bench-2", x)}


def test_a_score_on_the_vendors_own_page_has_the_vendor_tier(imported):
    with Session(imported) as s:
        kimi = _model(s, "kimi-k2.6")
        rows = s.exec(
            select(BenchmarkResult, Benchmark.slug)
            .join(Benchmark, Benchmark.id == BenchmarkResult.benchmark_id)
            .where(BenchmarkResult.model_id == kimi.id, BenchmarkResult.source_id == SOURCE_ID)
        ).all()
        tiers = {slug: r.tier for r, slug in rows}
        assert tiers["swe-bench-verified"] == Tier.VENDOR  # huggingface.co/moonshotai/...
        assert tiers["terminal-bench"] == Tier.CATALOGUE  # artificialanalysis.ai
        opus = _model(s, "claude-opus-4.6")
        elsewhere = s.exec(
            select(BenchmarkResult.tier).where(
                BenchmarkResult.model_id == opus.id, BenchmarkResult.source_id == SOURCE_ID
            )
        ).all()
        assert set(elsewhere) == {Tier.CATALOGUE}  # labs.scale.com, artificialanalysis.ai


# --------------------------------------------------------------------------
# Providers and prices


def test_kimi_k26_has_prices_from_several_providers(imported):
    with Session(imported) as s:
        kimi = _model(s, "kimi-k2.6")
        rows = s.exec(
            select(Price, Provider.slug)
            .join(Provider, Provider.id == Price.provider_id)
            .where(Price.model_id == kimi.id, Price.source_id == SOURCE_ID)
        ).all()
        providers = {slug for _, slug in rows}
        assert len(providers) >= 3
        openrouter = {
            p.token_kind: p
            for p, slug in rows
            if slug == "openrouter" and p.provider_model_id == "moonshotai/kimi-k2.6"
        }
        assert {k: p.usd_per_mtok for k, p in openrouter.items()} == {
            "input": Decimal("0.55"),
            "output": Decimal("3.2"),
            "cache_read": Decimal("0.11"),
        }
        p = openrouter["input"]
        assert (p.valid_from, p.valid_to, p.tier_min_tokens, p.conditions) == (
            date(2026, 7, 2),
            None,
            0,
            None,
        )
        assert p.locator == "providers/openrouter/models/moonshotai/kimi-k2.6.toml"
        # OpenRouter's path id is its API id: an endpoint of the model.
        endpoint = s.exec(
            select(Endpoint).where(
                Endpoint.platform == "openrouter", Endpoint.external_id == "moonshotai/kimi-k2.6"
            )
        ).one()
        assert endpoint.model_id == kimi.id


def test_context_tiers_and_fast_mode_are_kept(imported):
    with Session(imported) as s:
        gpt = _model(s, "gpt-5.4")
        openai = s.exec(select(Provider).where(Provider.slug == "openai")).one()
        rows = s.exec(
            select(Price).where(
                Price.model_id == gpt.id,
                Price.provider_id == openai.id,
                Price.source_id == SOURCE_ID,
                col(Price.conditions).is_(None),
            )
        ).all()
        by_tier = {(p.token_kind, p.tier_min_tokens): p.usd_per_mtok for p in rows}
        assert by_tier[("input", 0)] == Decimal("2.5")
        assert by_tier[("input", 272000)] == Decimal("5")
        opus = _model(s, "claude-opus-4.6")
        fast = s.exec(
            select(Price).where(
                Price.model_id == opus.id,
                Price.source_id == SOURCE_ID,
                Price.conditions == "mode=fast",
                Price.token_kind == "output",
            )
        ).all()
        assert fast and all(p.usd_per_mtok == Decimal("150") for p in fast)


def test_providers_known_under_another_slug_are_not_duplicated(imported):
    with Session(imported) as s:
        slugs = set(s.exec(select(Provider.slug)).all())
    # genai-prices calls them together / x-ai / fireworks; models.dev
    # togetherai / xai / fireworks-ai.
    assert {"together", "x-ai", "fireworks", "openrouter"} <= slugs
    assert not {"togetherai", "xai", "fireworks-ai"} & slugs


# --------------------------------------------------------------------------
# Idempotency


def test_second_apply_changes_nothing(sqlite_store, prepared):
    with Session(sqlite_store) as s:
        first = apply(s, prepared)
        apply_preferred(s)
        s.commit()
        assert not first.unchanged and first.rows == 231 + len(prepared.parsed.listings)
        after_first = census(s)
        second = apply(s, prepared)
        apply_preferred(s)
        s.commit()
        assert second.unchanged
        assert census(s) == after_first


def test_reimport_of_changed_content_duplicates_no_model(imported, prepared):
    """A changed catalogue replaces the source's rows: no node is created twice."""
    with Session(imported) as s:
        before = census(s)
        s.get(Source, SOURCE_ID).content_hash = "an older version"
        report = apply(s, prepared)
        s.commit()
        after = census(s)
    assert report.created == set()
    for table in ("model", "vendor", "provider", "price", "benchmarkresult", "endpoint"):
        assert after[table] == before[table], table


# --------------------------------------------------------------------------
# Rejection: nothing is written when a file is broken


def _copy(tmp_path: Path) -> Path:
    if not MODELS_DEV.is_dir():
        pytest.skip(f"no models.dev catalogue under {MODELS_DEV}")
    target = tmp_path / "models.dev"
    shutil.copytree(MODELS_DEV, target, copy_function=shutil.copyfile)
    for top, dirs, _ in os.walk(target):  # the shared copy is read-only
        for d in dirs:
            os.chmod(os.path.join(top, d), 0o755)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    """Replace `old` (once) and answer the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


KIMI_LISTING = "providers/openrouter/models/moonshotai/kimi-k2.6.toml"
KIMI_LAB = "models/moonshotai/kimi-k2.6.toml"


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        (KIMI_LISTING, "input = 0.55", "input = = 0.55", "not valid TOML"),
        (KIMI_LISTING, "input = 0.55", 'input = "0.55"', "cost.input must be a number"),
        (KIMI_LAB, 'release_date = "2026-04-21"', 'release_date = "soon"', "release_date"),
        (KIMI_LAB, "score = 27.3", 'score = "27.3"', "benchmarks[3].score must be a number"),
        (KIMI_LAB, "context = 262_144", "context = 262.5", "limit.context"),
    ],
    ids=["syntax", "cost-string", "date", "benchmark-score", "context-float"],
)
def test_a_broken_file_is_rejected_with_file_and_line(tmp_path, file, old, new, says):
    root = _copy(tmp_path)
    line = _edit(root / file, old, new)
    with pytest.raises(LoadError) as caught:
        prepare("models-dev", root)
    message = str(caught.value)
    assert f"{root / file}:{line}:" in message, message
    assert says in message, message


def test_rejection_writes_nothing(tmp_path, sqlite_store):
    root = _copy(tmp_path)
    _edit(root / KIMI_LISTING, "output = 3.2", "output = true")
    with Session(sqlite_store) as s:
        before = census(s)
    with pytest.raises(LoadError, match=r"kimi-k2\.6\.toml:\d+: cost\.output"):
        prepare("models-dev", root)
    with Session(sqlite_store) as s:
        assert census(s) == before


# --------------------------------------------------------------------------
# Pure helpers, and the API


def test_helpers_doctests():
    result = doctest.testmod(tokenatlas.graph.sources.models_dev.names)
    assert result.attempted and not result.failed


def test_api_shows_both_sources_and_the_providers(imported):
    client = TestClient(create_app(imported))
    data = gql(
        client,
        """
        {
          model(slug: "Kimi K2.6") {
            benchmarkResults(benchmark: "SWE-Bench Pro") { score source { id } }
            prices(at: "2026-07-02") { provider { slug } }
          }
        }
        """,
    )
    results = {(r["score"], r["source"]["id"]) for r in data["model"]["benchmarkResults"]}
    assert (27.3, SOURCE_ID) in results
    assert (58.6, ARTICLE) in results
    providers = {p["provider"]["slug"] for p in data["model"]["prices"]}
    assert len(providers) >= 3 and "openrouter" in providers
