"""What a browser gets: GraphiQL from the package with pinned, licensed
assets and a policy that keeps every request on the server's origin, the
named queries at /q, and GraphiQL in a real headless Chromium (every
request to 127.0.0.1, a default tab run, no console error)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
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

from tests.conftest import refused

CHROMIUM = os.environ.get("TOKENATLAS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def client(full_store):
    with TestClient(create_app(engine=full_store[0])) as c:
        yield c


@pytest.mark.parametrize("path", ["/graphql", "/"])
def test_graphiql_and_the_charts_name_only_their_own_pinned_assets(client, path):
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    other_origin = [u for u in urls if u.startswith("//") or re.match(r"^[a-z]+://", u)]
    assert urls and not other_origin, other_origin
    for url, digest in re.findall(r'(?:src|href)="([^"]+)" integrity="([^"]+)"', page.text):
        served = client.get(url)
        assert served.status_code == 200 and "immutable" in served.headers["cache-control"]
        found = base64.b64encode(hashlib.sha384(served.content).digest()).decode()
        assert (
            digest == f"sha384-{found}" == assets()[url.removeprefix("/static/vendor/")]["sha384"]
        )
    for entry in assets().values():  # every vendored package carries its licence
        assert entry["licence"].startswith(("MIT", "ISC"))
        assert (VENDOR / entry["licence_file"]).is_file()


def test_every_named_query_runs_as_json_and_as_a_table(client):
    listed = client.get("/q").json()["queries"]
    assert {q["name"] for q in listed} == set(named_queries()) and len(listed) >= 6
    for q in listed:
        assert q["description"], q["name"]
        answer = client.get(q["urls"]["json"])
        assert answer.status_code == 200 and not answer.json().get("errors"), answer.text
        if "csv" not in q["urls"]:  # no list, or two side by side: no table, none offered
            refused = client.get(f"/q/{q['name']}.csv")
            assert refused.status_code == 400
            assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
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
        refused(client, url, status, code)


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


@pytest.fixture
def browser(bundled_server):
    """A headless Chromium page, with every request it makes and every
    console error it logs; after the test, every request must have gone to
    the server and no error been logged."""
    with _browser() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = chromium.new_page(viewport={"width": 1100, "height": 900})
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        yield page
        chromium.close()
    hosts = {u.split("/")[2] for u in requests if u.startswith("http")}
    assert hosts == {bundled_server.split("/")[2]}, hosts
    assert not problems, problems


def _shots() -> Path:
    out = Path(os.environ.get("TOKENATLAS_SCREENSHOTS", tempfile.gettempdir()))
    out.mkdir(parents=True, exist_ok=True)
    return out


def test_graphiql_runs_in_a_browser_with_every_request_to_the_server(bundled_server, browser):
    browser.goto(f"{bundled_server}/graphql", wait_until="networkidle")
    browser.locator(".graphiql-execute-button").click()
    result = browser.locator(".result-window").get_by_text("MiniMax", exact=False).first
    result.wait_for(timeout=30_000)
    assert browser.locator(".graphiql-tab").count() == 1 + len(named_queries())
    browser.screenshot(path=str(_shots() / "graphiql.png"))
    assert (_shots() / "graphiql.png").stat().st_size > 10_000


def test_the_charts_page_draws_every_chart_with_its_table_sources_and_query(
    bundled_server, browser
):
    """Each chart is an SVG with marks, the same figures as a table, the
    sources it draws on and a link that opens its query in GraphiQL."""
    browser.goto(f"{bundled_server}/", wait_until="networkidle")
    figures = browser.locator("figure[data-chart]")
    assert figures.count() == 5
    for figure in figures.all():
        name = figure.get_attribute("data-chart")
        figure.locator(".detail table").wait_for(state="attached", timeout=30_000)
        marks = figure.locator(".plot svg").locator("circle, path, rect, line").count()
        assert marks > 3, name
        assert figure.locator("table tbody tr").count() > 0, name
        assert figure.locator(".sources li").count() > 0, name
        figure.screenshot(path=str(_shots() / f"chart-{name}.png"))
    # another model, asked for in the form
    browser.fill("#model-name", "DeepSeek V3.2")
    browser.click("#model-form button")
    model = browser.locator('figure[data-chart="model-page"] h2')
    model.get_by_text("DeepSeek V3.2", exact=False).wait_for(timeout=30_000)
    # the price chart by input price on another day
    browser.select_option("#parity-price", "1")
    browser.fill("#parity-at", "2026-07-05")
    browser.click("#parity-form button")
    parity = browser.locator('figure[data-chart="swe-bench-parity"] .plot svg')
    parity.get_by_text("input price on 2026-07-05", exact=False).first.wait_for(timeout=30_000)
    # a chart's query opens in GraphiQL, ready to run
    link = browser.locator('figure[data-chart="share-by-country"] a', has_text="GraphiQL")
    link.click()
    browser.locator(".graphiql-query-editor").get_by_text("shareSeries").first.wait_for(
        timeout=30_000
    )


def test_the_cookbook_is_what_the_named_queries_answer(full_store):
    """docs/cookbook.md is `tokenatlas cookbook` on the bundled data: twenty
    questions or more, each with its query, its links and an answer."""
    from tokenatlas.api.web import cookbook

    text = cookbook.render(full_store[0])
    committed = (Path(__file__).resolve().parents[1] / "docs" / "cookbook.md").read_text()
    assert committed == text, "docs/cookbook.md is stale: tokenatlas cookbook > docs/cookbook.md"
    sections = text.split("\n## ")[1:]
    assert len(sections) == len(named_queries()) >= 20
    for section in sections:
        question, _, rest = section.partition("\n")
        assert question.endswith("?") and "```graphql" in rest, question
        answer = rest.split("The answer from the bundled data:", 1)[1]
        assert "| --- |" in answer or "```json" in answer, question


def test_list_variables_repeat_and_only_pinned_files_are_cached_for_long(client):
    two = client.get("/q/research-agent-cost.ndjson?models=kimi-k2.6&models=glm-5").text
    assert {json.loads(line)["model.slug"] for line in two.splitlines()} == {"kimi-k2.6", "glm-5"}
    twice = client.get("/q/share-by-country.csv?from=2026-01-01&from=2026-02-01")
    assert twice.status_code == 400 and "takes one value" in twice.text
    pinned = client.get("/static/vendor/graphiql-3.8.3/graphiql.min.js")
    assert "immutable" in pinned.headers["cache-control"]
    for url in ("/static/vendor/%2e%2e/charts.js", "/static/vendor/assets.json"):
        assert client.get(url).headers["cache-control"] == "no-cache", url
