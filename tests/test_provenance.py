"""Where sources disagree: every value kept with its source, one preferred,
and the reason stated (API over HTTP, seeded store)."""

from __future__ import annotations

from tests.conftest import gql

CONFLICT_Q = """query($entity: String!, $field: String, $kind: EntityKind = MODEL) {
  conflicts(entity: $entity, field: $field, kind: $kind) {
    field disagree
    preferred { value source { id } }
    values { value preferred reason tier source { id locator } }
  }
}"""


def test_catalog_and_price_list_disagree_on_a_context_window(client):
    data = gql(client, CONFLICT_Q, {"entity": "GPT-5.4", "field": "context_window"})
    (field,) = data["conflicts"]
    assert field["disagree"] is True
    sources = {v["source"]["id"] for v in field["values"]}
    assert {"tokenatlas-catalog", "genai-prices@0.2.3"} <= sources
    assert len({v["value"] for v in field["values"]}) > 1
    preferred = [v for v in field["values"] if v["preferred"]]
    assert len(preferred) == 1 and preferred[0]["source"]["id"] == "tokenatlas-catalog"
    assert "curated" in preferred[0]["reason"]
    assert all(v["reason"] is None for v in field["values"] if not v["preferred"])
    assert all(v["source"]["locator"] for v in field["values"])


def test_without_a_field_only_disagreements_are_listed(client):
    fields = gql(client, CONFLICT_Q, {"entity": "gpt-5.4"})["conflicts"]
    assert fields and all(f["disagree"] for f in fields)
    assert "context_window" in {f["field"] for f in fields}


def test_the_model_column_holds_the_preferred_value(client):
    data = gql(
        client,
        '{ model(slug: "gpt-5.4") { contextWindow facts(field: "context_window") '
        "{ preferred { value } } } }",
    )
    model = data["model"]
    assert str(model["contextWindow"]) == model["facts"][0]["preferred"]["value"]


def test_vendor_country_keeps_its_source(client):
    data = gql(client, CONFLICT_Q, {"entity": "Moonshot", "field": "country", "kind": "VENDOR"})
    (field,) = data["conflicts"]
    assert field["preferred"] == {"value": "CN", "source": {"id": "tokenatlas-catalog"}}


def test_article_benchmark_score_is_a_value_with_its_paragraph(client):
    data = gql(client, CONFLICT_Q, {"entity": "Kimi K2.6", "field": "benchmark:swe-bench-pro"})
    (field,) = data["conflicts"]
    article = [v for v in field["values"] if v["source"]["id"] == "002_f2484f20264e1ef0"]
    assert (
        article
        and article[0]["value"] == "58.6"
        and article[0]["source"]["locator"].startswith("p")
    )


def test_unknown_entity_is_a_clear_error(client):
    body = client.post(
        "/graphql", json={"query": CONFLICT_Q, "variables": {"entity": "Nope 9"}}
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
