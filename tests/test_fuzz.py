"""A bounded fuzz run: a few hundred generated queries, valid and not, through
the real app on a seeded store. None may answer with a server error or an
error without a code. (bench/fuzz.py runs thousands against a live server.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app

from tests.fuzzing import problems, requests

RUN = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory, sqlite_template):
    import shutil

    from tokenatlas.graph.store.db import make_engine

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite"
    shutil.copy(sqlite_template, path)
    return TestClient(create_app(make_engine(f"sqlite:///{path}")))


def _check(client: TestClient, query: str) -> None:
    response = client.post(
        "/graphql",
        json={"query": query},
        headers={"Accept": "application/graphql-response+json"},
    )
    found = problems(response.status_code, response.json())
    assert not found, f"{found} for {query}"


@RUN
@given(query=requests(Mode.POSITIVE))
def test_valid_queries_get_answers_or_coded_errors(fuzz_client, query):
    _check(fuzz_client, query)


@RUN
@given(query=requests(Mode.NEGATIVE))
def test_invalid_queries_get_coded_errors(fuzz_client, query):
    _check(fuzz_client, query)
