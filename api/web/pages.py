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


def graphiql_page(endpoint: str, default_query: str, tabs: list[dict[str, str]]) -> str:
    """The GraphiQL page: the vendored assets, then our starter script,
    which reads the endpoint, the first query and the tabs from JSON."""
    config = json.dumps({"endpoint": endpoint, "defaultQuery": default_query, "tabs": tabs})
    config = config.replace("</", "<\\/")  # never ends the script element early
    lines = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape('tokenatlas: GraphiQL')}</title>",
        '<link rel="icon" href="data:,">',
        *(_tag(p, "style") for p in STYLES),
        '<link rel="stylesheet" href="/static/graphiql.css">',
        "</head>",
        "<body>",
        '<div id="graphiql">Loading GraphiQL...</div>',
        f'<script type="application/json" id="tokenatlas-config">{config}</script>',
        *(_tag(p, "script") for p in SCRIPTS),
        '<script src="/static/graphiql.js"></script>',
        "</body>",
        "</html>",
    ]
    return "\n".join(lines)


def page_response(page: str) -> HTMLResponse:
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP})


class Static(StaticFiles):
    """The package's static files; the vendored ones (versioned paths) may
    be cached for a year, the rest revalidated."""

    def __init__(self) -> None:
        super().__init__(directory=STATIC)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        forever = "/vendor/" in path

        async def send_cached(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                value = "public, max-age=31536000, immutable" if forever else "no-cache"
                headers.append((b"cache-control", value.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_cached)
