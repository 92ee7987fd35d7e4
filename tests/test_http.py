"""GraphQL over HTTP as the spec has it: media types, status codes, GET and
POST, CORS, and a code on every error, through the real app."""

from __future__ import annotations

import logging

import pytest
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.api.http.settings import Settings

from tests.conftest import refused

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = '{ vendor(slug: "moonshot") { name country } }'


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json", "*/*", None])
def test_a_query_answers_in_the_media_type_asked_for(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.post("/graphql", json={"query": QUERY}, headers=headers)
    assert response.status_code == 200
    expected = GRAPHQL_RESPONSE if accept == GRAPHQL_RESPONSE else "application/json"
    assert response.headers["content-type"] == f"{expected}; charset=utf-8"
    assert response.json()["data"]["vendor"]["country"] == "CN"


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ vendor(slug: ", "GRAPHQL_PARSE_FAILED"), ("{ nothing }", "GRAPHQL_VALIDATION_FAILED")],
)
def test_documents_that_fail_are_400_or_200_by_media_type(client, query, code):
    strict = client.post("/graphql", json={"query": query}, headers={"Accept": GRAPHQL_RESPONSE})
    assert strict.status_code == 400
    assert "data" not in strict.json()
    assert strict.json()["errors"][0]["extensions"]["code"] == code
    assert strict.json()["errors"][0]["locations"]
    legacy = client.post("/graphql", json={"query": query})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == code


def test_requests_that_are_not_graphql_say_why(client):
    not_json = client.post(
        "/graphql", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    assert not_json.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    no_query = client.post("/graphql", json={"variables": {}})
    assert no_query.status_code == 400 and "'query'" in no_query.json()["errors"][0]["message"]
    text = client.post("/graphql", content=QUERY, headers={"Content-Type": "text/plain"})
    assert text.status_code == 415
    assert text.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    xml = client.post("/graphql", json={"query": QUERY}, headers={"Accept": "application/xml"})
    assert xml.status_code == 406
    put = client.put("/graphql", json={"query": QUERY})
    assert put.status_code == 405


def test_bad_variables_are_refused_before_running(client):
    query = "query($d: Date!) { share(week: $d, groupBy: COUNTRY) { totalTokens } }"
    response = client.post(
        "/graphql",
        json={"query": query, "variables": {"d": "not a date"}},
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"


def test_get_runs_queries_and_opens_graphiql_in_a_browser(client):
    answer = client.get("/graphql", params={"query": QUERY})
    assert answer.status_code == 200 and answer.json()["data"]["vendor"]["name"]
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_an_unexpected_error_is_masked_logged_and_coded(client, monkeypatch, caplog):
    from tokenatlas.graph.resolve import lookup

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr("tokenatlas.api.catalog.query.find_vendor", broken)
    with caplog.at_level(logging.ERROR):
        body = client.post("/graphql", json={"query": QUERY}).json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in error["message"]
    assert "secret detail of a bug" in caplog.text
    assert lookup.find_vendor is not broken


def test_an_expected_error_keeps_its_message_and_is_not_logged(client, caplog):
    with caplog.at_level(logging.ERROR):
        body = client.post("/graphql", json={"query": '{ vendor(slug: "nobody") { name } }'})
    error = body.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND" and "nobody" in error["message"]
    assert not caplog.records


def test_cors_is_off_unless_origins_are_set(sqlite_store):
    preflight = {
        "Origin": "https://charts.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    closed = TestClient(create_app(sqlite_store, settings=Settings()))
    assert (
        "access-control-allow-origin" not in closed.options("/graphql", headers=preflight).headers
    )
    allowed = Settings(cors_origins=("https://charts.example",))
    opened = TestClient(create_app(sqlite_store, settings=allowed))
    response = opened.options("/graphql", headers=preflight)
    assert response.headers["access-control-allow-origin"] == "https://charts.example"
    other = opened.options("/graphql", headers={**preflight, "Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_settings_come_from_the_environment_and_flags_win():
    env = {"TOKENATLAS_MAX_DEPTH": "7", "TOKENATLAS_CORS_ORIGINS": "https://a.example, https://b"}
    settings = Settings.from_env(env, pool_size=3)
    assert settings.limits.max_depth == 7
    assert settings.cors_origins == ("https://a.example", "https://b")
    assert settings.pool_size == 3
    assert Settings.from_env(settings.to_env()) == settings  # what serve hands its workers
    with pytest.raises(ValueError, match="TOKENATLAS_POOL_SIZE"):
        Settings.from_env({"TOKENATLAS_POOL_SIZE": "many"})


def test_an_id_that_cannot_be_read_is_an_invalid_argument(client):
    # Found by the fuzz run: it answered an error without a code.
    body = client.post("/graphql", json={"query": '{ node(id: "") { id } }'}).json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INVALID_ARGUMENT"
    assert "GlobalID" in error["message"]


def test_serve_takes_a_flag_per_setting():
    from tokenatlas.api.cli import build_parser

    args = build_parser().parse_args(
        [
            "serve",
            "--cors-origin",
            "https://a.example",
            "--cors-origin",
            "https://b.example",
            "--timeout",
            "3",
            "--max-depth",
            "6",
            "--pool-size",
            "4",
        ]
    )
    assert args.cors_origins == ["https://a.example", "https://b.example"]
    assert (args.timeout_s, args.max_depth, args.pool_size) == (3.0, 6, 4)


def test_a_path_or_method_not_served_is_a_coded_json_error(client):
    for path in ("/q/a/b", "/nothing", "/static/missing.js"):
        refused(client, path, 404, "NOT_FOUND")
    for method, path in (("POST", "/q"), ("POST", "/export.csv"), ("PUT", "/graphql")):
        answer = client.request(method, path)
        assert answer.status_code == 405 and "GET" in answer.headers["allow"]
        assert answer.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
