"""Load on a live server: tokenatlas against the bare HTTP stack.

    python bench/bench_load.py [--seconds 10] [--clients 1,10,50,200]
                               [--workers 1] [--data-dir ../shared/data]
                               [--postgres URL]

For SQLite and then PostgreSQL: seeds a fresh store with every dataset,
starts `tokenatlas serve` (with --workers processes; RSS is the parent's)
and a bare Starlette app answering the same bytes (bench/bare_app.py), and
drives each with 1, 10, 50 and 200 concurrent clients over loopback for a
bounded time each, asking in turn for a model page, shareSeries over every
week by country, and a page of 100 models with vendor and licence. Prints
req/s, p50, p99, errors and the server's RSS growth, with the ratio to the
bare app; then how fast two abusive queries (deep nesting, 500 aliases) are
refused. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_seed import seeded_stores  # noqa: E402

from tests.live import live_server  # noqa: E402

MIX = {
    "model page": '{ model(slug: "MiniMax M2.5") { name vendor { name country } '
    "license { slug } prices { tokenKind usdPerMillionTokens provider { slug } "
    "source { title } } usage { tokens periodStart source { id } } "
    "benchmarkResults { score benchmark { name } source { title } } } }",
    "shareSeries": '{ shareSeries(from: "2025-01-01", to: "2026-12-31", groupBy: COUNTRY) '
    "{ periods { periodStart totalTokens source { id } } "
    "series { key label points { tokens share } } } }",
    "100 models": "{ models(first: 100) { edges { node { slug name vendor { name country } "
    "license { slug spdx } } } } }",
}
NESTED = (
    "{ models(first: 100) { edges { node { vendor { models { vendor { models "
    "{ vendor { models { slug } } } } } } } } } }"
)
ALIASES = "{" + " ".join(f"a{i}: models(first: 100) {{ totalCount }}" for i in range(500)) + "}"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def drive(base: str, clients: int, seconds: float) -> dict:
    """`clients` clients asking the mix in turn for `seconds`."""
    return await drive_one(base, list(MIX.values()), clients, seconds)


async def drive_one(base: str, queries: str | list[str], clients: int, seconds: float) -> dict:
    """`clients` concurrent clients POSTing `queries` (one, or several in
    turn) for `seconds`: req/s, p50 and p99 in ms, and failed answers."""
    queries = [queries] if isinstance(queries, str) else queries
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def one(http: httpx.AsyncClient, turn: int) -> None:
        nonlocal errors
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                r = await http.post(f"{base}/graphql", json={"query": queries[turn % len(queries)]})
                if r.status_code != 200 or b'"errors"' in r.content:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.monotonic() - started)
            turn += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await asyncio.gather(*(one(http, i) for i in range(clients)))
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000 if latencies else 0,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0,
        "errors": errors,
    }


def answers(base: str) -> dict[str, str]:
    """What tokenatlas answers for each query of the mix, as bytes for the bare app."""
    out = {}
    for query in MIX.values():
        r = httpx.post(f"{base}/graphql", json={"query": query}, timeout=60)
        assert r.status_code == 200 and "errors" not in r.json(), r.text[:300]
        out[query] = r.text
    return out


def refusal_ms(base: str, query: str, runs: int = 20) -> float:
    """Median milliseconds, request to answer, for a query the limits refuse."""
    times = []
    with httpx.Client(timeout=60) as http:
        for _ in range(runs):
            started = time.perf_counter()
            r = http.post(f"{base}/graphql", json={"query": query})
            times.append((time.perf_counter() - started) * 1000)
            assert r.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED", r.text[:200]
    return statistics.median(times)


def bench_store(
    store: str, url: str, clients: list[int], seconds: float, workers: int = 1
) -> list[tuple]:
    rows = []
    with live_server(url, "--workers", str(workers)) as base, tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp) / "answers.json"
        bodies.write_text(json.dumps(answers(base)))
        bare_cmd = [sys.executable, str(REPO / "bench" / "bare_app.py"), str(bodies)]
        with live_server(url, command=bare_cmd) as bare:
            for n in clients:
                before = rss_kib(base.proc.pid)
                ours = asyncio.run(drive(base, n, seconds))
                grown = (rss_kib(base.proc.pid) - before) / 1024
                ceiling = asyncio.run(drive(bare, n, seconds))
                rows.append((store, n, ours, ceiling, grown))
                print(
                    f"  {store} {n:>3} clients: {ours['rps']:7.1f} req/s "
                    f"(bare {ceiling['rps']:7.1f}), errors {ours['errors']}",
                    flush=True,
                )
        nested, aliases = refusal_ms(base, NESTED), refusal_ms(base, ALIASES)
        print(
            f"  {store}: nested query refused in {nested:.1f} ms, 500 aliases in {aliases:.1f} ms"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", default="1,10,50,200")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]

    rows = seeded_stores(
        args.data_dir,
        args.postgres,
        lambda store, url: bench_store(store, url, clients, args.seconds),
    )

    print()
    print(
        "| store | clients | req/s | p50 ms | p99 ms | errors | RSS growth MiB "
        "| bare req/s | bare p50 ms | bare p99 ms | req/s ratio to bare |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for store, n, ours, bare, grown in rows:
        ratio = ours["rps"] / bare["rps"] if bare["rps"] else 0
        print(
            f"| {store} | {n} | {ours['rps']:.1f} | {ours['p50']:.0f} | {ours['p99']:.0f} "
            f"| {ours['errors']} | {grown:+.1f} | {bare['rps']:.1f} | {bare['p50']:.0f} "
            f"| {bare['p99']:.0f} | {ratio:.3f} |"
        )


if __name__ == "__main__":
    main()
