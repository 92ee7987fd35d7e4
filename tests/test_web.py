"""What a browser gets: GraphiQL from the package with pinned, licensed
assets and a policy that keeps every request on the server's origin, the
named queries at /q, and GraphiQL in a real headless Chromium (every
request to 127.0.0.1, a default tab run, no console error)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.api.web.named import named_queries
from tokenatlas.api.web.pages import VENDOR, assets
from tokenatlas.graph.sources.load import seed_bundled
from tokenatlas.graph.store.db import make_engine

from tests.live import live_server

CHROMIUM = os.environ.get("TOKENATLAS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def client(full_store):
    with TestClient(create_app(engine=full_store[0])) as c:
        yield c


def test_graphiql_names_only_its_own_pinned_assets(client):
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith("/static/") or u.startswith("data:") for u in urls), urls
    for url, digest in re.findall(r'(?:src|href)="([^"]+)" integrity="([^"]+)"', page.text):
        served = client.get(url)
        assert served.status_code == 200 and "immutable" in served.headers["cache-control"]
        found = base64.b64encode(hashlib.sha384(served.content).digest()).decode()
        assert (
            digest == f"sha384-{found}" == assets()[url.removeprefix("/static/vendor/")]["sha384"]
        )
    for entry in assets().values():  # every vendored package carries its licence
        assert entry["licence"].startswith("MIT") and (VENDOR / entry["licence_file"]).is_file()


def test_every_named_query_runs_as_json_and_as_a_table(client):
    listed = client.get("/q").json()["queries"]
    assert {q["name"] for q in listed} == set(named_queries()) and len(listed) >= 6
    for q in listed:
        assert q["description"], q["name"]
        answer = client.get(q["urls"]["json"])
        assert answer.status_code == 200 and not answer.json().get("errors"), answer.text
        if "csv" not in q["urls"]:  # one object, no list: no table, and none offered
            refused = client.get(f"/q/{q['name']}.csv")
            assert refused.status_code == 400 and "holds no list" in refused.text
            continue
        table = client.get(q["urls"]["csv"])
        assert table.status_code == 200, (q["name"], table.text)
        rows = list(csv.DictReader(io.StringIO(table.text)))
        assert rows, q["name"]


def test_a_named_querys_variables_come_from_the_url(client):
    rows = list(
        csv.DictReader(io.StringIO(client.get("/q/share-by-country.csv?from=2026-04-01").text))
    )
    assert rows and min(r["periodStart"] for r in rows) >= "2026-03-30"
    assert {r["source.id"] for r in rows} <= {
        "openrouter-weekly/2026-04-06",
        "openrouter-weekly/2026-04-13",
        "openrouter-weekly/2026-04-20",
    }
    few = client.get("/q/qwen-derivatives.ndjson?first=3").text.splitlines()
    assert len(few) == 3
    for url, status, code in (
        ("/q/no-such-question", 404, "NOT_FOUND"),
        ("/q/share-by-country.xlsx", 404, "NOT_FOUND"),
        ("/q/share-by-country.csv?frm=2026-01-01", 400, "BAD_REQUEST"),
        ("/q/share-by-country.json?from=yesterday", 400, "INVALID_ARGUMENT"),
    ):
        answer = client.get(url)
        assert answer.status_code == status, (url, answer.text)
        assert answer.json()["errors"][0]["extensions"]["code"] == code


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory):
    """A live server on a store seeded from the bundled snapshots alone."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    seed_bundled(engine)
    engine.dispose()
    with live_server(f"sqlite:///{path}") as base:
        yield base


def _browser():
    """Playwright driving the system's Chromium, or a skip saying what is
    missing (TOKENATLAS_REQUIRE_BROWSER=1, as CI sets it, makes it a failure)."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "the playwright package is not installed (pip install -e '.[test]')"
    if missing is None and not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing = (
            f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TOKENATLAS_CHROMIUM)"
        )
    if missing:
        if os.environ.get("TOKENATLAS_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    return sync_playwright()


def test_graphiql_runs_in_a_browser_with_every_request_to_the_server(bundled_server):
    out = Path(os.environ.get("TOKENATLAS_SCREENSHOTS", tempfile.gettempdir()))
    with _browser() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        requests, problems = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{bundled_server}/graphql", wait_until="networkidle")
        page.locator(".graphiql-execute-button").click()
        result = page.locator(".result-window").get_by_text("MiniMax", exact=False).first
        result.wait_for(timeout=30_000)
        tabs = page.locator(".graphiql-tab").count()
        page.screenshot(path=str(out / "graphiql.png"))
        browser.close()
    hosts = {u.split("/")[2] for u in requests if u.startswith("http")}
    assert hosts == {bundled_server.split("/")[2]}, hosts
    assert not problems, problems
    assert tabs == 1 + len(named_queries())
    assert (out / "graphiql.png").stat().st_size > 10_000
