"""Importing the Open LLM Leaderboard v2: one node per Hugging Face id,
lineage edges by relation, unknown parents kept as nodes, literal matching of
Hub ids, scores with their source, idempotency and rejection."""

from __future__ import annotations

import csv
import dataclasses
import doctest
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import tokenatlas.graph.sources.open_llm_leaderboard
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.provenance.facts import apply_preferred
from tokenatlas.graph.sources.contract import SourceReport
from tokenatlas.graph.sources.open_llm_leaderboard import AS_OF
from tokenatlas.graph.sources.registry import Prepared, apply, prepare
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkResult,
    License,
    LineageEdge,
    Model,
    ModelAlias,
    UnresolvedName,
)

from tests.conftest import DATA_DIR, _sqlite_copy, gql

KIND = "open-llm-leaderboard"
CSV = DATA_DIR / "open-llm-leaderboard/huggingface_v2.csv"
SOURCE = f"{KIND}@{AS_OF.isoformat()}"


def _prepare() -> Prepared:
    if not CSV.exists():
        pytest.skip(f"no {CSV} (set TOKENATLAS_DATA_DIR)")
    return prepare(KIND, CSV)


def _import(engine: Engine, prepared: Prepared) -> SourceReport:
    with Session(engine) as s:
        report = apply(s, prepared)
        apply_preferred(s)
        s.commit()
    return report


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return _prepare()


@pytest.fixture(scope="module")
def imported(sqlite_template, tmp_path_factory, prepared) -> Iterator[tuple[Engine, SourceReport]]:
    """One seeded SQLite store with the leaderboard imported, shared by the
    tests that only read it."""
    engine = _sqlite_copy(sqlite_template, tmp_path_factory.mktemp("oll"))
    report = _import(engine, prepared)
    yield engine, report
    engine.dispose()


def node(s: Session, hub_id: str) -> Model:
    """The model a Hugging Face id of the leaderboard stands for (the Hub
    ignores case, and an alias is stored once per spelling that folds alike;
    a node the leaderboard created answers to its own name)."""
    ids = set(
        s.exec(
            select(ModelAlias.model_id).where(
                func.lower(ModelAlias.alias) == hub_id.lower(), ModelAlias.source_id == SOURCE
            )
        )
    ) | set(
        s.exec(
            select(Model.id).where(
                func.lower(Model.name) == hub_id.lower(), Model.source_id == SOURCE
            )
        )
    )
    assert len(ids) == 1, (hub_id, ids)
    return s.get(Model, ids.pop())


def edges(s: Session, child: Model) -> list[tuple[str, str]]:
    rows = s.exec(
        select(Model.name, LineageEdge.relation)
        .join(Model, Model.id == LineageEdge.parent_id)
        .where(LineageEdge.child_id == child.id, LineageEdge.source_id == SOURCE)
    )
    return sorted(rows)


def test_lineage_relations(imported):
    engine, _ = imported
    with Session(engine) as s:
        # flagged merged: merge, to the base a later row describes
        assert edges(s, node(s, "elinas/Chronos-Gold-12B-1.0")) == [
            ("mistralai/Mistral-Nemo-Base-2407", "merge")
        ]
        # weight type Adapter: adapter
        assert edges(s, node(s, "NikolaSigmoid/phi-4-14b")) == [("microsoft/phi-4", "adapter")]
        # otherwise: finetune
        assert edges(s, node(s, "1-800-LLMs/Qwen-2.5-14B-Hindi-Custom-Instruct")) == [
            ("Qwen/Qwen2.5-14B", "finetune")
        ]
        # "X (Merge)" naming the model itself, and "Removed": no parent known, no edge
        assert edges(s, node(s, "CultriX/Qwen2.5-14B-BrocaV9")) == []
        assert edges(s, node(s, "3rd-Degree-Burn/L-3.1-Science-Writer-8B")) == []
        # "X (Merge)" naming an ancestor: X, suffix dropped
        assert edges(s, node(s, "Lunzima/NQLSG-Qwen2.5-14B-MegaFusion-v4")) == [
            ("Lunzima/NQLSG-Qwen2.5-14B-MegaFusion-v3", "finetune")
        ]
        relations = set(s.exec(select(LineageEdge.relation).where(LineageEdge.source_id == SOURCE)))
        assert relations == {"merge", "adapter", "finetune"}


def test_missing_parent_is_an_unknown_node_and_reported(imported):
    engine, report = imported
    parent = "pszemraj/tFINE-900m-e16-d32-1024ctx"  # base of 3 rows, itself not evaluated
    with Session(engine) as s:
        model = s.exec(select(Model).where(Model.name == parent)).one()
        assert model.known is False
        assert edges(s, node(s, "BEE-spoke-data/tFINE-900m-e16-d32-flan")) == [(parent, "finetune")]
        row = s.exec(
            select(UnresolvedName).where(
                UnresolvedName.source_id == SOURCE, UnresolvedName.name == parent
            )
        ).one()
        assert row.reason == "unknown"
        # a parent that is also a row is a known node, not reported
        assert node(s, "mistralai/Mistral-Nemo-Base-2407").known is True
    assert parent in report.unresolved
    assert "mistralai/Mistral-Nemo-Base-2407" not in report.unresolved
    assert report.ambiguous == []

    data = gql(
        TestClient(create_app(engine)),
        "query($s: String) { unresolvedNames(source: $s) { name reason } }",
        {"s": SOURCE},
    )
    listed = {n["name"]: n["reason"] for n in data["unresolvedNames"]}
    assert listed[parent] == "unknown"
    assert set(listed) == set(report.unresolved)


def test_hub_ids_are_matched_literally(imported):
    engine, _ = imported
    with Session(engine) as s:
        # the official id joins the price list's node, which lists it exactly
        official = node(s, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B")
        assert official.source_id == "genai-prices@0.2.3"
        # a user's copy with the same tail is its own node, not the official one
        copy = node(s, "braindao/DeepSeek-R1-Distill-Qwen-7B")
        assert copy.id != official.id and copy.source_id == SOURCE
        assert copy.slug == "braindao/deepseek-r1-distill-qwen-7b"
        assert node(s, "jebish7/Llama-3.1-8B-Instruct").id != (
            node(s, "meta-llama/Llama-3.1-8B-Instruct").id
        )
        # neither a version suffix, nor word order, nor a dropped separator
        # makes two repositories one
        for a, b in (
            ("bunnycore/Phi-4-Model-Stock-v2", "bunnycore/Phi-4-Model-Stock"),
            ("jaspionjader/PRP-Kosmos-EVAA-8B", "jaspionjader/Kosmos-EVAA-PRP-8B"),
            ("prithivMLmods/Phi4-Super", "prithivMLmods/Phi-4-Super"),
            ("YOYO-AI/Qwen2.5-14B-YOYO-1010-v2", "YOYO-AI/Qwen2.5-14B-YOYO-1010"),
        ):
            assert node(s, a).id != node(s, b).id, (a, b)
        # the Hub ignores case: two spellings of one repository are one node
        assert node(s, "DeepMount00/Llama-3.1-8b-ITA").id == (
            node(s, "DeepMount00/Llama-3.1-8b-Ita").id
        )
        # a Hugging Face user is not made a vendor; a known org is the vendor
        assert copy.vendor_id is None
        assert node(s, "Qwen/Qwen2.5-14B").vendor_id is not None


def test_six_scores_per_evaluated_precision_with_source(imported):
    engine, _ = imported
    with Session(engine) as s:
        model = node(s, "01-ai/Yi-1.5-34B")
        rows = s.exec(
            select(Benchmark.slug, BenchmarkResult)
            .join(Benchmark, Benchmark.id == BenchmarkResult.benchmark_id)
            .where(BenchmarkResult.model_id == model.id)
        ).all()
        by_slug = {slug: r for slug, r in rows}
        assert set(by_slug) == {
            "ifeval",
            "bbh",
            "math-lvl-5",
            "gpqa",
            "musr",
            "mmlu-pro",
            "open-llm-leaderboard-average",
        }
        assert len(rows) == 7
        for r in by_slug.values():
            assert r.source_id == SOURCE
            assert r.setting == "bfloat16"
            assert r.measured == date(2025, 3, 21)
            assert r.locator == "line 3"
            assert r.tier == 5
        assert by_slug["ifeval"].score == pytest.approx(28.4117253332269)
        assert by_slug["mmlu-pro"].score == pytest.approx(40.732121749409)

        # one node for two evaluated precisions: results per row, told apart by setting
        twice = node(s, "Qwen/Qwen2.5-0.5B-Instruct")
        settings = s.exec(
            select(BenchmarkResult.setting).where(BenchmarkResult.model_id == twice.id)
        ).all()
        assert sorted(set(settings)) == ["bfloat16", "float16"] and len(settings) == 14


def test_hub_facts_reach_the_model(imported):
    engine, _ = imported
    with Session(engine) as s:
        yi = node(s, "01-ai/Yi-1.5-34B")
        assert yi.params_total == 34_389_000_000
        assert yi.open_weights is True
        assert s.get(License, yi.license_id).slug == "apache-2.0"
        moe = node(s, "Qwen/Qwen1.5-MoE-A2.7B")
        assert moe.architecture == "moe"
        # 0 parameters means "not known" in the file, not a zero-sized model
        assert node(s, "databricks/dbrx-base").params_total is None


def unresolved_names(engine) -> list[str]:
    source_id = f"open-llm-leaderboard@{AS_OF.isoformat()}"
    with Session(engine) as s:
        rows = s.exec(select(UnresolvedName.name).where(UnresolvedName.source_id == source_id))
        return list(rows)


def test_second_apply_changes_nothing(sqlite_store, prepared):
    _import(sqlite_store, prepared)
    with Session(sqlite_store) as s:
        before = census(s)
    again = _import(sqlite_store, prepared)
    assert again.unchanged
    with Session(sqlite_store) as s:
        assert census(s) == before

    # a changed file replaces the source's rows and finds every node again
    unresolved = unresolved_names(sqlite_store)
    assert unresolved
    changed = _import(sqlite_store, dataclasses.replace(prepared, digest="changed"))
    assert not changed.created and not changed.ambiguous
    assert sorted(changed.unresolved) == sorted(unresolved)
    with Session(sqlite_store) as s:
        assert census(s) == before  # placeholders found again are reported again


def test_examples_in_docstrings():
    result = doctest.testmod(tokenatlas.graph.sources.open_llm_leaderboard)
    assert result.attempted and not result.failed


def _corrupt(tmp_path: Path, rows: int, edit) -> Path:
    """The header and the first `rows` records, `edit(records)` applied."""
    with CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        records = [dict(zip(header, next(reader), strict=True)) for _ in range(rows)]
    edit(records)
    path = tmp_path / "huggingface_v2.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(records)
    return path


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("metadata_params_billions", "many", "metadata_params_billions must be a number"),
        ("features_is_merged", "MAYBE", "features_is_merged must be TRUE or FALSE"),
        ("evaluations_gpqa_normalized_score", "", "must be a number"),
        ("metadata_hub_hearts", "1.5", "metadata_hub_hearts must be a whole number"),
        ("metadata_upload_date", "2024-13-01", "metadata_upload_date must be a date"),
        ("metadata_base_model", "['a/b', 'c/d']", "not a Hugging Face id"),
        ("model_weight_type", "Quantized", "model_weight_type must be one of"),
    ],
)
def test_corrupted_copy_is_rejected_with_file_and_line(tmp_path, column, value, reason):
    if not CSV.exists():
        pytest.skip(f"no {CSV}")

    def edit(records):
        records[2][column] = value  # the third record: line 4

    path = _corrupt(tmp_path, 5, edit)
    with pytest.raises(LoadError) as info:
        prepare(KIND, path)
    assert info.value.where == f"{path}:4"
    assert reason in info.value.reason


def test_line_is_where_the_record_starts(tmp_path):
    if not CSV.exists():
        pytest.skip(f"no {CSV}")

    def edit(records):
        records[0]["model_architecture"] = "Llama\nForCausalLM"  # line 2 spans lines 2-3
        records[1]["features_is_moe"] = "MAYBE"

    path = _corrupt(tmp_path, 3, edit)
    with pytest.raises(LoadError) as info:
        prepare(KIND, path)
    assert info.value.where == f"{path}:4"
