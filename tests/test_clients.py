"""The API from the clients people use, against a live server on the
bundled data: Apollo Client in Node (npm @apollo/client) and Python's gql,
each running a named query and paging through a connection by its cursors,
with the same answers as the server gives any other client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
APOLLO = REPO / "tests" / "clients" / "apollo"
PAGE = """query Page($after: String) { models(first: 25, country: "CN", after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { slug vendor { name } } } } }"""


def _needs(what: str, missing: bool) -> None:
    """Skip where a client's runtime is missing (TOKENATLAS_REQUIRE_CLIENTS=1,
    as CI sets it, makes it a failure)."""
    if missing:
        if os.environ.get("TOKENATLAS_REQUIRE_CLIENTS"):
            pytest.fail(f"{what} is missing")
        pytest.skip(f"{what} is missing")


def _plain(value):
    """An answer without the `__typename` fields a client's cache asks for."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "__typename"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _post(base: str, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"{base}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    assert not answer.get("errors"), answer
    return answer["data"]


def _first_pages(base: str, pages: int = 4) -> tuple[list[str], int]:
    """The CN models' slugs, page by page, as plain HTTP gives them."""
    slugs, after, total = [], None, 0
    for _ in range(pages):
        page = _post(base, PAGE, {"after": after})["models"]
        total = page["totalCount"]
        slugs += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return slugs, total


def test_apollo_client_in_node_runs_a_named_query_and_pages(bundled_server):
    node, npm = shutil.which("node"), shutil.which("npm")
    _needs("Node.js with npm", not (node and npm))
    if not (APOLLO / "node_modules" / "@apollo" / "client").is_dir():
        installed = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=APOLLO, capture_output=True, text=True
        )
        assert installed.returncode == 0, installed.stderr
    query = REPO / "queries" / "share-by-country.graphql"
    ran = subprocess.run(
        [node, "run.mjs", bundled_server, str(query)],
        cwd=APOLLO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    answer = _plain(json.loads(ran.stdout))  # Apollo's cache adds __typename
    assert (
        answer["named"]["shareSeries"]["series"]
        == (_post(bundled_server, query.read_text())["shareSeries"]["series"])
    )
    slugs, total = _first_pages(bundled_server)
    assert answer["slugs"] == slugs and answer["total"] == total and len(slugs) > 25


def test_python_gql_runs_a_named_query_and_pages(bundled_server):
    try:
        from gql import Client, gql
        from gql.transport.requests import RequestsHTTPTransport
    except ImportError:
        _needs("the gql package (pip install -e '.[test]')", True)
    transport = RequestsHTTPTransport(url=f"{bundled_server}/graphql", timeout=30)
    with Client(transport=transport, fetch_schema_from_transport=True) as session:
        text = (REPO / "queries" / "contradicted-claims.graphql").read_text()
        request = gql(text)
        request.variable_values = {"first": 5}
        claims = session.execute(request)["claims"]
        slugs, after = [], None
        for _ in range(4):
            request = gql(PAGE)
            request.variable_values = {"after": after}
            page = session.execute(request)["models"]
            slugs += [e["node"]["slug"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    with urllib.request.urlopen(
        f"{bundled_server}/q/contradicted-claims.json?first=5", timeout=30
    ) as response:
        same = json.loads(response.read())["data"]["claims"]
    assert claims == same and len(claims["edges"]) == 5
    assert slugs == _first_pages(bundled_server)[0]
