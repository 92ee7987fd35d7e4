"""Entity resolution as one stage over every source: one node per real model,
served variants folded in with their offers kept apart, derivatives linked
to their base, vendors from every source that names one, curator overrides
applied and reported, and the merge decisions measured on a labelled set."""

from __future__ import annotations

import itertools
import random
import shutil

import pytest
from sqlmodel import Session, col, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.resolve.evaluation import read_pairs, score
from tokenatlas.graph.resolve.merge import STAGE_SOURCE, nodes
from tokenatlas.graph.resolve.stage import decide
from tokenatlas.graph.sources import load
from tokenatlas.graph.sources.registry import IMPORTERS
from tokenatlas.graph.sources.seeds import seeds_dir
from tokenatlas.graph.sources.seeds.resolution import read_resolution
from tokenatlas.graph.store.db import make_engine
from tokenatlas.graph.store.tables import Model, Price, Vendor

from tests.conftest import DATA_DIR, REPO, gql
from tests.graph_picture import differences, picture

PAIRS = REPO / "tests" / "resolution_pairs.csv"
SOURCES = (
    "catalog",
    "genai-prices",
    "models-dev",
    "epoch",
    "lmarena",
    "open-llm-leaderboard",
    "openrouter",
)


@pytest.fixture(scope="module")
def client(full_store):
    engine, _ = full_store
    with TestClient(create_app(engine=engine)) as c:
        yield c


def _slug(client, name: str) -> str:
    return gql(client, "query($n: String!) { model(slug: $n) { slug } }", {"n": name})["model"][
        "slug"
    ]


# -- the labelled set --------------------------------------------------------


def test_the_labelled_set_covers_every_pair_of_sources_with_reasons():
    pairs = read_pairs(PAIRS)
    assert len(pairs) >= 150
    assert {p.source_a for p in pairs} | {p.source_b for p in pairs} == set(SOURCES)
    covered = {frozenset((p.source_a, p.source_b)) for p in pairs}
    missing = [a + "/" + b for a, b in itertools.combinations(SOURCES, 2) if {a, b} not in covered]
    assert missing == []
    assert all(p.reason.strip() for p in pairs)
    assert sum(p.same for p in pairs) >= 60 and sum(not p.same for p in pairs) >= 60


def test_merge_decisions_reach_the_precision_and_recall_targets(full_store):
    engine, _ = full_store
    with Session(engine) as session:
        result = score(session, read_pairs(PAIRS))
    report = "\n".join(result.lines())
    assert result.missing == [], report  # every labelled name is still in the data
    assert result.precision >= 0.98, report
    assert result.recall >= 0.95, report


# -- the examples the graph got wrong ---------------------------------------


def test_one_node_for_qwen25_7b_and_for_llama31_8b_instruct(client):
    assert _slug(client, "Qwen2.5-7B") == _slug(client, "Qwen/Qwen2.5-7B")
    assert _slug(client, "Qwen2.5-7B") != _slug(client, "Qwen/Qwen2.5-7B-Instruct")
    llama = {_slug(client, n) for n in ("Llama 3.1 8B Instruct", "meta-llama-3.1-8b-instruct")}
    assert len(llama) == 1
    qwen = gql(client, '{ model(slug: "Qwen2.5-7B") { vendor { slug kind } } }')["model"]
    assert qwen["vendor"] == {"slug": "alibaba", "kind": "organization"}
    unresolved = gql(client, "{ unresolvedNames { name } }")["unresolvedNames"]
    assert "Qwen2.5-7B" not in {u["name"] for u in unresolved}


def test_served_variants_are_their_model_with_their_offers_kept_apart(client, full_store):
    assert _slug(client, "kimi-k2.5-free") == "kimi-k2.5"
    assert _slug(client, "DeepSeek V3.2 TEE") == "deepseek-v3.2"
    assert _slug(client, "chat") == "deepseek-v3.2"  # seeds/resolution.yaml
    engine, _ = full_store
    with Session(engine) as s:
        offers = s.exec(
            select(Price.provider_model_id, Price.conditions).where(
                col(Price.provider_model_id).in_(
                    ["kimi-k2.5-free", "deepseek-v3.2-tee", "deepseek-chat"]
                )
            )
        ).all()
    assert offers, "the served ids keep their prices"
    assert all(c and c.startswith("endpoint=") for _, c in offers), offers


def test_quantizations_are_derivatives_with_an_edge_to_their_base(client):
    q = """{ model(slug: "Llama 3.1 8B Instruct FP8") { slug
              parents { relation model { slug } source { id } } } }"""
    fp8 = gql(client, q)["model"]
    assert fp8["slug"] != _slug(client, "Llama 3.1 8B Instruct")
    assert {
        "relation": "quantization",
        "model": {"slug": _slug(client, "Llama 3.1 8B Instruct")},
        "source": {"id": STAGE_SOURCE},
    } in fp8["parents"]


# -- vendors ------------------------------------------------------------------


def test_hugging_face_namespaces_are_vendors_and_few_models_have_none(full_store):
    engine, _ = full_store
    with Session(engine) as s:
        bunny = s.exec(select(Vendor).where(Vendor.slug == "bunnycore")).one()
        assert (bunny.kind, bunny.country) == ("namespace", None)
        orphans = s.exec(select(Model.slug, Model.name).where(col(Model.vendor_id).is_(None))).all()
        total = len(s.exec(select(Model.id)).all())
    # A Hub id names its publisher: none of those is left without a vendor.
    assert [slug for slug, _ in orphans if slug.count("/") == 1 and "openrouter/" not in slug] == []
    assert len(orphans) < total * 0.06, len(orphans)


# -- the stage ---------------------------------------------------------------


def test_the_decision_does_not_depend_on_the_order_nodes_come_in(full_store):
    engine, _ = full_store
    with Session(engine) as s:
        found = nodes(s)
    sample = [n for n in found if n.slug < "m"]  # half the store, to keep it quick
    first = decide(sample, makers={})
    shuffled = sample[:]
    random.Random(7).shuffle(shuffled)
    second = decide(shuffled, makers={})
    assert first.survivor == second.survivor
    assert first.candidates == second.candidates
    assert first.derivatives == second.derivatives


def test_a_second_run_merges_nothing_more(full_store):
    _, report = full_store
    assert report.resolution is not None and report.resolution.merged > 100
    assert report.resolution.skipped == [], report.resolution.skipped


def test_curator_overrides_apply_last_and_are_reported(empty_store, tmp_path, monkeypatch, capsys):
    from tokenatlas.api.cli import main

    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), seeds)
    text = (seeds / "resolution.yaml").read_text()
    (seeds / "resolution.yaml").write_text(
        text.replace(
            "apart:\n",
            "apart:\n  - names: [llama-3.1-8b-instruct, meta-llama-3.1-8b-instruct]\n"
            "    reason: a test keeps these apart\n",
        )
    )
    monkeypatch.setenv("TOKENATLAS_SEEDS_DIR", str(seeds))
    url = empty_store.url.render_as_string(hide_password=False)
    assert main(["seed", "--seeds-only", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "override applied: apart llama-3.1-8b-instruct, meta-llama-3.1-8b-instruct" in out
    with Session(empty_store) as s:
        slugs = set(s.exec(select(Model.slug)).all())
    assert {"llama-3.1-8b-instruct", "meta-llama-3.1-8b-instruct"} <= slugs


def test_a_bad_override_file_stops_the_load_with_its_line(tmp_path):
    (tmp_path / "resolution.yaml").write_text("merge:\n  - names: [only-one]\n    reason: x\n")
    with pytest.raises(LoadError) as err:
        read_resolution(tmp_path)
    assert "resolution.yaml:2" in str(err.value) and "two or more names" in str(err.value)


# -- the API -----------------------------------------------------------------


def test_merge_candidates_page_through_close_calls_best_first(client):
    q = """query($after: String) { mergeCandidates(minScore: 95, first: 50, after: $after) {
        totalCount edges { node { score evidence a { slug } b { slug } source { id } } }
        pageInfo { hasNextPage endCursor } } }"""
    seen, after, total = [], None, None
    while True:
        page = gql(client, q, {"after": after})["mergeCandidates"]
        total = page["totalCount"]
        seen += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert total > 0 and len(seen) == total
    scores = [n["score"] for n in seen]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 95
    assert all(n["evidence"] and n["a"]["slug"] != n["b"]["slug"] for n in seen)
    assert {n["source"]["id"] for n in seen} == {STAGE_SOURCE}


def test_merge_candidates_refuse_a_score_out_of_range_with_a_code(client):
    body = client.post(
        "/graphql", json={"query": "{ mergeCandidates(minScore: 101) { totalCount } }"}
    )
    error = body.json()["errors"][0]
    assert (
        error["extensions"]["code"] == "INVALID_ARGUMENT"
        and "between 0 and 100" in error["message"]
    )


def test_dataset_order_does_not_change_the_graph(full_store, tmp_path, monkeypatch):
    """Every dataset seeded in the reverse of the registry's order makes the
    store the registry's order made: the same models, slugs, names,
    aliases, vendors, edges, prices, results, facts and close calls."""
    found = load.present(DATA_DIR)
    assert [kind for kind, _ in found] == [i.DATASET for i in IMPORTERS]
    monkeypatch.setattr(load, "present", lambda _: list(reversed(found)))
    engine = make_engine(f"sqlite:///{tmp_path / 'reversed.sqlite'}")
    report = load.seed(engine, data_dir=DATA_DIR)
    assert [r.dataset for r in report.datasets] == [i.DATASET for i in reversed(IMPORTERS)]
    assert differences(picture(full_store[0]), picture(engine)) == []
    engine.dispose()


def test_datasets_ingested_one_at_a_time_in_any_order_make_the_seeded_graph(
    full_store, tmp_path, capsys
):
    """A store seeded without data, then given each dataset by `tokenatlas
    ingest` on its own, last one first (the stage running after each), is
    the store one seed with every dataset makes."""
    from tokenatlas.api.cli import main

    url = f"sqlite:///{tmp_path / 'one-at-a-time.sqlite'}"
    assert main(["seed", "--seeds-only", "--database-url", url]) == 0
    for kind, path in reversed(load.present(DATA_DIR)):
        assert main(["ingest", kind, str(path), "--database-url", url]) == 0
    weeks = [str(p) for p in sorted((DATA_DIR / "openrouter-weekly").glob("*.json"))]
    assert main(["ingest", "openrouter-weekly", *weeks, "--database-url", url]) == 0
    assert "unresolved ids: 0" in capsys.readouterr().out
    engine = make_engine(url)
    assert differences(picture(full_store[0]), picture(engine)) == []
    engine.dispose()
