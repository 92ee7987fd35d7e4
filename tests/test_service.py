"""A live server under many clients: nothing blocks, nothing leaks, every
request gets an answer. Runs `tokenatlas serve` (one worker, then two) on a
seeded SQLite file and on PostgreSQL, and drives it over loopback."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import httpx
import pytest

from tests.live import get, live_server

CLIENTS = 100
SECONDS = 10.0
QUERIES = [
    '{ model(slug: "MiniMax M2.5") { name vendor { name country } license { slug } '
    "prices { tokenKind usdPerMillionTokens provider { slug } source { title } } "
    "usage { tokens periodStart source { id } } "
    "benchmarkResults { score benchmark { name } source { title } } } }",
    '{ shareSeries(from: "2025-11-09", to: "2026-04-19", groupBy: COUNTRY) '
    "{ series { key points { tokens share } } } }",
    "{ models(first: 100) { edges { node { slug vendor { name } license { slug } } } } }",
]


async def _drive(base: str, clients: int, seconds: float) -> tuple[int, list[str]]:
    """`clients` clients asking the mix in turn for `seconds`: answers and failures."""
    failures: list[str] = []
    answered = 0
    stop = time.monotonic() + seconds

    async def one(http: httpx.AsyncClient, turn: int) -> None:
        nonlocal answered
        while time.monotonic() < stop:
            query = QUERIES[turn % len(QUERIES)]
            turn += 1
            try:
                response = await http.post(f"{base}/graphql", json={"query": query})
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    failures.append(f"{response.status_code} {str(body)[:200]}")
                else:
                    answered += 1
            except httpx.HTTPError as exc:
                failures.append(repr(exc))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await asyncio.gather(*(one(http, i) for i in range(clients)))
    return answered, failures


def test_a_hundred_clients_for_ten_seconds_then_one_answers_at_once(served_store):
    with live_server(served_store) as base:
        answered, failures = asyncio.run(_drive(base, CLIENTS, SECONDS))
        assert not failures, f"{len(failures)} failed, e.g. {failures[:3]}"
        assert answered > CLIENTS  # every client got answers, not one each
        started = time.monotonic()
        status, _ = get(
            f"{base}/graphql?query=%7B%20vendor(slug%3A%20%22moonshot%22)%20%7B%20name%20%7D%20%7D"
        )
        assert status == 200 and time.monotonic() - started < 1.0
        status, ready = get(f"{base}/readyz")
        assert status == 200 and '"checkedOut":0' in ready.replace(" ", "")


def test_a_client_that_hangs_up_leaves_no_connection_behind(served_store):
    heavy = json.dumps({"query": QUERIES[1]}).encode()
    with live_server(served_store) as base:
        host, port = base.removeprefix("http://").split(":")
        for _ in range(20):
            with socket.create_connection((host, int(port))) as conn:
                conn.sendall(
                    b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(heavy)}\r\n\r\n".encode()
                    + heavy
                )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            status, ready = get(f"{base}/readyz")
            if status == 200 and '"checkedOut":0' in ready.replace(" ", ""):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"connections still lent out: {ready}")
        answered, failures = asyncio.run(_drive(base, 5, 1.0))
        assert answered and not failures


def test_several_workers_share_one_store(served_store):
    with live_server(served_store, "--workers", "2") as base:
        answered, failures = asyncio.run(_drive(base, 20, 3.0))
        assert not failures and answered > 20
