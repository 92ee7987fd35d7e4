"""A long fuzz run against a live server: thousands of generated queries,
valid and invalid, over HTTP.

    python bench/fuzz.py [--cases 5000] [--database-url URL] [--data-dir ../shared/data]

Without --database-url it seeds a fresh SQLite store with every dataset.
Counts answers by status and the problems tests/fuzzing.py looks for: server
errors, errors without a code, internal errors, hangs (no answer in 15 s).
Exits 1 when it finds any. The test suite runs a bounded version of this
(tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_seed import run_seed  # noqa: E402

from tests.fuzzing import problems, requests  # noqa: E402
from tests.live import live_server  # noqa: E402


def fuzz(base: str, cases: int) -> tuple[collections.Counter, list[str]]:
    statuses: collections.Counter = collections.Counter()
    found: list[str] = []
    run = settings(max_examples=cases // 2, deadline=None, suppress_health_check=list(HealthCheck))
    with httpx.Client(timeout=15) as http:
        for mode in (Mode.POSITIVE, Mode.NEGATIVE):

            @run
            @given(query=requests(mode))
            def one(query: str) -> None:
                try:
                    r = http.post(
                        f"{base}/graphql",
                        json={"query": query},
                        headers={"Accept": "application/graphql-response+json"},
                    )
                except httpx.TimeoutException:
                    statuses["hang"] += 1
                    found.append(f"no answer in 15 s: {query[:300]}")
                    return
                statuses[r.status_code] += 1
                found.extend(f"{p}: {query[:300]}" for p in problems(r.status_code, r.json()))

            one()
    return statuses, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if url is None:
            url = f"sqlite:///{tmp}/fuzz.sqlite"
            run_seed(url, args.data_dir)
        with live_server(url) as base:
            statuses, found = fuzz(base, args.cases)
    total = sum(statuses.values())
    print(f"cases: {total}; by status: {dict(sorted(statuses.items(), key=str))}")
    print(f"problems (5xx, hangs, errors without a code, internal errors): {len(found)}")
    for line in found[:20]:
        print("  " + line)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
