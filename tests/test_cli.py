"""The `tokenatlas` command as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from tokenatlas.api.cli import main
from tokenatlas.graph.store.db import default_database_url

from tests.conftest import REPO, weekly_files
from tests.live import free_port


def _get(url: str, **kwargs) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request, whatever the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, **kwargs), timeout=5) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def _until(condition, within: float) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"not within {within} s"
        time.sleep(0.2)


def test_serve_listens_at_once_seeds_an_empty_store_and_answers(tmp_path):
    """On an empty store the server answers within seconds, with 503 and a
    code until the first seed has committed, then with the seeded data."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}"}
    argv = [sys.executable, "-m", "tokenatlas.api.cli", "serve", "--port", str(port)]
    query = '{ model(slug: "MiniMax M2.5") { name vendor { name country } } }'
    post = {"data": json.dumps({"query": query}).encode()}
    post["headers"] = {"Content-Type": "application/json"}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:

            def answers() -> bool:
                try:
                    return _get(f"{base}/healthz")[0] == 200
                except OSError:
                    return False

            _until(answers, 20)
            status, headers, body = _get(f"{base}/graphql", **post)
            if status == 503:  # still seeding: said, with a code and when to retry
                assert json.loads(body)["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
                assert headers.get("retry-after") == "5"
            _until(lambda: _get(f"{base}/readyz")[0] == 200, 180)
            status, _, page = _get(f"{base}/graphql", headers={"Accept": "text/html"})
            assert "graphiql" in page.decode().lower()
            status, _, body = _get(f"{base}/graphql", **post)
            answer = json.loads(body)
            assert answer["data"]["model"]["vendor"] == {"name": "MiniMax", "country": "CN"}
        finally:
            proc.terminate()
            proc.wait(timeout=30)


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
