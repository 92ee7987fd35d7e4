"""The Starlette application: /graphql (POST, GET, GraphiQL in a browser,
served from the package with no request leaving the origin), the named
queries at /q, /static, /healthz and /readyz, with CORS for the origins the
settings allow."""

from __future__ import annotations

import threading

import anyio.to_thread
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from tokenatlas.api.errors import Code
from tokenatlas.api.http.answers import Answers
from tokenatlas.api.http.execution import Executor
from tokenatlas.api.http.graphql import GraphQLEndpoint
from tokenatlas.api.http.settings import Settings
from tokenatlas.api.schema import schema
from tokenatlas.api.web.named import named_queries
from tokenatlas.api.web.named import routes as named_routes
from tokenatlas.api.web.pages import Static, charts_page, graphiql_page, page_response
from tokenatlas.graph.sources.load import is_seeded
from tokenatlas.graph.store import version
from tokenatlas.graph.store.db import make_engine

# Shown in GraphiQL for a new tab: a model, its vendor, prices and sources.
DEFAULT_QUERY = """# tokenatlas: the AI model market as a graph. Press the play button.
# The other tabs are the named queries (listed at /q), the articles' questions.
query AModel {
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


def ide_page() -> str:
    """GraphiQL, opening on our default query with a tab per named query."""
    tabs = [{"query": DEFAULT_QUERY}] + [{"query": q.text} for q in named_queries().values()]
    return graphiql_page("/graphql", DEFAULT_QUERY, tabs)


class FirstSeed:
    """A first seed running beside the server (`tokenatlas serve` on an
    empty store): the server listens at once, and /graphql and /readyz
    answer 503 with the reason until the seed has committed."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: str | None = None

    def unavailable(self) -> str | None:
        if self.error is not None:
            return f"seeding the store failed: {self.error}"
        if not self.done.is_set():
            return (
                "the store is being seeded from the bundled snapshots; try again in a few seconds"
            )
        return None


def _readiness(engine: Engine) -> tuple[bool, str | None, dict | None]:
    """Ready or not, why not, and the state of the data answers come from."""
    try:
        with Session(engine) as session:
            session.exec(text("SELECT 1"))
            if not is_seeded(session):
                return False, "store is not seeded", None
            state = version.current(session)
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return False, str(exc).splitlines()[0], None
    return True, None, {"store": state.store, "version": state.version}


async def _no_route(request: Request, exc: HTTPException) -> Response:
    """A path or method the app does not serve, as a coded JSON error like
    every other refusal (not Starlette's plain text)."""
    if exc.status_code == 405:
        code, message = Code.METHOD_NOT_ALLOWED, f"{request.method} is not served at this path."
    elif exc.status_code == 404:
        code, message = Code.NOT_FOUND, f"Nothing is served at {request.url.path}; see / and /q."
    else:
        code, message = Code.BAD_REQUEST, str(exc.detail)
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


def _pool_state(engine: Engine) -> dict[str, int]:
    """Connections of this process's pool: kept, and lent out right now."""
    pool = engine.pool
    size = pool.size() if hasattr(pool, "size") else 0
    out = pool.checkedout() if hasattr(pool, "checkedout") else 0
    return {"size": size, "checkedOut": out}


def create_app(
    engine: Engine | None = None,
    database_url: str | None = None,
    settings: Settings | None = None,
    first_seed: FirstSeed | None = None,
) -> Starlette:
    settings = settings or Settings.from_env()
    unavailable = first_seed.unavailable if first_seed is not None else lambda: None
    engine = engine or make_engine(
        database_url, pool_size=settings.pool_size, pool_timeout=settings.pool_timeout_s
    )
    executor = Executor(schema, engine, threads=settings.pool_size)
    page = ide_page()
    answers = Answers(settings.answer_cache_entries)
    graphql = GraphQLEndpoint(
        schema,
        executor,
        settings.limits,
        lambda: page_response(page),
        unavailable,
        answers=answers,
        max_age=settings.cache_max_age_s,
    )
    named_list, named_one, export = named_routes(graphql)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        pool = _pool_state(engine)  # before the check takes a connection itself
        if (reason := unavailable()) is not None:
            return JSONResponse({"status": "seeding", "reason": reason, "pool": pool}, 503)
        # Not on the operations' threads: readiness answers even when they are all busy.
        ready, reason, data = await anyio.to_thread.run_sync(_readiness, engine)
        if not ready:
            body = {"status": "unavailable", "reason": reason, "pool": pool}
            return JSONResponse(body, status_code=503)
        body = {"status": "ready", "pool": pool, "data": data, "answers": answers.stats()}
        return JSONResponse(body)

    charts = charts_page(
        {n: (q.text, q.description, q.tabular) for n, q in named_queries().items()}
    )

    async def root(_: Request) -> Response:
        return page_response(charts)

    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/", root),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/q", named_list),
            Route("/q/{name}", named_one),
            Route("/export.{format}", export),
            Mount("/static", Static(), name="static"),
        ],
        middleware=middleware,
        exception_handlers={HTTPException: _no_route},
    )
    app.state.engine = engine
    app.state.executor = executor
    app.state.settings = settings
    app.state.answers = answers
    return app


def app_from_environment() -> Starlette:
    """The app as `tokenatlas serve` runs it in each worker process: the store
    from DATABASE_URL, the settings from TOKENATLAS_* variables."""
    return create_app(settings=Settings.from_env())


__all__ = ["FirstSeed", "app_from_environment", "create_app"]
