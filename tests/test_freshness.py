"""Answers are kept per state of the store, and a write retires them.

A repeated GET is a 304 while the data stands still; an ingest (through the
CLI, as an operator runs it) moves the store's data version, and the next
answer is computed again, in the process that ingested and in every other
server on the same store within a second."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text
from starlette.testclient import TestClient
from tokenatlas.api.cli import main
from tokenatlas.api.http.app import create_app
from tokenatlas.api.http.settings import Settings

from tests.conftest import weekly_files
from tests.live import live_server

SERIES = (
    '{ shareSeries(from: "2025-11-01", to: "2026-12-31", groupBy: COUNTRY) '
    "{ periods { periodStart totalTokens source { id } } } }"
)
SHARE = "query($week: Date!) { share(week: $week, groupBy: COUNTRY) { periodStart trackedTokens } }"


def new_week(folder: Path) -> tuple[Path, date]:
    """A snapshot of the week after the last bundled one (its figures, the
    leader's tokens doubled), and the first day that week's period covers."""
    doc = json.loads(weekly_files()[-1].read_text())
    published = date.fromisoformat(doc["date"]) + timedelta(days=7)
    doc["date"] = published.isoformat()
    doc["models"][0]["total_tokens"] *= 2
    path = folder / f"{published}.json"
    path.write_text(json.dumps(doc))
    return path, published - timedelta(days=7)


def _periods(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [p["periodStart"] for p in response.json()["data"]["shareSeries"]["periods"]]


def test_a_repeated_get_is_a_304_until_an_ingest_changes_the_answer(sqlite_store, tmp_path):
    settings = Settings(cache_max_age_s=120)
    client = TestClient(create_app(sqlite_store, settings=settings))
    url = sqlite_store.url.render_as_string(hide_password=False)
    first = client.get("/graphql", params={"query": SERIES})
    before = _periods(first)
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=120"
    assert "accept" in first.headers["vary"].lower()

    again = client.get("/graphql", params={"query": SERIES}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    posted = client.post("/graphql", json={"query": SERIES})
    assert posted.json() == first.json()  # the same answer, from memory
    assert posted.headers["cache-control"] == "no-store" and "etag" not in posted.headers
    hits = client.get("/readyz").json()["answers"]["hits"]
    assert hits >= 1
    version = client.get("/readyz").json()["data"]["version"]

    path, start = new_week(tmp_path)
    assert main(["ingest", "openrouter-weekly", str(path), "--database-url", url]) == 0

    fresh = client.get("/graphql", params={"query": SERIES}, headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != tag
    assert _periods(fresh) == [*before, start.isoformat()]
    assert client.get("/readyz").json()["data"]["version"] > version


def test_an_answer_with_errors_is_never_kept(client):
    unknown = {"query": SHARE, "variables": json.dumps({"week": "2031-01-05"})}
    for _ in range(2):
        answer = client.get("/graphql", params=unknown)
        assert answer.json()["errors"][0]["extensions"]["code"]
        assert answer.headers["cache-control"] == "no-store" and "etag" not in answer.headers
    assert client.get("/readyz").json()["answers"]["entries"] == 0


def _series(base: str) -> list[str]:
    return _periods(httpx.get(f"{base}/graphql", params={"query": SERIES}))


def _share_of(base: str, week: date) -> dict | None:
    body = httpx.get(
        f"{base}/graphql",
        params={"query": SHARE, "variables": json.dumps({"week": week.isoformat()})},
        headers={"Connection": "close"},  # a new connection: any worker may take it
    ).json()
    return None if body.get("errors") else body["data"]["share"]


def test_an_ingest_reaches_every_server_on_the_store_within_a_second(served_store, tmp_path):
    """Two servers on one store (one of them with two worker processes): a
    week ingested through the CLI is in both one second later at most."""
    path, start = new_week(tmp_path)
    with (
        live_server(served_store, "--workers", "2") as one,
        live_server(served_store) as other,
    ):
        bases = (one, other)
        for base in bases:  # each caches the series as it stands
            for _ in range(3):
                assert start.isoformat() not in _series(base)
            assert _share_of(base, start) is None
        ingest = subprocess.run(
            [sys.executable, "-m", "tokenatlas.api.cli", "ingest", "openrouter-weekly", str(path)],
            env={**os.environ, "DATABASE_URL": served_store},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert ingest.returncode == 0, ingest.stderr
        ingested = time.monotonic()
        seen: dict[str, float] = {}
        while len(seen) < len(bases) and time.monotonic() - ingested < 5:
            for base in bases:
                if base in seen:
                    continue
                # Four answers in a row, on new connections: every worker has it.
                shares = [_share_of(base, start) for _ in range(4)]
                if all(s is not None and s["periodStart"] == start.isoformat() for s in shares):
                    seen[base] = time.monotonic() - ingested
            time.sleep(0.05)
        assert len(seen) == len(bases), f"not every server saw the new week: {seen}"
        assert max(seen.values()) <= 1.0, seen
        shares = [_share_of(base, start) for base in bases]
        assert shares[0] == shares[1] and shares[0]["trackedTokens"] > 0
        for base in bases:
            assert _series(base)[-1] == start.isoformat()


def test_a_cache_setting_out_of_range_is_a_clear_error(tmp_path, capsys, monkeypatch):
    store = tmp_path / "never.sqlite"
    assert main(["serve", "--cache-max-age", "-1", "--database-url", f"sqlite:///{store}"]) == 2
    assert "cache_max_age_s must be 0 or more, not -1" in capsys.readouterr().err
    monkeypatch.setenv("TOKENATLAS_ANSWER_CACHE_ENTRIES", "many")
    assert main(["serve", "--database-url", f"sqlite:///{store}"]) == 2
    assert "TOKENATLAS_ANSWER_CACHE_ENTRIES='many'" in capsys.readouterr().err
    assert not store.exists()


def test_a_write_outside_a_session_moves_the_version_too(sqlite_store):
    """A script's own `engine.begin()` UPDATE, not only the importers'
    sessions: the next answer is computed again."""
    client = TestClient(create_app(sqlite_store))
    query = '{ sources(kind: "snapshot") { id title } }'
    before = {
        s["id"]: s["title"]
        for s in client.post("/graphql", json={"query": query}).json()["data"]["sources"]
    }
    some = sorted(before)[0]
    with sqlite_store.begin() as conn:
        conn.execute(text("UPDATE source SET title = 'Retitled' WHERE id = :id"), {"id": some})
    after = client.post("/graphql", json={"query": query}).json()["data"]["sources"]
    assert {s["id"]: s["title"] for s in after}[some] == "Retitled"
