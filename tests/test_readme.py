"""The README's commands and example queries stay true to the code."""

from __future__ import annotations

import re

import pytest
from graphql import parse, validate
from tokenatlas.api.schema import schema

from tests.conftest import REPO, gql

README = (REPO / "README.md").read_text()
QUERIES = re.findall(r"```graphql\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_run_and_test_commands():
    commands = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert "tokenatlas serve" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1].strip() in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_example_query_is_valid(query):
    errors = validate(schema._schema, parse(query))
    assert errors == [], [e.message for e in errors]


def test_example_queries_answer_without_errors(client):
    for query in QUERIES:
        if "open-llm-leaderboard" in query:  # needs the datasets, not in this store
            continue
        gql(client, query)
