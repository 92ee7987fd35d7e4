"""Fact-check as a user meets it: every seeded claim with its status
through the API (`claims`), derived from data with its Source, a claim
added to an article's YAML checked with no code change, and
docs/figures.md as `tokenatlas factcheck` prints it."""

from __future__ import annotations

import doctest
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.cli import main
from tokenatlas.api.factcheck import report
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.factcheck import tolerance
from tokenatlas.graph.store.tables import Claim, Source

from tests.conftest import gql

REPO = Path(__file__).resolve().parents[1]
CLAIMS = """query ($status: ClaimStatus, $source: String, $first: Int, $after: String) {
  claims(status: $status, source: $source, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { key value qualifier status derivedValue derivedText difference reason
      derivedFrom { id kind locator } source { id kind locator } } }
  }
}"""


@pytest.fixture(scope="module")
def client(full_store):
    with TestClient(create_app(engine=full_store[0])) as c:
        yield c


def _all(client, **variables) -> list[dict]:
    nodes, after = [], None
    while True:
        page = gql(client, CLAIMS, {**variables, "first": 40, "after": after})["claims"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(nodes) == page["totalCount"]
            return nodes
        after = page["pageInfo"]["endCursor"]


def _explanations(client, source: str) -> dict[str, list[str]]:
    query = """query ($source: String) { claims(source: $source, first: 100) {
      edges { node { key explanations } } } }"""
    edges = gql(client, query, {"source": source})["claims"]["edges"]
    return {e["node"]["key"]: e["node"]["explanations"] for e in edges}


def test_the_wording_rules_hold():
    assert doctest.testmod(tolerance).failed == 0


def test_every_seeded_claim_has_a_status_and_a_reason(client, full_store):
    with Session(full_store[0]) as s:
        stored = len(s.exec(select(Claim)).all())
    nodes = _all(client)
    assert len(nodes) == stored > 50
    assert len({(n["source"]["id"], n["key"]) for n in nodes}) == stored  # each once
    for n in nodes:
        assert n["status"] in ("CONSISTENT", "CONTRADICTED", "UNVERIFIABLE") and n["reason"]
        if n["status"] == "UNVERIFIABLE":
            assert n["derivedFrom"] is None
            continue
        # a verdict comes from data, never from an article, and names where
        assert n["derivedFrom"]["kind"] != "article", n
        if n["value"] is not None:
            difference = float(n["derivedValue"]) - float(n["value"])
            assert abs(float(n["difference"]) - difference) <= 1e-6 * max(1, abs(difference))
    statuses = {n["status"] for n in nodes}
    assert statuses == {"CONSISTENT", "CONTRADICTED", "UNVERIFIABLE"}


def test_a_status_filter_pages_through_that_status_only(client):
    everything = _all(client)
    contradicted = _all(client, status="CONTRADICTED")
    assert contradicted and all(n["status"] == "CONTRADICTED" for n in contradicted)
    assert len(contradicted) == sum(n["status"] == "CONTRADICTED" for n in everything)
    for query in (
        '{ claims(after: "bogus") { totalCount } }',
        "{ claims(first: 0) { totalCount } }",
        "{ claims(status: MAYBE) { totalCount } }",
    ):
        body = client.post("/graphql", json={"query": query}).json()
        assert body["errors"][0]["extensions"]["code"], body


def test_a_weekly_figure_is_checked_against_the_snapshot_of_its_week(client):
    """Article 004 states China's tokens for the week of 2026-03-09: the
    snapshot of that week says so, and the claim names it as its source."""
    nodes = {n["key"]: n for n in _all(client, source="004_9db69242f8a27610")}
    cn = nodes["cn-tokens-w11"]
    assert cn["status"] == "CONSISTENT"
    assert cn["derivedFrom"]["id"].startswith("openrouter-weekly/")
    assert "2026-03-09" in cn["derivedFrom"]["locator"]


def test_a_group_or_a_count_is_checked_through_the_ranking_members_it_names(client):
    """'The six most used models are Chinese' counts CN models in ranks 1-6
    of the week; 'more than the next four together' sums ranks 2-5."""
    first = {n["key"]: n for n in _all(client, source="001_75679318ac7da57d")}
    assert first["cn-top6-count"]["status"] == "CONSISTENT"
    assert first["cn-top6-count"]["derivedValue"] == "6"
    top6 = first["cn-top6-tokens"]
    assert top6["status"] == "CONSISTENT" and top6["derivedFrom"]["id"].startswith("openrouter")
    zero = {n["key"]: n for n in _all(client, source="000_98774c8f9ac34603")}
    assert zero["cn-top5-count"]["status"] == "CONTRADICTED"
    assert zero["cn-top5-count"]["derivedValue"] == "3"
    ratio = zero["qwen36-vs-next4"]
    assert ratio["status"] == "CONTRADICTED" and float(ratio["derivedValue"]) < 1


def test_a_streak_of_weeks_is_walked_back_from_the_claims_week(client):
    """'Second week in a row ahead of the US' holds in the snapshots; 'five
    weeks with an all-Chinese top six' does not: the week before breaks it."""
    lead = {n["key"]: n for n in _all(client, source="004_9db69242f8a27610")}["cn-lead-streak"]
    assert lead["status"] == "CONSISTENT" and lead["derivedValue"] == "2"
    top6 = {n["key"]: n for n in _all(client, source="001_75679318ac7da57d")}
    streak = top6["cn-top6-streak-weeks"]
    assert streak["status"] == "CONTRADICTED" and streak["derivedValue"] == "1"
    assert "2026-03-23..2026-03-29 breaks it" in streak["reason"]
    # "first ahead of the US in February 2026": the first such week, by month
    first = {n["key"]: n for n in _all(client, source="002_f2484f20264e1ef0")}["cn-first-over-us"]
    assert first["status"] == "CONSISTENT" and first["derivedText"] == "2026-02"
    assert first["derivedFrom"]["id"] == "openrouter-weekly/2026-02-16"


def test_a_claim_added_to_an_article_gets_a_status_without_code(
    full_copy, tmp_path, monkeypatch, capsys
):
    """Copy the seeds, add two claims to an article (one the data bears
    out, one it refutes, one it cannot answer), seed: each has a status."""
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    article = seeds / "articles" / "004_9db69242f8a27610.yaml"
    data = yaml.safe_load(article.read_text())
    period = {"start": date(2026, 3, 9), "end": date(2026, 3, 15)}
    base = {"locator": "p1", "unit": "tokens", "platform": "openrouter", "period": period}
    # what the API's workloadCost says 4M input and 1M output tokens cost, and
    # 5M tokens all as input or all as output, on DeepSeek V3.2 that week
    costs = [_workload_usd(full_copy, i, o) for i, o in ((4e6, 1e6), (5e6, 0), (0, 5e6))]
    work = {**base, "subject": "DeepSeek V3.2", "measure": "workload_cost", "unit": "USD"}
    data["claims"] += [
        {
            **base,
            "id": "added-us",
            "subject": "country:US",
            "measure": "weekly_tokens",
            "value": 3.8e12,
            "qualifier": "about",
        },
        {
            **base,
            "id": "added-cn-wrong",
            "subject": "country:CN",
            "measure": "weekly_tokens",
            "value": 9e12,
            "qualifier": "over",
        },
        {
            **base,
            "id": "added-week-before",
            "subject": "country:CN",
            "measure": "weekly_tokens",
            "value": 4.19e12,
        },
        {**work, "id": "added-workload", "value": float(costs[0]), "qualifier": "exact"}
        | {"workload": {"input_tokens": 4e6, "output_tokens": 1e6}},
        {**work, "id": "added-total-in-span", "value": float(sum(costs[1:]) / 2)}
        | {"workload": {"tokens": 5e6}, "qualifier": "about"},
        {**work, "id": "added-total-too-low", "value": float(min(costs[1:]) / 10)}
        | {"workload": {"tokens": 5e6}},
        {
            **base,
            "id": "added-unknown",
            "subject": "country:CN",
            "measure": "token_share",
            "unit": "fraction",
            "value": 0.5,
            "period": {"start": date(2031, 1, 6), "end": date(2031, 1, 12)},
        },
    ]
    article.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    monkeypatch.setenv("TOKENATLAS_SEEDS_DIR", str(seeds))
    url = full_copy.url.render_as_string(hide_password=False)
    assert main(["seed", "--seeds-only", "--database-url", url]) == 0
    capsys.readouterr()
    with TestClient(create_app(engine=full_copy)) as c:
        nodes = {n["key"]: n for n in _all(c, source="004_9db69242f8a27610")}
    assert nodes["added-us"]["status"] == "CONSISTENT", nodes["added-us"]
    wrong = nodes["added-cn-wrong"]
    assert wrong["status"] == "CONTRADICTED" and float(wrong["difference"]) < 0
    assert wrong["derivedFrom"]["id"].startswith("openrouter-weekly/")
    # a figure of the week before: contradicted, and the hypothesis names that week
    before = nodes["added-week-before"]
    assert before["status"] == "CONTRADICTED"
    with TestClient(create_app(engine=full_copy)) as c:
        said = _explanations(c, "004_9db69242f8a27610")
    assert any("2026-03-02..2026-03-08" in h for h in said["added-week-before"]), said
    unknown = nodes["added-unknown"]
    assert unknown["status"] == "UNVERIFIABLE" and "2031-01-06" in unknown["reason"]
    # a workload's cost is the workloadCost the API gives for it; a total of
    # tokens, split unstated, is met anywhere from all input to all output
    assert nodes["added-workload"]["status"] == "CONSISTENT", nodes["added-workload"]
    assert Decimal(nodes["added-workload"]["derivedValue"]) == costs[0]
    assert nodes["added-total-in-span"]["status"] == "CONSISTENT"
    low = nodes["added-total-too-low"]
    assert low["status"] == "CONTRADICTED" and Decimal(low["derivedValue"]) == min(costs[1:])
    assert "split not stated" in low["reason"]


def _workload_usd(engine, inputs: float, outputs: float) -> Decimal:
    query = """query ($i: Float!, $o: Float!) { workloadCost(models: ["DeepSeek V3.2"],
      inputTokens: $i, outputTokens: $o, at: "2026-03-09", provider: "openrouter") {
      rows { usd } } }"""
    with TestClient(create_app(engine=engine)) as c:
        return Decimal(gql(c, query, {"i": inputs, "o": outputs})["workloadCost"]["rows"][0]["usd"])


def test_the_claims_document_is_what_the_api_answers(full_store):
    """docs/figures.md is `tokenatlas factcheck --format markdown` on the
    bundled data; the CSV has a row per claim with the same statuses."""
    nodes = report.claims(full_store[0])
    committed = (REPO / "docs" / "figures.md").read_text()
    found = report.contradictions(full_store[0])
    assert committed == report.as_markdown(nodes, found), (
        "docs/figures.md is stale: tokenatlas factcheck --format markdown > docs/figures.md"
    )
    rows = report.as_csv(nodes).splitlines()
    assert rows[0].startswith("source,key,") and len(rows) == len(nodes) + 1
    with Session(full_store[0]) as s:
        sources = {c.source_id for c in s.exec(select(Claim))}
        assert all(s.get(Source, sid).kind == "article" for sid in sources)


CONTRADICTIONS = """query ($kind: ContradictionKind, $source: String, $after: String) {
  contradictions(kind: $kind, source: $source, first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind measure subject reason
      first { claimKey value source { id kind locator } }
      second { claimKey value source { id kind locator } } } }
  }
}"""


def test_an_article_that_contradicts_itself_is_shown_with_both_claims(client):
    """Article 002 ranks OpenAI seventh at about 1.5T, below Zhipu's 1.12T
    in fourth: one source against itself, both claims with their paragraph."""
    data = gql(client, CONTRADICTIONS, {"kind": "WITHIN_SOURCE"})["contradictions"]
    pairs = {
        (e["node"]["first"]["claimKey"], e["node"]["second"]["claimKey"]) for e in data["edges"]
    }
    assert ("zhipu-tokens", "openai-tokens") in pairs
    for e in data["edges"]:
        node = e["node"]
        assert node["first"]["source"]["id"] == node["second"]["source"]["id"]
        assert node["first"]["source"]["locator"] and node["reason"]


def test_every_contradicted_claim_is_a_contradiction_with_the_data(client):
    """claim-vs-data pairs are the CONTRADICTED claims, each against a data source."""
    listed = gql(client, CONTRADICTIONS, {"kind": "CLAIM_VS_DATA"})["contradictions"]
    contradicted = _all(client, status="CONTRADICTED")
    assert listed["totalCount"] == len(contradicted) > 0
    for e in listed["edges"]:
        assert e["node"]["first"]["source"]["kind"] == "article"
        assert e["node"]["second"]["claimKey"] is None
        assert e["node"]["second"]["source"]["kind"] != "article"
    body = client.post(
        "/graphql", json={"query": '{ contradictions(after: "bogus") { totalCount } }'}
    ).json()
    assert body["errors"][0]["extensions"]["code"]


def test_a_contradicted_total_comes_with_a_hypothesis_from_the_data(client):
    """Article 004's US total for the week of 2026-03-09 is lower than the
    snapshot's: the data offers one model whose tokens, left out, give the
    stated figure, as a hypothesis with its arithmetic."""
    nodes = {n["key"]: n for n in _all(client, source="004_9db69242f8a27610")}
    found = _explanations(client, "004_9db69242f8a27610")
    us = nodes["us-tokens-w11"]
    assert us["status"] == "CONTRADICTED"
    hypotheses = found["us-tokens-w11"]
    assert hypotheses and all(h.startswith("hypothesis:") for h in hypotheses)
    assert "left out" in hypotheses[0] and "meets" in hypotheses[0]
    assert found["cn-tokens-w11"] == []  # a consistent claim needs none
    # China's share of US+CN tokens that week: read with that denominator,
    # and the same model, left out, explains it
    share = nodes["cn-share-w11"]
    assert share["status"] == "CONTRADICTED" and 0.54 < float(share["derivedValue"]) < 0.56
    assert any("Grok 4.1 Fast" in h for h in found["cn-share-w11"]), found["cn-share-w11"]


def test_free_on_a_platform_is_met_by_a_free_endpoint_there(client):
    free = {n["key"]: n for n in _all(client, source="001_75679318ac7da57d")}["qwen36plus-free"]
    assert free["status"] == "CONSISTENT" and free["derivedValue"] == "0"
    assert free["derivedFrom"]["locator"].endswith(":free")


def test_a_price_stated_of_a_vendors_models_holds_only_if_each_meets_it(client):
    """ "Alibaba and Xiaomi offer their new models free": each vendor's models
    among the ranking's members, priced that week; Xiaomi's was not free on
    OpenRouter (the week's snapshot lists its price), Alibaba's were."""
    found = {n["key"]: n for n in _all(client, source="001_75679318ac7da57d")}
    alibaba, xiaomi = found["alibaba-free"], found["xiaomi-free"]
    assert alibaba["status"] == "CONSISTENT" and "2 models" in alibaba["reason"]
    assert xiaomi["status"] == "CONTRADICTED" and Decimal(xiaomi["derivedValue"]) > 0
    assert "MiMo-V2-Pro" in xiaomi["reason"]
    assert xiaomi["derivedFrom"]["id"] == "openrouter-weekly/2026-04-06"


def test_two_datasets_scoring_one_model_apart_is_a_contradiction(full_copy):
    """A second dataset's score for a model, apart from the first's beyond
    the rounding of either, is listed with both sources; an agreeing one
    is not."""
    from tokenatlas.graph.store.tables import BenchmarkResult

    with Session(full_copy) as s:
        first = s.exec(
            select(BenchmarkResult)
            .join(Source, Source.id == BenchmarkResult.source_id)
            .where(Source.kind == "dataset")
            .order_by(BenchmarkResult.id)
        ).first()
        other = s.exec(
            select(Source.id).where(Source.kind == "dataset", Source.id != first.source_id)
        ).first()
        for score, where in ((first.score + 7, "row 1"), (first.score, "row 2")):
            s.add(
                BenchmarkResult(
                    benchmark_id=first.benchmark_id,
                    model_id=first.model_id,
                    score=score,
                    setting=first.setting,
                    tier=3,
                    source_id=other,
                    locator=where,
                )
            )
        first_source = first.source_id
        s.commit()
    with TestClient(create_app(engine=full_copy)) as c:
        data = gql(c, CONTRADICTIONS, {"kind": "DATA_VS_DATA"})["contradictions"]
    assert data["totalCount"] == 1, data
    sides = data["edges"][0]["node"]
    assert {sides["first"]["source"]["id"], sides["second"]["source"]["id"]} == {
        first_source,
        other,
    }
    assert "row 1" in (sides["first"]["source"]["locator"], sides["second"]["source"]["locator"])
