"""The articles' figures as pinned API answers: every figure in
tests/figures.py with a query is run through the API against the seeded
store, and its answer, its Source and its status are checked. (Each
claim's status is the fact-check's: tests/test_factcheck.py.)"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
import yaml
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.store.db import make_engine

from tests.conftest import REPO, gql
from tests.figures import ARTICLES, DIFFERS, FIGURES, NOT_DERIVABLE, REPRODUCED

CHECKED = [f for f in FIGURES if f.query is not None]


@pytest.fixture(scope="module")
def figures_client(sqlite_template, tmp_path_factory):
    """One read-only copy of the seeded store for every figure."""
    path = tmp_path_factory.mktemp("figures") / "store.sqlite"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield TestClient(create_app(engine))
    engine.dispose()


def _same(value, expected, rel: float) -> bool:
    if expected is None or isinstance(expected, bool | str):
        return value == expected
    if isinstance(expected, Decimal):
        return Decimal(value) == expected
    return value == pytest.approx(expected, rel=rel)


@pytest.mark.parametrize("figure", CHECKED, ids=[f.ref for f in CHECKED])
def test_figure(figures_client, figure):
    data = gql(figures_client, figure.query)
    value = figure.pick(data)
    assert _same(value, figure.result, figure.tol), (figure.ref, value)
    if figure.source_pick is not None:
        assert figure.source_pick(data) == figure.source
    if figure.status == NOT_DERIVABLE:
        assert value is None
    elif figure.stated.met is not None:
        # The status follows from the answer: reproduced iff it meets the stated figure.
        assert figure.status == (REPRODUCED if figure.stated.met(value) else DIFFERS)
    if figure.status != REPRODUCED:
        assert figure.note, f"{figure.ref}: say why it {figure.status.replace('not ', 'is not ')}"


def test_every_row_names_a_claim_or_says_it_is_derived():
    """A row's figure is a seeded claim's (checked by the fact-check too),
    or derived from two stated ones."""
    claims = {
        f"{a}/{c['id']}"
        for a, (sid, _) in ARTICLES.items()
        for c in yaml.safe_load((REPO / "seeds" / "articles" / f"{sid}.yaml").read_text())["claims"]
    }
    strays = {f"{f.article}/{f.claim}" for f in FIGURES if not f.derived} - claims
    assert strays == set(), "rows naming no claim should be marked derived"


def test_not_derivable_rows_say_what_data_would_make_them_so():
    for f in FIGURES:
        if f.status == NOT_DERIVABLE:
            assert f.note, f.ref


def test_the_issues_examples_are_reproduced_or_explained():
    status = {f.ref: f.status for f in FIGURES}
    assert status["004/cn-tokens-w11"] == REPRODUCED
    assert status["002/swe-verified-gap"] == REPRODUCED
    assert status["002/opus46-vs-m25-price (b)"] == REPRODUCED
    assert status["002/claude-research-agent-cost"] == REPRODUCED
    assert status["002/dsv32-research-agent-cost"] == DIFFERS


def test_the_five_analytics_fields_are_described_and_exported():
    from tokenatlas.api.schema import schema

    fields = schema._schema.query_type.fields
    sdl = (REPO / "schema.graphql").read_text()
    for name in ("share", "shareSeries", "priceRatio", "workloadCost", "benchmarkParity"):
        assert fields[name].description, name
        assert f"\n  {name}(\n" in sdl, name
