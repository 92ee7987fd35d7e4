"""Price ratios and workload costs through the API: the provider rule,
standard prices only, context tiers, exact money, clear errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.store.tables import Model, Price, Provider

from tests.conftest import gql

RATIO_Q = """query($num: String!, $den: String!, $c: PriceComponent!, $at: Date,
    $provider: String, $np: String, $dp: String, $share: Float, $ctx: Float) {
  priceRatio(numerator: $num, denominator: $den, component: $c, at: $at, provider: $provider,
      numeratorProvider: $np, denominatorProvider: $dp, inputShare: $share,
      contextTokens: $ctx) {
    ratio inverse direction component inputShare reason
    numerator { model { slug } usdPerMillionTokens provider { slug } providerModelId at
      tierMinTokens rule prices { tokenKind usdPerMillionTokens } source { id } }
    denominator { model { slug } usdPerMillionTokens provider { slug } providerModelId at
      tierMinTokens rule source { id } }
  }
}"""

COST_Q = """query($models: [String!]!, $i: Float!, $o: Float!, $c: Float!, $at: Date,
    $requests: Int!, $provider: String) {
  workloadCost(models: $models, inputTokens: $i, outputTokens: $o, cachedInputTokens: $c,
      at: $at, requests: $requests, provider: $provider) {
    promptTokensPerRequest at
    rows { model { slug } usd inputUsd cachedInputUsd outputUsd ratioToCheapest
      provider { slug } providerModelId tierMinTokens rule note reason source { id } }
  }
}"""


def ratio(client, num, den, component="INPUT", **kw):
    variables = {"num": num, "den": den, "c": component, **kw}
    return gql(client, RATIO_Q, variables)["priceRatio"]


def cost(client, models, i=0.0, o=0.0, c=0.0, requests=1, **kw):
    variables = {"models": models, "i": i, "o": o, "c": c, "requests": requests, **kw}
    return gql(client, COST_Q, variables)["workloadCost"]


def error(client, query, variables):
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert body.get("errors"), body
    return body["errors"][0]


def test_opus_46_against_minimax_m25_input_states_both_prices(client):
    r = ratio(
        client, "Claude Opus 4.6", "minimax/minimax-m2.5-20260211", at="2026-05-25", dp="novita"
    )
    assert r["ratio"] == pytest.approx(5 / 0.3)
    assert r["inverse"] == pytest.approx(0.06)
    assert r["direction"] == "claude-opus-4.6 / minimax-m2.5, input price per million tokens"
    num, den = r["numerator"], r["denominator"]
    assert (num["usdPerMillionTokens"], num["provider"]["slug"]) == ("5", "anthropic")
    assert num["rule"] == "the vendor's own API"
    assert (den["usdPerMillionTokens"], den["provider"]["slug"]) == ("0.3", "novita")
    assert den["rule"] == "the provider asked for (novita)"
    assert num["at"] == den["at"] == "2026-05-25"
    assert num["source"]["id"].startswith("genai-prices@")
    assert den["source"]["id"].startswith("genai-prices@")


def test_without_the_vendors_standard_price_the_cheapest_listing_is_used(client):
    # MiniMax's own list has only the -highspeed offer of M2.5: not its standard price.
    r = ratio(client, "claude-opus-4.6", "MiniMax M2.5", at="2026-05-25")
    den = r["denominator"]
    assert den["rule"].startswith("the cheapest standard listing (the vendor's own API has none)")
    assert (den["provider"]["slug"], den["usdPerMillionTokens"]) == ("openrouter", "0.15")
    assert r["ratio"] == pytest.approx(5 / 0.15)
    # The same rule on another day gives another listing's price.
    later = ratio(client, "claude-opus-4.6", "MiniMax M2.5", at="2026-11-05")
    assert later["denominator"]["usdPerMillionTokens"] == "0.27"  # avian, cheaper than 0.3


def test_batch_fast_and_conditional_offers_are_not_standard_prices(client):
    # OpenRouter lists Opus 4.6 also as :batch (2.5) and -fast (30).
    r = ratio(
        client, "claude-opus-4.6", "claude-sonnet-4.6", provider="openrouter", at="2026-05-25"
    )
    assert r["numerator"]["providerModelId"] == "anthropic/claude-opus-4.6"
    assert r["numerator"]["usdPerMillionTokens"] == "5"
    # OpenAI's flex / batch / priority tiers of GPT-5.4 (from 2026-10) are conditional.
    g = ratio(client, "gpt-5.4", "claude-sonnet-4.6", component="OUTPUT", at="2026-11-01")
    assert g["numerator"]["provider"]["slug"] == "openai"
    assert g["numerator"]["usdPerMillionTokens"] == "15"
    assert g["ratio"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("component", "share", "num", "den"),
    [
        ("OUTPUT", None, "25", "15"),
        ("CACHE_READ", None, "0.5", "0.3"),
        ("BLENDED", None, "10", "6"),  # 0.75 x 5 + 0.25 x 25; 0.75 x 3 + 0.25 x 15
        ("BLENDED", 0.5, "15", "9"),
    ],
)
def test_components_and_the_blend(client, component, share, num, den):
    kw = {"share": share} if share is not None else {}
    r = ratio(client, "Claude Opus 4.6", "Claude Sonnet 4.6", component, at="2026-05-25", **kw)
    assert r["numerator"]["usdPerMillionTokens"] == num
    assert r["denominator"]["usdPerMillionTokens"] == den
    assert r["ratio"] == pytest.approx(float(Decimal(num) / Decimal(den)))
    assert r["component"] == component
    assert r["inputShare"] == ((share or 0.75) if component == "BLENDED" else None)
    if component == "BLENDED":
        assert {p["tokenKind"] for p in r["numerator"]["prices"]} == {"input", "output"}


def test_context_tier_is_taken_when_the_prompt_exceeds_it(client):
    # Anthropic priced Opus 4.6 prompts above 200k tokens at 10 / 37.5 until 2026-03-13.
    base = ratio(client, "claude-opus-4.6", "claude-sonnet-4.6", at="2026-03-01")
    assert base["numerator"]["tierMinTokens"] == 0
    long = ratio(client, "claude-opus-4.6", "claude-sonnet-4.6", at="2026-03-01", ctx=250_000.0)
    assert long["numerator"]["usdPerMillionTokens"] == "10"
    assert long["numerator"]["tierMinTokens"] == 200_000
    assert long["ratio"] == pytest.approx(10 / 6)
    at_threshold = ratio(
        client, "claude-opus-4.6", "claude-sonnet-4.6", at="2026-03-01", ctx=200_000.0
    )
    assert at_threshold["numerator"]["tierMinTokens"] == 0  # more than 200k, not 200k


def test_research_agent_day_on_claude_and_deepseek(client):
    data = cost(client, ["DeepSeek V3.2", "Claude Opus 4.6"], o=5_000_000.0, at="2026-05-25")
    rows = {r["model"]["slug"]: r for r in data["rows"]}
    assert [r["model"]["slug"] for r in data["rows"]] == ["deepseek-v3.2", "claude-opus-4.6"]
    assert rows["claude-opus-4.6"]["usd"] == "125"
    assert rows["deepseek-v3.2"]["usd"] == "1.716"  # 5 x 0.3432, DeepSeek's own API
    assert rows["deepseek-v3.2"]["ratioToCheapest"] == 1.0
    assert rows["claude-opus-4.6"]["ratioToCheapest"] == pytest.approx(125 / 1.716)
    assert rows["claude-opus-4.6"]["source"]["id"].startswith("genai-prices@")


def test_workload_honours_tiers_per_request(client):
    one = cost(client, ["claude-opus-4.6"], i=300_000.0, o=10_000.0, at="2026-03-01")
    row = one["rows"][0]
    assert one["promptTokensPerRequest"] == 300_000
    assert row["tierMinTokens"] == 200_000
    assert (row["inputUsd"], row["outputUsd"], row["usd"]) == ("3", "0.375", "3.375")
    two = cost(client, ["claude-opus-4.6"], i=300_000.0, o=10_000.0, requests=2, at="2026-03-01")
    row = two["rows"][0]
    assert row["tierMinTokens"] == 0  # 150k per request: base rates
    assert (row["inputUsd"], row["outputUsd"], row["usd"]) == ("1.5", "0.25", "1.75")
    # After 2026-03-13 Anthropic dropped the long-context tier.
    later = cost(client, ["claude-opus-4.6"], i=300_000.0, o=10_000.0, at="2026-04-01")
    assert later["rows"][0]["usd"] == "1.75"


def test_cached_input_is_billed_at_the_cache_read_price(client):
    data = cost(
        client, ["claude-opus-4.6"], i=1_000_000.0, c=9_000_000.0, o=100_000.0, at="2026-05-25"
    )
    row = data["rows"][0]
    assert (row["inputUsd"], row["cachedInputUsd"], row["outputUsd"]) == ("5", "4.5", "2.5")
    assert row["usd"] == "12" and row["note"] is None
    # DeepSeek's own list gives no cache-read price for V3.2: input price, with a note.
    ds = cost(client, ["deepseek-v3.2"], c=1_000_000.0, at="2026-05-25")["rows"][0]
    assert ds["cachedInputUsd"] == "0.2288" and "cache-read" in ds["note"]


def test_models_without_a_price_come_last_with_a_reason(client):
    data = cost(client, ["Hunter Alpha", "claude-sonnet-4.6"], i=1e6, o=1e6, at="2026-05-25")
    assert [r["model"]["slug"] for r in data["rows"]] == ["claude-sonnet-4.6", "hunter-alpha"]
    last = data["rows"][1]
    assert last["usd"] is None and last["ratioToCheapest"] is None
    assert "no standard" in last["reason"] and "hunter-alpha" in last["reason"]


def test_a_free_denominator_has_no_ratio_but_says_why(sqlite_store):
    with Session(sqlite_store) as s:
        sonnet = s.exec(select(Model).where(Model.slug == "claude-sonnet-4.6")).one()
        provider = Provider(slug="gift", name="Gift", source_id="tokenatlas-catalog")
        s.add(provider)
        s.flush()
        for kind in ("input", "output"):
            s.add(
                Price(
                    model_id=sonnet.id,
                    provider_id=provider.id,
                    provider_model_id="sonnet",
                    token_kind=kind,
                    usd_per_mtok=Decimal(0),
                    valid_from=date(2026, 1, 1),
                    source_id="tokenatlas-catalog",
                )
            )
        s.commit()
    client = TestClient(create_app(sqlite_store))
    r = ratio(client, "claude-opus-4.6", "claude-sonnet-4.6", dp="gift", at="2026-05-25")
    assert r["ratio"] is None and "free" in r["reason"]
    assert r["denominator"]["usdPerMillionTokens"] == "0"
    c = cost(
        client, ["claude-opus-4.6", "claude-sonnet-4.6"], i=1.0, provider="gift", at="2026-05-25"
    )
    assert [row["usd"] for row in c["rows"]] == ["0", None]
    assert c["rows"][0]["ratioToCheapest"] is None  # the cheapest is free


def test_unknown_model_is_named_with_near_matches(client):
    e = error(client, RATIO_Q, {"num": "Claude Opus 4.66", "den": "minimax-m2.5", "c": "INPUT"})
    assert e["extensions"]["code"] == "NOT_FOUND"
    assert "Claude Opus 4.66" in e["message"] and e["extensions"]["suggestions"]
    e = error(
        client, COST_Q, {"models": ["deepsek v3.2"], "i": 1.0, "o": 1.0, "c": 0.0, "requests": 1}
    )
    assert e["extensions"]["code"] == "NOT_FOUND" and "deepsek v3.2" in e["message"]


@pytest.mark.parametrize(
    ("variables", "code", "text"),
    [
        ({"provider": "anthropics"}, "NOT_FOUND", "anthropic"),
        ({"dp": "anthropic"}, "NOT_DERIVABLE", "minimax-m2.5"),
        ({"share": 1.5, "c": "BLENDED"}, "INVALID_ARGUMENT", "inputShare"),
        ({"ctx": -1.0}, "INVALID_ARGUMENT", "contextTokens"),
    ],
)
def test_bad_ratio_arguments_are_clear_errors(client, variables, code, text):
    base = {"num": "claude-opus-4.6", "den": "minimax-m2.5", "c": "INPUT", "at": "2026-05-25"}
    e = error(client, RATIO_Q, {**base, **variables})
    assert e["extensions"]["code"] == code and text in e["message"]


def test_bad_workload_arguments_are_clear_errors(client):
    base = {"models": ["claude-opus-4.6"], "i": 1.0, "o": 1.0, "c": 0.0, "requests": 1}
    assert "outputTokens" in error(client, COST_Q, {**base, "o": -5.0})["message"]
    assert "requests" in error(client, COST_Q, {**base, "requests": 0})["message"]
    assert "at least one" in error(client, COST_Q, {**base, "models": []})["message"]


@pytest.mark.parametrize(
    ("provider_model_id", "variant"),
    [
        ("anthropic/claude-opus-4.6:batch", True),
        ("qwen/qwen3.6-plus-04-02:free", True),
        ("anthropic/claude-opus-4.6-fast", True),
        ("MiniMax-M2.5-highspeed", True),
        ("anthropic.claude-3-sonnet-20240229-v1:0", False),  # a version, not an offer
        ("deepseek/deepseek-v4-pro-0813", False),
        ("claude-opus-4-6", False),
    ],
)
def test_which_provider_ids_name_another_offer(provider_model_id, variant):
    from tokenatlas.graph.analytics.pricing import is_variant_id

    assert is_variant_id(provider_model_id) is variant
