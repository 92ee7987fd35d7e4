"""`tokenatlas seed --data-dir`: every real dataset in one graph, on SQLite and
PostgreSQL; a corrupt row in any dataset rejects the run and changes nothing."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.load import seed
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.tables import Endpoint, Fact, Model, Price, Source

from tests.conftest import DATA_DIR, gql, need_data
from tests.graph_picture import differences, picture

DATASETS = ("models-dev", "epoch", "lmarena", "open-llm-leaderboard")
CATALOGUES = ("models-dev@", "epoch@", "genai-prices@")


def _loads_everything_once(engine, report) -> None:
    assert sorted(r.dataset for r in report.datasets) == sorted(DATASETS)
    assert all(r.rows > 0 for r in report.datasets)
    assert report.weekly is not None and report.weekly.unresolved == []
    with Session(engine) as s:
        before = census(s)
    graph = picture(engine)
    again = seed(engine, data_dir=DATA_DIR)
    assert all(r.unchanged for r in again.datasets)
    with Session(engine) as s:
        assert census(s) == before
    # The same graph, not only as many rows: a second run of the stage
    # finds what the first left (no vendor given late, no slug moved).
    assert differences(graph, picture(engine)) == []


def test_every_dataset_loads_and_a_second_run_changes_nothing_sqlite(full_store):
    _loads_everything_once(*full_store)


@pytest.mark.postgres
def test_every_dataset_loads_and_a_second_run_changes_nothing_postgres(empty_postgres):
    need_data()
    _loads_everything_once(empty_postgres, seed(empty_postgres, data_dir=DATA_DIR))


KIMI = """{ model(slug: "Kimi K2.6") {
    slug releaseDate contextWindow vendor { name country }
    benchmarkResults(benchmark: "SWE-Bench Pro") {
        score setting harness source { id title locator } }
    prices(at: "2026-07-02") { provider { slug } tokenKind usdPerMillionTokens source { id } }
} }"""


def test_kimi_k26_carries_every_source(full_store):
    engine, _ = full_store
    model = gql(TestClient(create_app(engine)), KIMI)["model"]
    assert model["slug"] == "kimi-k2.6"
    assert model["vendor"] == {"name": "Moonshot AI", "country": "CN"}
    assert model["releaseDate"] and model["contextWindow"] == 262144
    by_source = {r["source"]["id"]: r["score"] for r in model["benchmarkResults"]}
    assert by_source["002_f2484f20264e1ef0"] == 58.6  # the article
    assert by_source["models-dev@2026-07-02"] == 27.3  # the catalogue, another harness
    providers = {p["provider"]["slug"] for p in model["prices"] if p["tokenKind"] == "input"}
    assert len(providers) >= 3


def test_swe_bench_pro_disagreement_is_listed_with_a_preference(full_store):
    engine, _ = full_store
    q = (
        '{ conflicts(entity: "kimi-k2.6", field: "benchmark:swe-bench-pro") { disagree '
        "values { value preferred reason source { id } } } }"
    )
    (field,) = gql(TestClient(create_app(engine)), q)["conflicts"]
    assert field["disagree"] is True
    assert sum(v["preferred"] for v in field["values"]) == 1


def _models_dev_names() -> set[str]:
    """Folded names and file ids of models.dev's lab models, read straight
    from the TOML files (independently of the importer)."""
    names = set()
    for path in (DATA_DIR / "models.dev" / "models").glob("*/*.toml"):
        names.add(key(path.stem))
        names.add(key(tomllib.loads(path.read_text())["name"]))
    return names


def test_named_models_carry_catalogue_data_where_the_catalogue_has_them(full_store):
    engine, _ = full_store
    in_models_dev = _models_dev_names()
    weekly_ids = {
        m["slug"]
        for f in (DATA_DIR / "openrouter-weekly").glob("*.json")
        for m in json.loads(f.read_text())["models"]
    }
    missing = []
    with Session(engine) as s:
        endpoints = {e.external_id: e.model_id for e in s.exec(select(Endpoint))}
        assert weekly_ids <= set(endpoints), weekly_ids - set(endpoints)
        curated = s.exec(select(Model).where(Model.curated == True)).all()  # noqa: E712
        for model in curated:
            if not ({key(model.slug), key(model.name)} & in_models_dev):
                continue
            sources = set(
                s.exec(
                    select(Fact.source_id).where(
                        Fact.entity_kind == "model", Fact.entity_id == model.id
                    )
                ).all()
            )
            sources |= set(s.exec(select(Price.source_id).where(Price.model_id == model.id)).all())
            if not any(src.startswith(CATALOGUES) for src in sources):
                missing.append(model.slug)
    assert missing == []


def test_report_names_the_unresolved(full_store):
    _, report = full_store
    oll = next(r for r in report.datasets if r.dataset == "open-llm-leaderboard")
    assert oll.unresolved and all("/" in name for name in oll.unresolved)
    text = "\n".join(oll.lines(limit=1000))
    assert all(name in text for name in oll.unresolved)


# --------------------------------------------------------------------------
# A corrupt row anywhere rejects the whole run.


def _link_data(tmp_path: Path) -> Path:
    """A data folder of symlinks to the real datasets, to corrupt one of them."""
    target = tmp_path / "data"
    target.mkdir()
    for child in DATA_DIR.iterdir():
        (target / child.name).symlink_to(child)
    return target


def _replace_with_copy(data: Path, relative: str) -> Path:
    link = data / relative.split("/")[0]
    link.unlink()
    source = DATA_DIR / relative.split("/")[0]
    if source.is_dir():
        shutil.copytree(source, link)
    else:
        shutil.copy(source, link)
    return data / relative


def _edit_line(path: Path, old: str, new: str) -> int:
    text = path.read_text()
    assert old in text, (path, old)
    path.chmod(0o644)
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


CORRUPTIONS = {
    "lmarena": ("lmarena/lmarena_text.csv", "+5/-5", "five either way"),
    "epoch": ("epoch/notable-ai-models.csv", ",2025-12-31,", ",31 December 2025,"),
    "open-llm-leaderboard": ("open-llm-leaderboard/huggingface_v2.csv", ",7.242,", ",seven,"),
    "models-dev": (
        "models.dev/models/moonshotai/kimi-k2.6.toml",
        "context = 262_144",
        'context = "long"',
    ),
    "openrouter-weekly": (
        "openrouter-weekly/2026-03-16.json",
        '"total_tokens": 822000000000',
        '"total_tokens": "lots"',
    ),
}


@pytest.mark.parametrize("dataset", sorted(CORRUPTIONS))
def test_a_corrupt_row_rejects_the_run_and_changes_nothing(dataset, tmp_path, sqlite_store):
    need_data()
    relative, old, new = CORRUPTIONS[dataset]
    data = _link_data(tmp_path)
    path = _replace_with_copy(data, relative)
    line = _edit_line(path, old, new)
    with Session(sqlite_store) as s:
        before = census(s)
        sources_before = set(s.exec(select(Source.id)).all())
    with pytest.raises(LoadError) as caught:
        seed(sqlite_store, data_dir=data)
    message = str(caught.value)
    assert path.name in message
    if dataset != "openrouter-weekly":  # JSON errors name the entry, not a line
        reported = int(re.search(rf"{re.escape(path.name)}:(\d+)", message).group(1))
        assert 0 <= line - reported <= 3, message  # the line of the record (CSV records span lines)
    else:
        assert "total_tokens" in message
    with Session(sqlite_store) as s:
        assert census(s) == before
        assert set(s.exec(select(Source.id)).all()) == sources_before
