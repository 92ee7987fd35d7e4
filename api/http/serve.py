"""`tokenatlas serve`: uvicorn over the app, on a store that is seeded
first when it is empty. With one worker the server listens at once and the
first seed runs beside it (`FirstSeed`: 503 UNAVAILABLE until it commits);
with several, the store is seeded before the workers start, since each
builds its app from the environment."""

from __future__ import annotations

import os
import sys
import threading

import uvicorn
from tokenatlas.api.http.app import FirstSeed, create_app
from tokenatlas.api.http.settings import Settings
from tokenatlas.graph.sources.load import ProgressFactory, ensure_seeded, is_seeded, seeds_note
from tokenatlas.graph.store.db import make_engine, session_scope
from tokenatlas.graph.store.schema import upgrade


def serve(
    database_url: str | None,
    settings: Settings,
    *,
    host: str,
    port: int,
    workers: int,
    progress: ProgressFactory | None = None,
) -> int:
    """Run the server until it is stopped; the exit status."""
    engine = make_engine(database_url)
    url = engine.url.render_as_string(hide_password=False)
    print(f"store: {engine.url.render_as_string(hide_password=True)}", flush=True)
    upgrade(engine)
    with session_scope(engine) as session:
        seeded = is_seeded(session)
    note = seeds_note(engine) if seeded else None
    if note:
        print(note, flush=True)
    engine.dispose()
    if workers > 1 and url.startswith("sqlite"):
        print("note: several workers share one SQLite file: reads scale, writes wait", flush=True)
    # Every worker process builds its app from the environment.
    os.environ["DATABASE_URL"] = url
    os.environ.update(settings.to_env())
    print(f"GraphiQL: http://{host}:{port}/graphql", flush=True)
    run = {"host": host, "port": port, "log_level": "info"}
    if seeded or workers > 1:
        if not seeded:  # every worker must find the store seeded
            _say_seeded(ensure_seeded(make_engine(url), progress=progress))
        uvicorn.run(
            "tokenatlas.api.http.app:app_from_environment", factory=True, workers=workers, **run
        )
        return 0
    return _serve_while_seeding(url, settings, run, progress)


def _say_seeded(report) -> None:
    if report is not None:
        print("empty store: seeded it", flush=True)
        for line in report.lines():
            print(f"  {line}", flush=True)


def _serve_while_seeding(
    url: str, settings: Settings, run: dict, progress: ProgressFactory | None
) -> int:
    """One server process that listens at once and seeds the empty store
    beside it: requests get 503 UNAVAILABLE with the reason until the seed
    commits. A failed seed stops the server with the reason (exit 2)."""
    first = FirstSeed()
    server = uvicorn.Server(
        uvicorn.Config(create_app(database_url=url, settings=settings, first_seed=first), **run)
    )

    def seed() -> None:
        engine = make_engine(url)
        try:
            _say_seeded(ensure_seeded(engine, progress=progress))
        except Exception as exc:  # noqa: BLE001 - said, then the server stops
            first.error = str(exc).splitlines()[0]
            print(f"tokenatlas serve: seeding failed, stopping: {exc}", file=sys.stderr, flush=True)
            server.should_exit = True
        finally:
            engine.dispose()
            first.done.set()

    print("empty store: seeding it from the bundled snapshots; /readyz says when", flush=True)
    threading.Thread(target=seed, name="first-seed", daemon=True).start()
    server.run()
    return 2 if first.error else 0
