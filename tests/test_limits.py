"""Every answer has a bounded size: lists are capped or paged, and the limits
on a request's shape are refused with a readable error and a code."""

from __future__ import annotations

import time

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.api.http.settings import Limits, Settings
from tokenatlas.api.lists import Capped
from tokenatlas.api.schema import schema
from tokenatlas.graph.store.db import DeadlinePassed, deadline


def _list_fields():
    for name, kind in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(kind, GraphQLObjectType):
            continue
        for field_name, field in kind.fields.items():
            inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if isinstance(inner, GraphQLList):
                yield name, field_name, field


def test_every_list_field_is_capped_or_a_page_and_says_so():
    unbounded = []
    for type_name, field_name, field in _list_fields():
        if type_name.endswith("Connection") and field_name == "edges":
            continue  # a page: its connection's `first` bounds it
        definition = field.extensions["strawberry-definition"]
        caps = [e for e in definition.extensions if isinstance(e, Capped)]
        if not caps or f"At most {caps[0].cap:,} items" not in (field.description or ""):
            unbounded.append(f"{type_name}.{field_name}")
    assert not unbounded, f"lists without a stated cap: {unbounded}"


# --------------------------------------------------------------------------
# Limits through HTTP: status, message and code


GRAPHQL_RESPONSE = "application/graphql-response+json"
NESTED = (
    "{ models(first: 100) { edges { node { vendor { models { vendor { models "
    "{ vendor { models { slug } } } } } } } } } }"
)


def post(client: TestClient, query: str, variables: dict | None = None, accept=GRAPHQL_RESPONSE):
    return client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Accept": accept},
    )


def refused(response, limit: str) -> dict:
    """The one error of a refused request, checked for its status and code."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    body = response.json()
    assert "data" not in body, "a refused request runs nothing"
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert error["extensions"]["limit"] == limit
    return error


def test_the_nested_vendor_models_query_is_refused_by_its_node_estimate(client):
    error = refused(post(client, NESTED), "nodes")
    assert error["extensions"]["max"] == 500_000
    assert error["extensions"]["found"] > 10**9
    assert "at most 500,000" in error["message"]


def test_five_hundred_aliases_are_refused(client):
    query = "{" + " ".join(f"a{i}: vendors(first: 1) {{ totalCount }}" for i in range(500)) + "}"
    refused(post(client, query), "chars")
    short = "{" + " ".join(f"a{i}: vendors {{ totalCount }}" for i in range(16)) + "}"
    error = refused(post(client, short), "aliases")
    assert error["extensions"] == {
        "code": "LIMIT_EXCEEDED",
        "limit": "aliases",
        "max": 15,
        "found": 16,
    }
    assert "16 aliases; at most 15" in error["message"]


def test_depth_beyond_ten_is_refused_but_introspection_is_not(client):
    deep = (
        '{ model(slug: "MiniMax M2.5") { children { model { children { model { children '
        "{ model { children { model { children { model { slug } } } } } } } } } } } }"
    )
    error = refused(post(client, deep), "depth")
    assert error["extensions"]["found"] == 12 and "12 deep" in error["message"]
    from graphql import get_introspection_query

    response = post(client, get_introspection_query(descriptions=True))
    assert response.status_code == 200 and "errors" not in response.json()


def test_tokens_and_characters_are_bounded(client):
    many_tokens = "{ " + " ".join(["a"] * 2001) + " }"
    refused(post(client, many_tokens), "tokens")
    padded = "{ __typename }" + " " * 15_000
    error = refused(post(client, padded), "chars")
    assert error["extensions"]["found"] == len(padded)


def test_a_megabyte_search_string_is_refused_as_a_literal_and_as_a_variable(client):
    long = "x" * 1_000_000
    big = client.post(
        "/graphql", json={"query": f'{{ models(search: "{long}") {{ totalCount }} }}'}
    )
    assert big.status_code == 413
    assert big.json()["errors"][0]["extensions"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "limit": "body",
        "max": 1_000_000,
        "found": len(big.request.content),
    }
    wide = post(client, f'{{ models(search: "{"x" * 20_000}") {{ totalCount }} }}')
    refused(wide, "chars")
    query = "query($s: String) { models(search: $s) { totalCount } }"
    error = refused(post(client, query, {"s": "y" * 1001}), "string")
    assert error["extensions"]["found"] == 1001
    ok = post(client, query, {"s": "y" * 1000})
    assert ok.status_code == 200 and ok.json()["data"]["models"]["totalCount"] == 0


def test_list_arguments_hold_at_most_a_hundred_items(client):
    query = (
        "query($m: [String!]!) { workloadCost(models: $m, inputTokens: 1, outputTokens: 1) "
        "{ rows { usd } } }"
    )
    refused(post(client, query, {"m": ["minimax-m2.5"] * 101}), "list")


def test_application_json_clients_get_200_with_the_same_error(client):
    response = post(client, NESTED, accept="application/json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_an_answer_states_its_cost(client):
    body = post(client, "{ models(first: 7) { edges { node { slug aliases } } } }").json()
    cost = body["extensions"]["cost"]
    assert cost["maxQueryCost"] == 500_000
    assert cost["requestedQueryCost"] == 7 + 7 * 200  # 7 edges, each up to 200 aliases
    edges = body["data"]["models"]["edges"]
    assert cost["actualQueryCost"] == len(edges) + sum(len(e["node"]["aliases"]) for e in edges)


def test_a_page_holds_one_to_a_hundred_rows(client):
    for first in (0, 101):
        body = post(client, f"{{ models(first: {first}) {{ totalCount }} }}").json()
        assert body["errors"][0]["extensions"]["code"] in {"INVALID_ARGUMENT", "LIMIT_EXCEEDED"}
        assert "first" in body["errors"][0]["message"]


def _wait_for_idle_pool(engine, seconds: float = 5.0) -> int:
    stop = time.monotonic() + seconds
    while engine.pool.checkedout() and time.monotonic() < stop:
        time.sleep(0.05)
    return engine.pool.checkedout()


def test_the_time_limit_stops_the_work_and_returns_the_connection(sqlite_store):
    settings = Settings(limits=Limits(timeout_s=0.02))
    client = TestClient(create_app(sqlite_store, settings=settings))
    query = (
        "{ models(first: 100) { edges { node { prices { usdPerMillionTokens } "
        "usage { tokens } benchmarkResults { score } facts { field } } } } }"
    )
    response = post(client, query)
    assert response.status_code == 503, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "TIMEOUT"
    assert "longer than 0.02 s" in error["message"]
    assert _wait_for_idle_pool(sqlite_store) == 0


def test_a_deadline_interrupts_a_running_sqlite_statement(sqlite_store):
    endless = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
        "SELECT count(*) FROM c"
    )
    started = time.monotonic()
    with (
        sqlite_store.connect() as conn,
        deadline(time.monotonic() + 0.2),
        pytest.raises(OperationalError, match="interrupted"),
    ):
        conn.execute(text(endless))
    assert time.monotonic() - started < 5


def test_no_statement_starts_after_the_deadline(store):
    with store.connect() as conn, deadline(time.monotonic() - 1), pytest.raises(DeadlinePassed):
        conn.execute(text("SELECT 1"))
    with store.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_a_structure_kept_per_data_version_is_built_past_the_request_deadline(sqlite_store):
    """The request that started a build may run out of time; the build
    finishes anyway (the next request uses it, rather than start again),
    and the request's own deadline holds again after it."""
    from sqlmodel import Session
    from tokenatlas.graph.store.cache import cached_per_store

    def slow(session) -> int:
        time.sleep(0.2)  # past the deadline below
        return session.exec(text("SELECT count(*) FROM model")).one()[0]

    with Session(sqlite_store) as session, deadline(time.monotonic() + 0.1):
        built = cached_per_store(session, "slow-test-build", slow)
        assert built > 0
        with pytest.raises(DeadlinePassed):
            session.exec(text("SELECT 1")).one()
    with Session(sqlite_store) as session:
        assert cached_per_store(session, "slow-test-build", lambda s: -1) == built
