"""The `tokenatlas` command as a user runs it."""

from __future__ import annotations

import json
import urllib.request

from tokenatlas.api.cli import main
from tokenatlas.graph.store.db import default_database_url

from tests.conftest import REPO, weekly_files
from tests.live import live_server


def test_serve_seeds_an_empty_store_and_answers(tmp_path):
    with live_server(f"sqlite:///{tmp_path / 'served.sqlite'}") as base:
        request = urllib.request.Request(f"{base}/graphql", headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert "graphiql" in response.read().decode().lower()
        query = '{ model(slug: "MiniMax M2.5") { name vendor { name country } } }'
        body = json.dumps({"query": query}).encode()
        request = urllib.request.Request(
            f"{base}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            answer = json.loads(response.read())
        assert answer["data"]["model"]["vendor"] == {"name": "MiniMax", "country": "CN"}


def test_export_schema_prints_the_committed_sdl(capsys):
    assert main(["export-schema"]) == 0
    assert capsys.readouterr().out == (REPO / "schema.graphql").read_text()


def test_ingest_reports_and_is_idempotent(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["seed", "--seeds-only", "--database-url", url]) == 0
    capsys.readouterr()
    files = [str(p) for p in weekly_files()]
    assert main(["ingest", "openrouter-weekly", *files, "--database-url", url]) == 0
    first = capsys.readouterr().out
    assert "unresolved ids: 0" in first and f"files: {len(files)} (0 unchanged" in first
    assert main(["ingest", "openrouter-weekly", *files, "--database-url", url]) == 0
    assert f"({len(files)} unchanged" in capsys.readouterr().out


def test_malformed_file_exits_non_zero_naming_it(tmp_path, capsys):
    bad = tmp_path / "2026-03-16.json"
    bad.write_text('{"date": "2026-03-16", "models": [{"slug": "x", "total_tokens": -5}]}')
    code = main(
        [
            "ingest",
            "openrouter-weekly",
            str(bad),
            "--database-url",
            f"sqlite:///{tmp_path / 'x.sqlite'}",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "rejected, nothing written" in err and str(bad) in err and "total_tokens" in err


def test_default_store_is_the_documented_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path / 'tokenatlas' / 'tokenatlas.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db/atlas")
    assert default_database_url() == "postgresql://someone@db/atlas"
    assert "~/.local/share/tokenatlas/tokenatlas.sqlite" in (REPO / "README.md").read_text()


def test_a_store_from_an_older_version_is_refused_clearly(tmp_path, capsys):
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:  # a model table without today's columns
        conn.execute("CREATE TABLE model (id INTEGER PRIMARY KEY, slug TEXT, name TEXT)")
    assert main(["seed", "--database-url", f"sqlite:///{path}"]) == 2
    err = capsys.readouterr().err
    assert "older tokenatlas" in err and "model.vendor_id" in err
