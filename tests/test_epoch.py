"""Epoch AI's notable models: read and checked from the real file, imported
into a fresh seeded store, merged into existing nodes, idempotent, and a
broken copy rejected with its file and line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.provenance.facts import apply_preferred
from tokenatlas.graph.resolve.index import ModelIndex
from tokenatlas.graph.sources import epoch
from tokenatlas.graph.sources.registry import apply, prepare
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.tables import (
    Fact,
    LineageEdge,
    Model,
    UnresolvedName,
    Vendor,
    VendorAlias,
)

from tests.conftest import DATA_DIR, gql

PATH = DATA_DIR / epoch.FILE
SOURCE_ID = f"epoch@{epoch.AS_OF.isoformat()}"


@pytest.fixture(scope="module")
def rows() -> list[epoch.EpochRow]:
    if not PATH.exists():
        pytest.skip(f"{PATH} not found (set TOKENATLAS_DATA_DIR)")
    return epoch.read(PATH)


def by_name(rows: list[epoch.EpochRow], name: str) -> epoch.EpochRow:
    (row,) = [r for r in rows if r.name == name]
    return row


def load(engine):
    with Session(engine) as s:
        report = apply(s, prepare("epoch", PATH))
        apply_preferred(s)
        s.commit()
    return report


def vendor(s: Session, slug: str) -> Vendor:
    return s.exec(select(Vendor).where(Vendor.slug == slug)).one()


def facts(s: Session, kind: str, entity_id: int, field: str) -> list[Fact]:
    return s.exec(
        select(Fact).where(
            Fact.entity_kind == kind,
            Fact.entity_id == entity_id,
            Fact.field == field,
            Fact.source_id == SOURCE_ID,
        )
    ).all()


def node(s: Session, name: str) -> Model:
    found = ModelIndex.from_session(s).resolve(name, keep_prefix=True)
    assert found.resolved, found
    return s.get(Model, found.model)


# -- reading ---------------------------------------------------------------------


def test_read_checks_and_parses_every_row(rows):
    assert len(rows) == 976
    raw = PATH.read_text(encoding="utf-8").split("\n")
    # A record's line is where it starts, though many span several lines.
    assert all(raw[r.line - 1].lstrip('"').startswith(r.name) for r in rows)
    assert rows[-1].line > 976
    solar = by_name(rows, "Solar Open 100B")  # "Solar Open 100B\n" in the file
    assert (solar.line, solar.params, solar.country_codes) == (2, 102_000_000_000, ("KR",))
    kimi = by_name(rows, "Kimi K2 Thinking")
    assert kimi.published == date(2025, 11, 6)
    assert (kimi.open_weights, kimi.weights_restricted) == (True, True)
    assert kimi.bases == ("Kimi K2",) and kimi.compute == 4.2e24
    nvlm = by_name(rows, "NVLM-D 72B")
    assert nvlm.bases == ("Qwen2-72B", "InternViT-6B")
    assert by_name(rows, "Med-PaLM 2").open_weights is False
    # Countries pair with organisations only where the lists align.
    assert by_name(rows, "Jais").vendor_countries()[2] == ("Inception G42", "AE")
    assert {c for r in rows for c in r.country_codes} <= set(epoch.COUNTRIES.values())


# -- importing -----------------------------------------------------------------------


def test_chinese_labs_get_their_country_from_epoch(sqlite_store):
    report = load(sqlite_store)
    assert report.rows == 976 and report.merged and not report.ambiguous
    with Session(sqlite_store) as s:
        for slug in ("moonshot-ai", "deepseek", "zhipu-ai"):
            v = vendor(s, slug)
            assert [json.loads(f.value) for f in facts(s, "vendor", v.id, "country")] == ["CN"]
            assert v.country == "CN"
        kimi = node(s, "Kimi K2 Thinking")
        assert kimi.slug == "kimi-k2-thinking"  # merged into the existing node
        assert kimi.vendor_id == vendor(s, "moonshot-ai").id
        assert json.loads(facts(s, "model", kimi.id, "organizations")[0].value) == ["Moonshot"]
        (fact,) = facts(s, "model", kimi.id, "release_date")
        assert (json.loads(fact.value), fact.locator) == ("2025-11-06", "line 71")


def test_several_organisations_are_kept(sqlite_store):
    load(sqlite_store)
    with Session(sqlite_store) as s:
        jais = node(s, "Jais")
        orgs = [
            "Cerebras Systems",
            "Mohamed bin Zayed University of Artificial Intelligence (MBZUAI)",
            "Inception G42",
        ]
        assert json.loads(facts(s, "model", jais.id, "organizations")[0].value) == orgs
        assert json.loads(facts(s, "model", jais.id, "organization")[0].value) == orgs
        assert json.loads(facts(s, "model", jais.id, "countries")[0].value) == [
            "United States of America",
            "United Arab Emirates",
            "United Arab Emirates",
        ]
        assert s.get(Vendor, jais.vendor_id).name == "Cerebras Systems"
        assert vendor(s, "cerebras-systems").country == "US"
        assert vendor(s, "inception-g42").country == "AE"
        assert (jais.release_date, jais.params_total, jais.open_weights) == (
            date(2023, 8, 29),
            13_000_000_000,
            True,
        )


def test_divisions_fold_into_their_vendor_without_moving_its_country(sqlite_store):
    load(sqlite_store)
    with Session(sqlite_store) as s:
        google = vendor(s, "google")
        aliases = set(
            s.exec(select(VendorAlias.alias).where(VendorAlias.vendor_id == google.id)).all()
        )
        assert {"Google Brain", "Google Research", "DeepMind"} <= aliases
        # "DeepMind" is British in Epoch, "Google" American: only the vendor's
        # own name speaks for its country.
        assert [json.loads(f.value) for f in facts(s, "vendor", google.id, "country")] == ["US"]
        assert google.country == "US"
        assert node(s, "Med-PaLM 2").vendor_id == google.id
        # Look-alikes stay apart.
        metamind = s.exec(select(Vendor).where(Vendor.name == "MetaMind Inc")).one()
        assert metamind.id != vendor(s, "meta").id


def test_base_models_become_lineage_edges(sqlite_store):
    load(sqlite_store)
    with Session(sqlite_store) as s:

        def parents(name: str) -> dict[str, tuple[str, str, str | None]]:
            child = node(s, name)
            edges = s.exec(select(LineageEdge).where(LineageEdge.child_id == child.id)).all()
            return {
                s.get(Model, e.parent_id).name: (e.relation, e.source_id, e.locator) for e in edges
            }

        assert parents("Kimi K2 Thinking")[node(s, "Kimi K2").name] == (
            "finetune",
            SOURCE_ID,
            "line 71",
        )
        # A parent that is another row of the file is that row's node.
        assert node(s, "GPT-4o (May 2024)").name in parents("GPT-4o (Aug 2024)")
        # Two parents; one known nowhere is a placeholder, reported.
        nvlm = parents("NVLM-D 72B")
        assert "InternViT-6B" in nvlm and len(nvlm) == 2
        placeholder = node(s, "InternViT-6B")
        assert not placeholder.known
        assert (
            s.exec(
                select(UnresolvedName).where(
                    UnresolvedName.source_id == SOURCE_ID, UnresolvedName.name == "InternViT-6B"
                )
            )
            .one()
            .reason
            == "unknown"
        )


def test_second_apply_changes_nothing(sqlite_store):
    load(sqlite_store)
    with Session(sqlite_store) as s:
        before = census(s)
    report = load(sqlite_store)
    assert report.unchanged
    with Session(sqlite_store) as s:
        assert census(s) == before


def test_the_api_shows_country_and_epoch_edges(sqlite_store):
    load(sqlite_store)
    client = TestClient(create_app(sqlite_store))
    data = gql(client, '{ vendor(slug: "moonshot-ai") { country } }')
    assert data["vendor"]["country"] == "CN"
    data = gql(
        client,
        """{ model(slug: "kimi-k2-thinking") {
               parents { model { slug } relation source { id } } } }""",
    )
    assert {
        "model": {"slug": "kimi-k2"},
        "relation": "finetune",
        "source": {"id": SOURCE_ID},
    } in data["model"]["parents"]


# -- rejecting a broken file ------------------------------------------------------


def broken_copy(tmp_path: Path, model: str, column: str, value: str) -> tuple[Path, int]:
    """The file with one value replaced, and the line where that record starts."""
    with PATH.open(newline="", encoding="utf-8") as handle:
        header, *records = list(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    line = None
    for record in records:
        if record[0].strip() == model:
            line = out.getvalue().count("\n") + 1
            record[header.index(column)] = value
        writer.writerow(record)
    assert line is not None
    path = tmp_path / "notable-ai-models.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, line


@pytest.mark.parametrize(
    ("model", "column", "value", "reason"),
    [
        ("DeepSeek-R1", epoch.DATE, "20 Jan 2025", "Publication date must be YYYY-MM-DD"),
        ("Kimi K2", epoch.DATE, "2025-02-30", "Publication date must be YYYY-MM-DD"),
        ("Jais", epoch.COUNTRY, "United States of America,Atlantis,China", "'Atlantis'"),
        ("GLM-4.5", epoch.ACCESSIBILITY, "Open-ish weights", "unknown Model accessibility"),
        ("GLM-4.5", epoch.PARAMETERS, "355B", "Parameters must be a number"),
    ],
)
def test_a_broken_copy_is_rejected_with_file_and_line(rows, tmp_path, model, column, value, reason):
    path, line = broken_copy(tmp_path, model, column, value)
    assert line > 2
    with pytest.raises(LoadError) as err:
        prepare("epoch", path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: ")
    assert reason in message
