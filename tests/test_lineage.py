"""Lineage derived with networkx after every import and served from the
index: descendants and their count, ancestors, roots and generation on a
model; families ranked by their derivative ecosystems; a model's lineage
drawn as nodes and edges; a cycle refused with the edge that closes it."""

from __future__ import annotations

import doctest
import shutil

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.lineage import dag
from tokenatlas.graph.lineage.derive import derive
from tokenatlas.graph.resolve.lookup import find_model
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.db import make_engine
from tokenatlas.graph.store.tables import LineageEdge

from tests.conftest import gql

QWEN = "Qwen/Qwen2.5-7B"


@pytest.fixture(scope="module")
def client(full_store):
    engine, _ = full_store
    with TestClient(create_app(engine=engine)) as c:
        yield c


def _walk(engine, start: int) -> dict[int, int]:
    """Descendants by a plain breadth-first walk of the stored edges (not
    the index): id -> depth."""
    with Session(engine) as s:
        children: dict[int, list[int]] = {}
        for parent, child in s.exec(select(LineageEdge.parent_id, LineageEdge.child_id)):
            children.setdefault(parent, []).append(child)
    seen, frontier, depth = {}, [start], 0
    while frontier:
        depth += 1
        nxt = []
        for n in frontier:
            for c in children.get(n, ()):
                if c not in seen and c != start:
                    seen[c] = depth
                    nxt.append(c)
        frontier = nxt
    return seen


def test_the_derivations_hold_on_small_graphs():
    assert doctest.testmod(dag).failed == 0


def test_descendants_of_qwen_come_from_the_leaderboards_edges(client, full_store):
    engine, _ = full_store
    with Session(engine) as s:
        qwen = find_model(s, QWEN)
    walked = _walk(engine, qwen.id)
    assert len(walked) > 20  # the leaderboard's finetunes, merges and their children
    data = gql(
        client,
        """query($m: String!) { model(slug: $m) { slug descendantCount generation
             quantized: descendantCount(relation: "quantization")
             descendants(first: 10) { totalCount edges { cursor node { slug id } }
               pageInfo { hasNextPage endCursor } } } }""",
        {"m": QWEN},
    )["model"]
    assert data["descendantCount"] == data["descendants"]["totalCount"] == len(walked)
    assert data["generation"] == 0
    assert 0 <= data["quantized"] < data["descendantCount"]
    first = [e["node"]["slug"] for e in data["descendants"]["edges"]]
    assert len(first) == 10 and data["descendants"]["pageInfo"]["hasNextPage"]
    # every page together lists each descendant once
    seen, after = list(first), data["descendants"]["pageInfo"]["endCursor"]
    while after:
        page = gql(
            client,
            """query($m: String!, $a: String) { model(slug: $m) {
                 descendants(first: 100, after: $a) { edges { node { slug } }
                   pageInfo { endCursor hasNextPage } } } }""",
            {"m": QWEN, "a": after},
        )["model"]["descendants"]
        seen += [e["node"]["slug"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert len(seen) == len(set(seen)) == len(walked)
    # a direct child lists the base among its ancestors and roots
    near = [i for i, d in walked.items() if d == 1]
    with Session(engine) as s:
        child_slug = s.get(type(qwen), near[0]).slug
    child = gql(
        client,
        "query($m: String!) { model(slug: $m) { generation ancestors { slug } roots { slug } } }",
        {"m": child_slug},
    )["model"]
    assert child["generation"] >= 1
    assert qwen.slug in [a["slug"] for a in child["ancestors"]]
    assert qwen.slug in [r["slug"] for r in child["roots"]] or child["generation"] > 1


def test_families_rank_base_models_by_their_ecosystem_with_sources(client):
    query = """query($a: String) { families(first: 10, after: $a) { totalCount
        edges { node { model { slug descendantCount } descendants
          byRelation { relation count } sources { id } } }
        pageInfo { endCursor } } }"""
    data = gql(client, query, {"a": None})["families"]
    rows = [e["node"] for e in data["edges"]]
    assert len(rows) == 10 and data["totalCount"] > 10
    sizes = [r["descendants"] for r in rows]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 20
    for r in rows:
        assert r["descendants"] == r["model"]["descendantCount"]
        assert sum(c["count"] for c in r["byRelation"]) == r["descendants"]
        assert r["sources"], r["model"]["slug"]  # what the count covers
    more = gql(client, query, {"a": data["pageInfo"]["endCursor"]})["families"]
    later = [e["node"]["model"]["slug"] for e in more["edges"]]
    assert later and not set(later) & {r["model"]["slug"] for r in rows}
    assert more["edges"][0]["node"]["descendants"] <= sizes[-1]


def test_a_models_lineage_is_drawn_as_nodes_and_edges(client):
    data = gql(
        client,
        """query($m: String!) { lineage(model: $m, maxDepth: 1) { model { slug } truncated
             nodes { slug } edges { relation parent { slug } child { slug }
               source { id } } } }""",
        {"m": QWEN},
    )["lineage"]
    slugs = {n["slug"] for n in data["nodes"]}
    assert data["model"]["slug"] in slugs and len(slugs) > 10
    assert data["edges"] and all(e["source"]["id"] for e in data["edges"])
    for e in data["edges"]:
        assert {e["parent"]["slug"], e["child"]["slug"]} <= slugs


@pytest.mark.parametrize(
    "query",
    [
        '{ model(slug: "Qwen/Qwen2.5-7B") { descendantCount(relation: "cousin") } }',
        '{ model(slug: "Qwen/Qwen2.5-7B") { descendants(maxDepth: 0) { totalCount } } }',
        '{ model(slug: "Qwen/Qwen2.5-7B") { descendants(after: "bm90LWEtY3Vyc29y") '
        "{ totalCount } } }",
        '{ families(after: "bm90LWEtY3Vyc29y") { totalCount } }',
        "{ families(first: 0) { totalCount } }",
    ],
)
def test_bad_lineage_arguments_get_a_coded_error(client, query):
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] in {"INVALID_ARGUMENT", "LIMIT_EXCEEDED"}, error


def test_a_cycle_is_refused_with_the_edge_that_closes_it(full_store, tmp_path):
    engine, _ = full_store
    path = tmp_path / "cycle.sqlite"
    shutil.copy(engine.url.database, path)
    copy = make_engine(f"sqlite:///{path}")
    with Session(copy) as s:
        before = census(s)
        qwen = find_model(s, QWEN)
        slug = qwen.slug
        child = s.exec(select(LineageEdge).where(LineageEdge.parent_id == qwen.id)).first()
        s.add(
            LineageEdge(
                child_id=qwen.id,
                parent_id=child.child_id,
                relation="finetune",
                source_id=child.source_id,
                locator="line 9999",
            )
        )
        s.flush()
        with pytest.raises(LoadError) as refused:
            derive(s)
        s.rollback()
        assert census(s) == before
    message = str(refused.value)
    assert "closes a cycle" in message and "line 9999" in message and slug in message
    copy.dispose()
