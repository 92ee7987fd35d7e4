"""`tokenatlas update`: the newest copy of each dataset, fetched from a mirror
over HTTP (or a folder), imported in one transaction, with a report of what
changed; a failed download, a corrupt file or a kill leaves the store as it was."""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient
from tokenatlas.api.cli import main
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.sources import fetch
from tokenatlas.graph.store.census import census

from tests.conftest import DATA_DIR, gql

pytestmark = pytest.mark.skipif(not DATA_DIR.exists(), reason=f"no public datasets at {DATA_DIR}")

EXTRA_WEEK = "2026-04-27"  # collected that day: the week 2026-04-20..26


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    """A copy of the public data with one more week and one price changed."""
    root = tmp_path_factory.mktemp("mirror") / "data"
    shutil.copytree(DATA_DIR, root)
    week = json.loads((root / "openrouter-weekly" / "2026-04-20.json").read_text())
    week["date"] = EXTRA_WEEK
    for entry in week["models"]:
        entry["total_tokens"] = entry["total_tokens"] + 1_000_000_000
    (root / "openrouter-weekly" / f"{EXTRA_WEEK}.json").write_text(json.dumps(week))
    listing = root / "models.dev" / "providers" / "openai" / "models" / "gpt-5.toml"
    text = listing.read_text()
    assert "input = 1.25\n" in text
    listing.write_text(text.replace("input = 1.25\n", "input = 1.10\n", 1))
    return root


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(mirror) -> Iterator[str]:
    """The mirror on a local HTTP server that lists its folders."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=mirror))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _census(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return census(session)


def test_every_dataset_has_an_origin_to_update_from():
    from tokenatlas.graph.sources.snapshots import CATALOGUE

    assert set(fetch.ORIGINS) == {s.folder for s in CATALOGUE}
    for downloads in fetch.ORIGINS.values():
        assert all(d.url.startswith("https://") for d in downloads)


def test_update_over_http_reports_the_new_week_and_the_changed_price(
    sqlite_store, mirror, served, capsys
):
    url = _url(sqlite_store)
    # The store first holds every dataset as published, then updates from the mirror.
    assert main(["update", "--from", str(DATA_DIR), "--database-url", url]) == 0
    assert "new models: 0" not in capsys.readouterr().out

    assert main(["update", "--from", served, "--database-url", url]) == 0
    out = capsys.readouterr().out
    print(out)
    assert f"fetched from {served}: models.dev, epoch, lmarena" in out
    assert "openrouter-weekly: files: 24 (23 unchanged, skipped)" in out
    assert "new weeks: 1\n  openrouter 2026-04-20..2026-04-26" in out
    assert "changed prices: 1\n  gpt-5 on openai (gpt-5), input: 1.25 -> 1.1 USD/Mtok" in out
    assert "new models: 0" in out and "new conflicts: 0" in out

    client = TestClient(create_app(sqlite_store))
    query = '{ share(week: "2026-04-22", groupBy: VENDOR) '
    query += "{ periodStart periodEnd rows { tokens } } }"
    week = gql(client, query)
    assert (week["share"]["periodStart"], week["share"]["periodEnd"]) == (
        "2026-04-20",
        "2026-04-26",
    )
    assert week["share"]["rows"]

    # The same copy again: nothing to do.
    assert main(["update", "--from", served, "--database-url", url]) == 0
    again = capsys.readouterr().out
    assert "models-dev: unchanged since the last run" in again
    assert "new weeks: 0" in again and "changed prices: 0" in again


def test_a_failed_download_or_a_corrupt_file_leaves_the_store_as_it_was(
    sqlite_store, mirror, tmp_path, capsys
):
    url = _url(sqlite_store)
    before = _census(sqlite_store)

    # Nothing listens on this port: the download fails.
    assert main(["update", "--from", "http://127.0.0.1:9/", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "rejected, nothing written" in err and "download failed" in err
    assert _census(sqlite_store) == before

    broken = tmp_path / "broken"
    shutil.copytree(mirror / "openrouter-weekly", broken / "openrouter-weekly")
    (broken / "openrouter-weekly" / f"{EXTRA_WEEK}.json").write_text('{"date": "2026-04-27", ')
    assert main(["update", "--from", str(broken), "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert f"{EXTRA_WEEK}.json" in err and "not valid JSON" in err
    assert _census(sqlite_store) == before

    assert main(["update", "nonsense", "--database-url", url]) == 2
    assert "unknown dataset" in capsys.readouterr().err


def test_a_kill_during_the_import_leaves_every_table_as_it_was(store, mirror, tmp_path):
    url = _url(store)
    before = _census(store)
    command = [sys.executable, "-m", "tokenatlas.api.cli", "update", "models.dev"]
    command += ["openrouter-weekly", "--from", str(mirror), "--database-url", url]
    log = tmp_path / "update.log"
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=os.environ)
        deadline = time.monotonic() + 120
        while "importing in one transaction" not in log.read_text():
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the import never began"
            time.sleep(0.05)
        time.sleep(1.0)  # well inside the import of models.dev
        assert proc.poll() is None, "the import ended before the kill"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    store.dispose()
    assert _census(store) == before

    # The store is not left locked or damaged: the same update then completes.
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    after = _census(store)
    assert after["usageobservation"] == before["usageobservation"] + 10
    assert after["price"] > before["price"]
