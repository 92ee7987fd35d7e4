"""What an answer costs the store: the SQL statements each of the
questions asked most often sends when it is computed (not answered from
the answer cache), pinned, so a change that adds a statement per row, or
one more per request, shows here before it shows in production."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.api.http.settings import Settings

from tests.conftest import REPO, StatementCounter, gql

MODELS = """query($n: Int) { models(first: $n) { edges { node { slug name
    vendor { name country } license { slug spdx } prices { tokenKind usdPerMillionTokens
    provider { slug } source { id title } } } } } }"""

# name: (document, variables of a first answer, variables counted, statements)
PINNED = {
    # The model: its slug tried, then the row its name resolves to (the
    # resolver index is kept per state of the store); then one statement
    # each for vendor, prices, usage and benchmark results.
    "model page": ("model-page", {"model": "Kimi K2.6"}, {"model": "Claude Opus 4.6"}, 6),
    # rows; vendors; prices (licences, providers, sources from memory; no
    # count, since totalCount is not asked for).
    "100 models": (MODELS, {"n": 99}, {"n": 100}, 3),
    # the benchmark, its results, their models, their prices.
    "parity": ("swe-bench-parity", {"tolerance": 2}, {"tolerance": 1}, 4),
    # each model (slug tried, then the row its name resolves to); their prices.
    "price ratio": ("price-ratio-17x", {"at": "2026-06-01"}, {"at": "2026-07-10"}, 5),
    # the observations of the weeks asked for (the weeks themselves from memory).
    "share series": ("share-by-country", {"to": "2026-03-01"}, {"to": "2026-04-19"}, 1),
}


def _document(name: str) -> str:
    path = REPO / "queries" / f"{name}.graphql"
    return path.read_text() if path.exists() else name


@pytest.mark.parametrize("name", list(PINNED))
def test_statements_per_answer_are_pinned(sqlite_store, name):
    document, first, counted, statements = PINNED[name]
    client = TestClient(create_app(sqlite_store, settings=Settings(answer_cache_entries=0)))
    gql(client, _document(document), first)  # the store's state read, its small tables kept
    with StatementCounter(sqlite_store) as counter:
        gql(client, _document(document), counted)
    assert len(counter.statements) == statements, "\n".join(counter.statements)


def test_the_total_is_counted_only_when_asked_for(sqlite_store):
    client = TestClient(create_app(sqlite_store, settings=Settings(answer_cache_entries=0)))
    counts = []
    for query in (
        "{ models(first: 5) { edges { node { slug } } } }",
        "{ models(first: 5) { totalCount edges { node { slug } } } }",
    ):
        gql(client, query)
        with StatementCounter(sqlite_store) as counter:
            data = gql(client, query)
        counts.append(len(counter.statements))
    assert counts == [1, 2], counts
    assert data["models"]["totalCount"] > 5


def test_a_kept_answer_costs_no_statement(sqlite_store):
    client = TestClient(create_app(sqlite_store))
    query = _document("share-by-country")
    first = gql(client, query)
    with StatementCounter(sqlite_store) as counter:
        assert gql(client, query) == first
    assert counter.statements == []
