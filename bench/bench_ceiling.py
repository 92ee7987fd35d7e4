"""How near the HTTP stack's own ceiling tokenatlas answers.

    python bench/bench_ceiling.py [--seconds 3] [--clients 1,50]
                                  [--data-dir ../shared/data] [--postgres URL]

For SQLite and then PostgreSQL: seeds a fresh store with every dataset and,
for each of five queries (a model page, 100 models with vendor, licence and
prices, benchmarkParity, priceRatio, a 26-week shareSeries by country),
drives three live servers over loopback with 1 and 50 concurrent clients:

  (a) bare:     a Starlette route answering the same bytes (bench/bare_app.py);
  (b) computed: tokenatlas with its answer cache off, so every request is
                parsed, run and encoded (what the first request for a data
                version costs, less the once-per-version indexes);
  (c) warm:     tokenatlas as it ships (answers kept per data version).

It prints requests/s, p50 and p99 for each, the ratios b/a and c/a, and per
query the SQL statements and in-process server time of one computed answer
(median of 30) and of the first answer after a write (every per-version
structure rebuilt). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_load import drive_one  # noqa: E402
from bench_seed import seeded_stores  # noqa: E402

from tests.live import live_server  # noqa: E402


def _named(name: str) -> str:
    return (REPO / "queries" / f"{name}.graphql").read_text()


QUERIES = {
    "model page": _named("model-page"),
    "100 models": "{ models(first: 100) { edges { node { slug name vendor { name country } "
    "license { slug spdx } prices { tokenKind usdPerMillionTokens provider { slug } } } } } }",
    "benchmarkParity": _named("swe-bench-parity"),
    "priceRatio": _named("price-ratio-17x"),
    "shareSeries 26w": '{ shareSeries(from: "2025-10-20", to: "2026-04-19", groupBy: COUNTRY) '
    "{ periods { periodStart totalTokens source { id } } "
    "series { key label points { tokens share } } } }",
}


@dataclass
class Computed:
    """One question answered in-process with the answer cache off."""

    first_ms: float  # the first answer after a write (per-version structures rebuilt)
    median_ms: float  # then, the median of `runs` answers
    statements: list[tuple[str, object]]  # SQL of one answer, with its parameters


def in_process(engine, bodies: dict[str, dict], runs: int = 30) -> dict[str, Computed]:
    """Each request body (query and variables) answered by the app itself,
    no network: after a write, once more with its SQL recorded, then `runs`
    times (the store's version read is not counted)."""
    from sqlalchemy import event
    from starlette.testclient import TestClient
    from tokenatlas.api.http.app import create_app
    from tokenatlas.api.http.settings import Settings
    from tokenatlas.graph.store import version

    client = TestClient(create_app(engine, settings=Settings(answer_cache_entries=0)))
    out = {}
    for name, body in bodies.items():
        with engine.begin() as conn:
            version.bump(conn)  # a write: every per-version structure goes
        started = time.perf_counter()
        first = client.post("/graphql", json=body)
        first_ms = (time.perf_counter() - started) * 1000
        assert first.status_code == 200 and "errors" not in first.json(), first.text[:300]
        statements: list[tuple[str, object]] = []

        def keep(_conn, _cursor, statement, parameters, *_rest, into=statements) -> None:
            if "data_version" not in statement:
                into.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", keep)
        client.post("/graphql", json=body)
        event.remove(engine, "before_cursor_execute", keep)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.post("/graphql", json=body)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = Computed(first_ms, statistics.median(times), statements)
    return out


def bench_store(store: str, url: str, clients: list[int], seconds: float) -> list[str]:
    from tokenatlas.graph.store.db import make_engine

    rows = []
    engine = make_engine(url)
    figures = in_process(engine, {name: {"query": query} for name, query in QUERIES.items()})
    engine.dispose()
    with (
        live_server(url) as warm,
        live_server(url, "--answer-cache-entries", "0") as computed,
        tempfile.TemporaryDirectory() as tmp,
    ):
        bodies = {}
        for query in QUERIES.values():
            answer = httpx.post(f"{warm}/graphql", json={"query": query}, timeout=60)
            assert answer.status_code == 200 and "errors" not in answer.json()
            bodies[query] = answer.text
        path = Path(tmp) / "answers.json"
        path.write_text(json.dumps(bodies))
        bare_cmd = [sys.executable, str(REPO / "bench" / "bare_app.py"), str(path)]
        with live_server(url, command=bare_cmd) as bare:
            for name, query in QUERIES.items():
                found = figures[name]
                sql, computed_ms, first_ms = len(found.statements), found.median_ms, found.first_ms
                for n in clients:
                    a = asyncio.run(drive_one(bare, query, n, seconds))
                    b = asyncio.run(drive_one(computed, query, n, seconds))
                    c = asyncio.run(drive_one(warm, query, n, seconds))
                    row = (
                        f"| {store} | {name} | {n} | {a['rps']:.0f} | {a['p50']:.1f} "
                        f"| {a['p99']:.1f} | {b['rps']:.0f} | {b['p50']:.1f} | {b['p99']:.1f} "
                        f"| {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} "
                        f"| {b['rps'] / a['rps']:.2f} | {c['rps'] / a['rps']:.2f} "
                        f"| {sql} | {computed_ms:.1f} | {first_ms:.1f} "
                        f"| {b['errors'] + c['errors']} |"
                    )
                    print(row, flush=True)
                    rows.append(row)
    return rows


HEADER = (
    "| store | query | clients | bare req/s | bare p50 | bare p99 | computed req/s "
    "| computed p50 | computed p99 | warm req/s | warm p50 | warm p99 | computed/bare "
    "| warm/bare | SQL | computed server ms | first after a write ms | errors |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
    "| ---: | ---: | ---: | ---: | ---: | ---: |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", default="1,50")
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    print(HEADER, flush=True)
    rows = seeded_stores(
        args.data_dir,
        args.postgres,
        lambda store, url: bench_store(store, url, clients, args.seconds),
    )
    print()
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
