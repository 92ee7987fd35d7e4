"""Benchmark parity through the API: gaps to the leader, the pick rule when
sources disagree, prices per point and the price-performance frontier."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.store.tables import Benchmark, BenchmarkResult, Model, Source

from tests.conftest import gql

PARITY_Q = """query($b: String!, $models: [String!], $tol: Float!, $source: String, $at: Date) {
  benchmarkParity(benchmark: $b, models: $models, tolerance: $tol, source: $source, at: $at) {
    benchmark { slug } tolerance inputShare at
    leader { model { slug } score }
    rows { model { slug } score setting gap relativeGap withinTolerance onFrontier
      blendedUsdPerMillionTokens usdPerPoint priceReason
      price { provider { slug } rule }
      source { id locator } alternatives { score source { id } } }
    frontier { model { slug } }
    modelsWithoutResult { slug }
  }
}"""


def parity(client, benchmark, models=None, tol=1.0, source=None, at="2026-05-25"):
    variables = {"b": benchmark, "models": models, "tol": tol, "source": source, "at": at}
    return gql(client, PARITY_Q, variables)["benchmarkParity"]


def rows_by_slug(data):
    return {r["model"]["slug"]: r for r in data["rows"]}


def test_minimax_m25_is_within_a_point_of_claude_opus_46_on_swe_bench_verified(client):
    data = parity(client, "SWE-bench Verified", ["MiniMax M2.5", "anthropic/claude-opus-4.6"])
    assert data["benchmark"]["slug"] == "swe-bench-verified"
    assert data["leader"] == {"model": {"slug": "claude-opus-4.6"}, "score": 80.8}
    rows = rows_by_slug(data)
    m25, opus = rows["minimax-m2.5"], rows["claude-opus-4.6"]
    assert m25["gap"] == 0.6 and opus["gap"] == 0.0  # exact: decimal arithmetic
    assert m25["relativeGap"] == pytest.approx(0.6 / 80.8)
    assert m25["withinTolerance"] is True
    assert m25["source"] == {"id": "002_f2484f20264e1ef0", "locator": "p19"}
    # Prices: blended 3:1 on 2026-05-25 (Opus from Anthropic: 0.75 x 5 + 0.25 x 25).
    assert opus["blendedUsdPerMillionTokens"] == "10"
    assert opus["price"] == {"provider": {"slug": "anthropic"}, "rule": "the vendor's own API"}
    assert opus["usdPerPoint"] == "0.123762"  # 10 / 80.8, rounded to 6 places
    # Cheaper and nearly as good: both are on the frontier, cheapest first.
    assert [f["model"]["slug"] for f in data["frontier"]] == ["minimax-m2.5", "claude-opus-4.6"]
    tight = parity(client, "swe-bench-verified", ["minimax-m2.5", "claude-opus-4.6"], tol=0.5)
    assert rows_by_slug(tight)["minimax-m2.5"]["withinTolerance"] is False


def test_every_model_with_a_result_when_none_is_named(client):
    data = parity(client, "SWE-Bench Pro")
    assert [r["model"]["slug"] for r in data["rows"]] == ["kimi-k2.6", "gpt-5.4"]
    assert rows_by_slug(data)["gpt-5.4"]["gap"] == 0.9
    assert data["modelsWithoutResult"] == []


def test_named_models_without_a_result_are_listed(client):
    data = parity(client, "SWE-Bench Pro", ["Kimi K2.6", "glm-5"])
    assert [r["model"]["slug"] for r in data["rows"]] == ["kimi-k2.6"]
    assert data["modelsWithoutResult"] == [{"slug": "glm-5"}]


def _add_result(engine, model_slug: str, score: float, *, source_id: str, tier: int, when: date):
    with Session(engine) as s:
        if s.get(Source, source_id) is None:
            s.add(Source(id=source_id, kind="dataset", title=source_id, collected=when, tier=tier))
        model = s.exec(select(Model).where(Model.slug == model_slug)).one()
        bench = s.exec(select(Benchmark).where(Benchmark.slug == "swe-bench-verified")).one()
        s.add(
            BenchmarkResult(
                benchmark_id=bench.id,
                model_id=model.id,
                score=score,
                tier=tier,
                source_id=source_id,
                locator=model_slug,
            )
        )
        s.commit()


def test_disagreeing_sources_are_not_averaged_the_preferred_one_is_used(sqlite_store):
    # A vendor's own statement (tier 2) outranks the article (press, tier 4).
    _add_result(
        sqlite_store,
        "claude-opus-4.6",
        81.4,
        source_id="vendor-card",
        tier=2,
        when=date(2026, 2, 5),
    )
    # A newer catalogue (tier 3) for M2.5 outranks the article too; an older one loses to it.
    _add_result(
        sqlite_store, "minimax-m2.5", 79.0, source_id="catalogue-old", tier=3, when=date(2026, 1, 1)
    )
    _add_result(
        sqlite_store, "minimax-m2.5", 80.0, source_id="catalogue-new", tier=3, when=date(2026, 6, 1)
    )
    client = TestClient(create_app(sqlite_store))
    rows = rows_by_slug(parity(client, "swe-bench-verified", ["minimax-m2.5", "claude-opus-4.6"]))
    opus, m25 = rows["claude-opus-4.6"], rows["minimax-m2.5"]
    assert (opus["score"], opus["source"]["id"]) == (81.4, "vendor-card")
    assert [a["source"]["id"] for a in opus["alternatives"]] == ["002_f2484f20264e1ef0"]
    assert (m25["score"], m25["source"]["id"]) == (80.0, "catalogue-new")
    assert [a["source"]["id"] for a in m25["alternatives"]] == [
        "catalogue-old",
        "002_f2484f20264e1ef0",
    ]
    assert m25["gap"] == pytest.approx(1.4)
    # One source only, when asked.
    article = parity(client, "swe-bench-verified", source="002_f2484f20264e1ef0")
    assert {r["model"]["slug"]: r["score"] for r in article["rows"]} == {
        "claude-opus-4.6": 80.8,
        "minimax-m2.5": 80.2,
    }


def test_a_dominated_model_is_off_the_frontier(sqlite_store):
    # Sonnet 4.6: dearer than M2.5 (blended 6 vs 0.3375) and lower than both.
    _add_result(
        sqlite_store,
        "claude-sonnet-4.6",
        79.6,
        source_id="vendor-card",
        tier=2,
        when=date(2026, 2, 17),
    )
    # Hunter Alpha has no price: listed, never on the frontier.
    _add_result(
        sqlite_store, "hunter-alpha", 70.0, source_id="vendor-card", tier=2, when=date(2026, 3, 1)
    )
    client = TestClient(create_app(sqlite_store))
    data = parity(client, "swe-bench-verified")
    rows = rows_by_slug(data)
    assert rows["claude-sonnet-4.6"]["onFrontier"] is False
    assert rows["hunter-alpha"]["onFrontier"] is False
    assert rows["hunter-alpha"]["blendedUsdPerMillionTokens"] is None
    assert "no standard" in rows["hunter-alpha"]["priceReason"]
    assert [f["model"]["slug"] for f in data["frontier"]] == ["minimax-m2.5", "claude-opus-4.6"]
    assert [r["model"]["slug"] for r in data["rows"]][-1] == "hunter-alpha"


def test_unknown_benchmark_or_model_is_a_clear_error(client):
    body = client.post(
        "/graphql",
        json={"query": PARITY_Q, "variables": {"b": "SWE-Bench Verifed", "tol": 1.0}},
    ).json()
    e = body["errors"][0]
    assert e["extensions"]["code"] == "NOT_FOUND" and "SWE-Bench Verifed" in e["message"]
    assert "SWE-Bench Verified" in e["extensions"]["suggestions"]
    body = client.post(
        "/graphql",
        json={
            "query": PARITY_Q,
            "variables": {"b": "swe-bench-pro", "models": ["Kimi K2.66"], "tol": 1.0},
        },
    ).json()
    e = body["errors"][0]
    assert e["extensions"]["code"] == "NOT_FOUND" and "Kimi K2.66" in e["message"]
    body = client.post(
        "/graphql",
        json={"query": PARITY_Q, "variables": {"b": "swe-bench-pro", "tol": -1.0}},
    ).json()
    assert "tolerance" in body["errors"][0]["message"]
