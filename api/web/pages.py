"""GraphiQL from the package: the page, its vendored assets and the
content security policy that keeps every request on the server's origin.

The assets are pinned npm releases (static/vendor/assets.json lists each
file with its package, version, licence, origin and sha384, the same
digests the releases publish); the page names them with those digests as
subresource integrity, so a changed file is refused by the browser.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"

# Scripts and styles from this origin only; GraphiQL sets inline styles and
# its fonts and icons are data: URLs; the page's config is JSON, not script.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)
SCRIPTS = (
    "react-18.2.0/react.production.min.js",
    "react-dom-18.2.0/react-dom.production.min.js",
    "graphiql-3.8.3/graphiql.min.js",
    "graphiql-plugin-explorer-1.0.2/index.umd.js",
)
STYLES = ("graphiql-3.8.3/graphiql.min.css", "graphiql-plugin-explorer-1.0.2/style.css")
CHART_SCRIPTS = ("d3-7.9.2/d3.min.js", "plot-0.6.17/plot.umd.min.js")
# The charts, in page order: each draws one named query (queries/).
CHARTS = (
    ("share-by-country", "Tokens by country, per week"),
    ("share-by-vendor", "Tokens by vendor, per week"),
    ("swe-bench-parity", "Price against score on SWE-Bench Verified"),
    ("model-page", "A model"),
    ("largest-families", "The largest model families"),
)


@cache
def assets() -> dict[str, dict]:
    """Each vendored file's entry (bytes, sha384) by its path under vendor/,
    with its package's name, version, licence and origin."""
    out = {}
    for package in json.loads((VENDOR / "assets.json").read_text()):
        for f in package["files"]:
            out[f["path"]] = {**f, **{k: v for k, v in package.items() if k != "files"}}
    return out


def _tag(path: str, kind: str) -> str:
    digest = assets()[path]["sha384"]
    url = f"/static/vendor/{path}"
    if kind == "script":
        return f'<script src="{url}" integrity="{digest}"></script>'
    return f'<link rel="stylesheet" href="{url}" integrity="{digest}">'


def _local(name: str) -> str:
    """A tag for one of our own static files (not vendored: no pinned digest)."""
    if name.endswith(".js"):
        return f'<script src="/static/{name}"></script>'
    return f'<link rel="stylesheet" href="/static/{name}">'


def _document(
    title: str, styles: list[str], body: list[str], config: dict, scripts: list[str]
) -> str:
    """A page: its styles, its body, its config as JSON (never script: the
    policy runs only files of this origin), then its scripts."""
    data = json.dumps(config).replace("</", "<\\/")  # never ends the element early
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(title)}</title>",
            '<link rel="icon" href="data:,">',
            *styles,
            "</head>",
            "<body>",
            *body,
            f'<script type="application/json" id="tokenatlas-config">{data}</script>',
            *scripts,
            "</body>",
            "</html>",
        ]
    )


def graphiql_page(endpoint: str, default_query: str, tabs: list[dict[str, str]]) -> str:
    """The GraphiQL page: the vendored assets, then our starter script,
    which reads the endpoint, the first query and the tabs from JSON."""
    return _document(
        "tokenatlas: GraphiQL",
        [
            *(_tag(p, "style") for p in STYLES),
            '<link rel="stylesheet" href="/static/graphiql.css">',
        ],
        ['<div id="graphiql">Loading GraphiQL...</div>'],
        {"endpoint": endpoint, "defaultQuery": default_query, "tabs": tabs},
        [*(_tag(p, "script") for p in SCRIPTS), _local("graphiql.js")],
    )


# The charts a reader can ask another question of.
FORMS = {
    "model-page": (
        '<form id="model-form"><label>Model <input id="model-name" '
        'value="Claude Opus 4.6"></label> <button>Show</button></form>'
    ),
    "swe-bench-parity": (
        '<form id="parity-form"><label>Price <select id="parity-price">'
        '<option value="0.75">blended (3 input : 1 output)</option>'
        '<option value="1">input</option><option value="0">output</option></select></label> '
        '<label>on <input id="parity-at" type="date" value="2026-07-10"></label> '
        "<button>Show</button></form>"
    ),
}


def charts_page(queries: dict[str, tuple[str, str, bool]]) -> str:
    """The charts page: a figure per chart, filled by /static/charts.js with
    what the public API answers; `queries` holds each chart's named query
    (its text, its description, whether it exports as a table)."""
    figures = []
    for name, title in CHARTS:
        form = FORMS.get(name, "")
        figures.append(
            f'<figure data-chart="{name}"><h2>{html.escape(title)}</h2>'
            f'<p class="desc">{html.escape(queries[name][1])}</p>{form}'
            '<div class="plot">Loading...</div><div class="detail"></div></figure>'
        )
    header = (
        "<header><h1>tokenatlas</h1><p>The AI model market from the data this server holds: "
        "every chart is a GraphQL query, with its figures, its sources and the query itself."
        '</p><nav><a href="/graphql">GraphiQL</a><a href="/q">Named queries</a></nav></header>'
    )
    return _document(
        "tokenatlas: the AI model market in charts",
        [_local("charts.css")],
        [header, *figures],
        {"queries": {n: {"text": t, "tabular": tab} for n, (t, _, tab) in queries.items()}},
        [*(_tag(p, "script") for p in CHART_SCRIPTS), _local("charts.js")],
    )


def page_response(page: str) -> HTMLResponse:
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP})


class Static(StaticFiles):
    """The package's static files; the vendored ones (versioned paths) may
    be cached for a year, the rest revalidated."""

    def __init__(self) -> None:
        super().__init__(directory=STATIC)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path, mount = scope.get("path", ""), scope.get("root_path", "")
        below = path[len(mount) :] if path.startswith(mount) else path  # the path under /static
        forever = below.removeprefix("/vendor/") in assets()  # a file the manifest pins

        async def send_cached(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                value = "public, max-age=31536000, immutable" if forever else "no-cache"
                headers.append((b"cache-control", value.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_cached)
