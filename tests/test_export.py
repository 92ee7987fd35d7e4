"""An answer as a table, as a journalist takes it into a spreadsheet:
`Accept: text/csv` or `application/x-ndjson` on /graphql, one row per
item of the answer's path of lists, sources as columns, the same limits
and coded errors as JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.api.http.settings import Limits, Settings

from tests.conftest import gql, refused

SERIES = """{ shareSeries(from: "2025-11-01", to: "2026-04-19", groupBy: COUNTRY) {
  groupBy series { key label points { periodStart periodEnd tokens share
    source { id title } } } } }"""
MODELS = """query ($first: Int) { models(first: $first, search: "qwen") {
  totalCount edges { node { slug name vendor { name country } license { slug } } } } }"""


@pytest.fixture(scope="module")
def client(full_store):
    with TestClient(create_app(engine=full_store[0])) as c:
        yield c


def _csv(client, query: str, variables: dict | None = None) -> list[dict[str, str]]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_a_series_is_one_row_per_week_and_key_with_its_source(client):
    """Every point of every line is a row; the outer fields repeat; the
    numbers are the JSON answer's, as strings; the source is two columns."""
    rows = _csv(client, SERIES)
    series = gql(client, SERIES)["shareSeries"]["series"]
    points = [(line, p) for line in series for p in line["points"]]
    assert len(rows) == len(points) > 40
    assert list(rows[0]) == [
        "groupBy",
        "key",
        "label",
        "periodStart",
        "periodEnd",
        "tokens",
        "share",
        "source.id",
        "source.title",
    ]
    for row, (line, point) in zip(rows, points, strict=True):
        assert row["groupBy"] == "COUNTRY" and row["key"] == line["key"]
        assert row["periodStart"] == point["periodStart"]
        assert row["tokens"] == ("" if point["tokens"] is None else str(point["tokens"]))
        assert row["source.id"] == point["source"]["id"].strip()
        assert row["source.title"] == point["source"]["title"]
    weeks = {(r["periodStart"], r["key"]) for r in rows}
    assert len(weeks) == len(rows)  # one row per week and key


def test_a_connection_is_one_ndjson_object_per_node(client):
    response = client.post(
        "/graphql",
        json={"query": MODELS, "variables": {"first": 50}},
        headers={"Accept": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    lines = [json.loads(line) for line in response.text.splitlines()]
    nodes = [e["node"] for e in gql(client, MODELS, {"first": 50})["models"]["edges"]]
    assert len(lines) == len(nodes) == 50
    assert [line["slug"] for line in lines] == [n["slug"] for n in nodes]
    assert set(lines[0]) == {"totalCount", "slug", "name", "vendor.name", "vendor.country"} | {
        "license.slug"
    }
    for line, node in zip(lines, nodes, strict=True):  # a null vendor leaves its cells empty
        assert line["vendor.name"] == (node["vendor"] or {}).get("name")


def test_an_answer_that_is_no_table_is_a_400_naming_why(client):
    two = SERIES.replace("groupBy series", "groupBy periods { periodStart } series")
    for query, words in (
        (two, "'periods' and 'series' are two lists side by side"),
        ('{ model(slug: "Qwen3.6 Plus") { slug name } }', "holds no list"),
    ):
        response = client.post("/graphql", json={"query": query}, headers={"Accept": "text/csv"})
        body = response.json()
        assert response.status_code == 400, body
        assert response.headers["content-type"].startswith("application/json")
        assert words in body["errors"][0]["message"]
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_errors_and_limits_are_the_same_coded_answers_as_json(client, full_store):
    missing = '{ model(slug: "no-such-model") { prices { tokenKind } } }'
    response = client.post("/graphql", json={"query": missing}, headers={"Accept": "text/csv"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    settings = Settings(limits=Limits(max_nodes=10))
    with TestClient(create_app(engine=full_store[0], settings=settings)) as small:
        response = small.get(
            "/graphql",
            params={"query": MODELS, "variables": json.dumps({"first": 100})},
            headers={"Accept": "application/x-ndjson"},
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    response = client.post("/graphql", json={"query": SERIES}, headers={"Accept": "text/plain"})
    assert response.status_code == 406 and "text/csv" in response.json()["errors"][0]["message"]


def test_an_item_whose_inner_list_is_empty_keeps_its_row(client):
    """Names with no candidate and names with two: each name is a row at
    least (nothing dropped), a name with two candidates two rows."""
    query = '{ unresolvedNames(source: "epoch@2026-01-26") { name reason candidates } }'
    names = gql(client, query)["unresolvedNames"]
    rows = _csv(client, query)
    assert {r["name"] for r in rows} == {n["name"] for n in names}
    assert len(rows) == sum(max(1, len(n["candidates"])) for n in names)


def test_any_query_exports_from_a_url(client):
    """GET /export.csv?query=... (and .ndjson): a link a spreadsheet opens."""
    query = '{ share(week: "2026-03-12", groupBy: COUNTRY) { periodStart rows { key tokens } } }'
    answer = client.get("/export.csv", params={"query": query})
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    shares = gql(client, query)["share"]["rows"]
    assert [(r["key"], r["tokens"]) for r in rows] == [(s["key"], str(s["tokens"])) for s in shares]
    variables = json.dumps({"first": 3})
    paged = "query ($first: Int) { models(first: $first) { edges { node { slug } } } }"
    lines = client.get("/export.ndjson", params={"query": paged, "variables": variables})
    assert len(lines.text.splitlines()) == 3
    for url, status, code in (
        ("/export.xlsx?query={sources{id}}", 404, "NOT_FOUND"),
        ("/export.csv", 400, "BAD_REQUEST"),
        ("/export.csv?query={nope}", 400, "GRAPHQL_VALIDATION_FAILED"),
    ):
        refused(client, url, status, code)


def test_no_row_or_column_is_lost_to_the_shape_of_the_answer(client):
    """A model with no descendants keeps its row; two fields of one name
    keep two columns; a value a spreadsheet would run as a formula is
    quoted, a negative number is not."""
    query = """{ models(first: 6, search: "qwen2.5-7b") { edges { node { slug
      descendants(first: 2) { edges { node { slug } } } } } } }"""
    nodes = [e["node"] for e in gql(client, query)["models"]["edges"]]
    rows = _csv(client, query)
    assert {r["slug"] for r in rows} == {n["slug"] for n in nodes}
    expected = sum(max(1, len(n["descendants"]["edges"])) for n in nodes)
    assert len(rows) == expected and any(not n["descendants"]["edges"] for n in nodes)
    both = '{ model(slug: "Kimi K2.6") { name } models(first: 2) { edges { node { name } } } }'
    response = client.post("/graphql", json={"query": both}, headers={"Accept": NDJSON})
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines[0]) == 2 and "Kimi K2.6" in lines[0].values()
    prices = """{ model(slug: "Llama 3.1 8B Instruct") { prices(at: "2026-07-10") {
      providerModelId usdPerMillionTokens } } }"""
    cells = [r["providerModelId"] for r in _csv(client, prices)]
    assert any(c.startswith("'@") for c in cells) and not any(c.startswith("@") for c in cells)


NDJSON = "application/x-ndjson"
