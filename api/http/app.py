"""The Starlette application: /graphql (POST, GET, GraphiQL in a browser),
/healthz and /readyz."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.context import Context
from api.schema import schema
from graph.sources.load import is_seeded
from graph.store.db import make_engine

# Shown in GraphiQL on first visit: a model, its vendor, prices and sources.
DEFAULT_QUERY = """# tokenatlas: the AI model market as a graph. Press the play button.
{
  model(slug: "MiniMax M2.5") {
    name
    vendor { name country }
    license { slug open }
    endpoints { id variant }
    prices(provider: "openrouter") {
      tokenKind
      usdPerMillionTokens
      source { title date }
    }
    usage(from: "2026-03-09", to: "2026-03-15") {
      periodStart periodEnd subjectLabel tokens
      source { id date }
    }
  }
}
"""


class TokenAtlasGraphQL(GraphQL):
    def __init__(self, engine: Engine, **kwargs):
        super().__init__(schema, **kwargs)
        self.engine = engine
        # The stock page shows its own example; ours starts on a real question.
        self.ide_page = self.graphql_ide_html.replace(
            "parameters.q || EXAMPLE_QUERY", f"parameters.q || {json.dumps(DEFAULT_QUERY)}"
        )

    async def render_graphql_ide(self, request) -> Response:
        return HTMLResponse(self.ide_page)

    async def get_context(self, request, response) -> Context:
        return Context(engine=self.engine, request=request)


def create_app(engine: Engine | None = None, database_url: str | None = None) -> Starlette:
    engine = engine or make_engine(database_url)
    graphql = TokenAtlasGraphQL(engine)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        try:
            with Session(engine) as session:
                session.exec(text("SELECT 1"))
                seeded = is_seeded(session)
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            return JSONResponse(
                {"status": "unavailable", "reason": str(exc).splitlines()[0]}, status_code=503
            )
        if not seeded:
            return JSONResponse(
                {"status": "unavailable", "reason": "store is not seeded"}, status_code=503
            )
        return JSONResponse({"status": "ready"})

    async def root(_: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(
        routes=[
            Route("/", root),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ]
    )
    app.state.engine = engine
    return app


__all__ = ["create_app"]
