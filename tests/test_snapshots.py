"""The bundled snapshots: a fresh store answers the market's questions from
them alone, they are the same bytes as the datasets' public copies, and a
damaged bundle is refused before anything is written."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from starlette.testclient import TestClient
from tokenatlas.api.cli import main
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.sources import snapshots
from tokenatlas.graph.store.db import make_engine

from tests.conftest import DATA_DIR, gql


def test_the_bundle_lists_every_dataset_with_origin_date_and_licence():
    bundle = {s.folder: s for s in snapshots.bundled()}
    assert set(bundle) == {s.folder for s in snapshots.CATALOGUE}
    assert bundle["epoch"].licence == "CC BY 4.0" and bundle["epoch"].credit == "Epoch AI"
    assert bundle["models.dev"].licence.startswith("MIT")
    assert "openrouter.ai/rankings" in bundle["openrouter-weekly"].origin
    for s in bundle.values():
        assert s.origin.startswith("https://") and s.as_of and s.sha256
    size = sum((snapshots.snapshots_dir() / s.archive).stat().st_size for s in bundle.values())
    assert size < 3_000_000


def test_a_fresh_store_answers_from_the_bundle_alone(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TOKENATLAS_DATA_DIR", str(tmp_path / "nowhere"))
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    assert main(["seed", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "openrouter-weekly: files: 23" in out
    client = TestClient(create_app(make_engine(url)))
    share = gql(client, '{ share(week: "2026-03-12", groupBy: COUNTRY) { rows { key tokens } } }')
    cn = {r["key"]: r["tokens"] for r in share["share"]["rows"]}["CN"]
    assert round(Decimal(cn) / Decimal(10**12), 2) == Decimal("4.69")
    kimi = gql(
        client,
        '{ model(slug: "Kimi K2.6") { benchmarkResults { score source { id kind } } } }',
    )["model"]["benchmarkResults"]
    datasets = {r["source"]["id"] for r in kimi if r["source"]["kind"] == "dataset"}
    assert len({r["source"]["id"] for r in kimi}) >= 2 and datasets


@pytest.mark.skipif(not DATA_DIR.exists(), reason=f"no public datasets at {DATA_DIR}")
def test_the_bundle_is_the_public_copies_byte_for_byte(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'same.sqlite'}"
    assert main(["seed", "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["seed", "--database-url", url, "--data-dir", str(DATA_DIR)]) == 0
    out = capsys.readouterr().out
    for dataset in ("models-dev", "epoch", "lmarena", "open-llm-leaderboard"):
        assert f"{dataset}: unchanged since the last run" in out
    assert "openrouter-weekly: files: 23 (23 unchanged" in out


def test_a_damaged_snapshot_is_refused_by_name(tmp_path):
    copy = tmp_path / "snapshots"
    shutil.copytree(snapshots.snapshots_dir(), copy)
    (copy / "lmarena.tar.xz").write_bytes(b"not an archive")
    with (
        pytest.raises(LoadError, match=r"lmarena\.tar\.xz: missing or damaged"),
        snapshots.unpacked(copy),
    ):
        pass


def test_pack_makes_the_same_bundle_from_the_same_files(tmp_path):
    if not DATA_DIR.exists():
        pytest.skip(f"no public datasets at {DATA_DIR}")
    again = snapshots.pack(DATA_DIR, tmp_path)
    assert [(s.archive, s.sha256) for s in again] == [
        (s.archive, s.sha256) for s in snapshots.bundled()
    ]
