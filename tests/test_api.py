"""The GraphQL API over HTTP, against a seeded store."""

from __future__ import annotations

import base64

import pytest
from graphql import GraphQLNamedType, GraphQLObjectType
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.api.schema import schema

from tests.conftest import REPO, StatementCounter, gql

VENDOR_Q = '{ model(slug: "%s") { slug name vendor { name country } } }'


def test_minimax_m25_answers_with_its_vendor_and_country(client):
    data = gql(client, VENDOR_Q % "MiniMax M2.5")
    assert data["model"]["vendor"] == {"name": "MiniMax", "country": "CN"}


@pytest.mark.parametrize(
    "name",
    [
        "anthropic/claude-4.6-opus-20260205",
        "anthropic/claude-opus-4.6",
        "Claude Opus 4.6",
        "claude-opus-4-6",
        "claude-opus-4.6",
    ],
)
def test_every_spelling_of_claude_opus_46_is_one_model(client, name):
    assert gql(client, VENDOR_Q % name)["model"]["slug"] == "claude-opus-4.6"


def test_free_endpoint_resolves_to_its_model(client):
    data = gql(
        client, '{ model(slug: "stepfun/step-3.5-flash:free") { slug endpoints { id variant } } }'
    )
    assert data["model"]["slug"] == "step-3.5-flash"
    assert {"id": "stepfun/step-3.5-flash:free", "variant": "free"} in data["model"]["endpoints"]


def test_unknown_model_is_a_clear_error_with_near_matches(client):
    body = client.post("/graphql", json={"query": VENDOR_Q % "Claude Opus 4.66"}).json()
    error = body["errors"][0]
    assert "Claude Opus 4.66" in error["message"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["suggestions"]


def test_stealth_model_has_no_vendor(client):
    data = gql(client, VENDOR_Q % "openrouter/hunter-alpha")
    assert data["model"]["vendor"] is None


def test_page_size_above_100_is_refused_clearly(client):
    body = client.post("/graphql", json={"query": "{ models(first: 101) { totalCount } }"}).json()
    assert body["data"] is None
    assert "at most 100" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_paging_through_models_visits_each_once(client):
    seen, after = [], None
    total = None
    while True:
        data = gql(
            client,
            """query($after: String) { models(first: 100, after: $after) {
            totalCount edges { node { slug } } pageInfo { hasNextPage endCursor } } }""",
            {"after": after},
        )["models"]
        total = data["totalCount"]
        seen += [e["node"]["slug"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == total > 100


def test_filters_narrow_the_list(client):
    q = """{ models(first: 100, country: "CN", openWeights: true, curated: true) {
        totalCount edges { node { slug openWeights vendor { country } } } } }"""
    data = gql(client, q)["models"]
    assert data["totalCount"] > 5
    for edge in data["edges"]:
        assert edge["node"]["openWeights"] is True and edge["node"]["vendor"]["country"] == "CN"
    found = gql(client, '{ models(search: "opus") { edges { node { slug } } } }')["models"]["edges"]
    assert "claude-opus-4.6" in {e["node"]["slug"] for e in found}
    by_vendor = gql(client, '{ models(vendor: "z-ai", first: 100) { edges { node { slug } } } }')
    assert "glm-5" in {e["node"]["slug"] for e in by_vendor["models"]["edges"]}


def test_node_id_round_trip(client):
    node_id = gql(client, '{ model(slug: "kimi-k2.5") { id } }')["model"]["id"]
    assert base64.b64decode(node_id).decode() == "Model:kimi-k2.5"
    q = "query($id: ID!) { node(id: $id) { ... on Model { slug vendor { slug } } } }"
    data = gql(client, q, {"id": node_id})
    assert data["node"] == {"slug": "kimi-k2.5", "vendor": {"slug": "moonshot-ai"}}


def test_figures_carry_their_source(client):
    data = gql(
        client,
        """{ model(slug: "minimax-m2.5") {
        usage(from: "2026-03-09", to: "2026-03-15") { periodStart periodEnd tokens
            source { id title date locator } }
        prices(provider: "openrouter") { tokenKind usdPerMillionTokens source { id title } }
        claims { measure value source { id locator } }
        benchmarkResults(benchmark: "SWE-Bench Verified") { score source { id locator } } } }""",
    )
    m = data["model"]
    assert m["usage"] == [
        {
            "periodStart": "2026-03-09",
            "periodEnd": "2026-03-15",
            "tokens": 1750000000000,
            "source": {
                "id": "openrouter-weekly/2026-03-16",
                "title": m["usage"][0]["source"]["title"],
                "date": "2026-03-16",
                "locator": "minimax/minimax-m2.5-20260211",
            },
        }
    ]
    assert m["prices"] and all(p["source"]["id"].startswith("genai-prices@") for p in m["prices"])
    assert any(c["measure"] == "price_input" and c["value"] == "0.3" for c in m["claims"])
    assert {r["score"] for r in m["benchmarkResults"]} >= {80.2}
    assert all(r["source"]["locator"].startswith("p") for r in m["benchmarkResults"])


def test_prices_follow_their_validity_dates(client):
    q = (
        '{ model(slug: "claude-opus-4.6") { prices(at: "%s", provider: "anthropic") '
        "{ tokenKind tierMinTokens } } }"
    )
    before = gql(client, q % "2026-03-01")["model"]["prices"]
    after = gql(client, q % "2026-06-01")["model"]["prices"]
    assert any(p["tierMinTokens"] > 0 for p in before)  # long-context tier before 2026-03-13
    assert all(p["tierMinTokens"] == 0 for p in after)


def test_listing_100_models_costs_a_constant_number_of_statements(sqlite_store):
    client = TestClient(create_app(sqlite_store))
    q = """query($n: Int) { models(first: $n) { edges { node { slug name
        vendor { name country } license { slug } prices { tokenKind usdPerMillionTokens
        provider { slug } source { title } } } } } }"""
    gql(client, q, {"n": 99})  # the first answer of a store's state reads the small tables
    # The page costs one statement (its rows; the count only when totalCount
    # is asked for); vendors and prices one batched statement each;
    # licences, providers and sources none (kept per state of the store).
    bound = 1 + 2
    counts = {}
    for n in (1, 10, 100):
        with StatementCounter(sqlite_store) as counter:
            data = gql(client, q, {"n": n})
        assert len(data["models"]["edges"]) == n
        cited = [p["source"]["title"] for e in data["models"]["edges"] for p in e["node"]["prices"]]
        assert all(cited), "a price without its source's title"
        counts[n] = len(counter.statements)
    assert max(counts.values()) <= bound, counts
    assert counts[100] == bound, counts  # 100 models reach every kind of object once


def test_graphiql_in_a_browser_with_a_default_query(client):
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert "MiniMax M2.5" in page.text


def test_get_queries_work(client):
    response = client.get("/graphql", params={"query": VENDOR_Q % "GLM-5"})
    assert response.json()["data"]["model"]["vendor"]["country"] == "CN"


def test_health_and_readiness(client, tmp_path):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["pool"]["checkedOut"] == 0
    from tokenatlas.graph.store.db import make_engine

    empty = TestClient(create_app(make_engine(f"sqlite:///{tmp_path / 'nothing.sqlite'}")))
    assert empty.get("/healthz").status_code == 200
    assert empty.get("/readyz").status_code == 503


def test_unresolved_names_are_queryable(client):
    data = gql(client, "{ unresolvedNames { name source reason candidates } }")
    assert isinstance(data["unresolvedNames"], list)


def _described(named: GraphQLNamedType) -> list[str]:
    missing = [] if named.description else [named.name]
    if isinstance(named, GraphQLObjectType):
        for field_name, field in named.fields.items():
            if not field.description:
                missing.append(f"{named.name}.{field_name}")
            missing += [
                f"{named.name}.{field_name}({a})"
                for a, arg in field.args.items()
                if not arg.description
            ]
    return missing


def test_every_type_field_and_argument_is_described():
    gschema = schema._schema
    missing = []
    for name, named in gschema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        missing += _described(named)
    assert missing == []


def test_schema_file_matches_the_code():
    committed = (REPO / "schema.graphql").read_text()
    assert committed == schema.as_str() + "\n", "run: tokenatlas export-schema > schema.graphql"


def test_client_mistakes_are_not_logged_as_server_errors(client, caplog):
    with caplog.at_level("ERROR"):
        body = client.post("/graphql", json={"query": VENDOR_Q % "Claude Opus 4.66"}).json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert not [r for r in caplog.records if "Claude Opus 4.66" in r.getMessage()]
