"""What a table export costs in memory beyond the answer it is made from.

    python bench/bench_export.py [--rows 20000]

Builds an answer shaped like a share series (lines of weekly points, each
with its source) holding `--rows` points, then measures with tracemalloc
the peak memory above the answer of (a) the CSV export streamed line by
line, (b) the NDJSON export likewise, (c) the same answer serialised as one
JSON string, as /graphql does for application/json. Prints the figures and
the ratios to (c).
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable

from graphql import parse
from tokenatlas.api.http.export import CSV, NDJSON, columns_of, table
from tokenatlas.api.schema import schema

QUERY = """{ shareSeries(from: "2026-01-01", to: "2026-06-30", groupBy: MODEL) {
  groupBy series { key label points { periodStart tokens share source { id title } } } } }"""


def answer(rows: int, weeks: int = 25) -> dict:
    lines = []
    for i in range(rows // weeks):
        points = [
            {
                "periodStart": f"2026-{1 + w // 4:02d}-{1 + (w % 4) * 7:02d}",
                "tokens": str(1_000_000_000 + i * 7919 + w),
                "share": 0.0123 + w / 1000,
                "source": {"id": f"openrouter-weekly/week-{w}", "title": f"Weekly snapshot {w}"},
            }
            for w in range(weeks)
        ]
        lines.append({"key": f"vendor/model-{i}", "label": f"Model {i}", "points": points})
    return {"shareSeries": {"groupBy": "MODEL", "series": lines}}


def measure(work: Callable[[], int]) -> tuple[float, float, int]:
    """Peak MB above the start, seconds, and the bytes produced."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    t = time.perf_counter()
    size = work()
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    return peak / 1e6, seconds, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    data = answer(rows)
    # the columns /graphql reads from a query of that shape
    document = parse(QUERY)
    paths = columns_of(schema._schema, document, document.definitions[0])  # type: ignore[arg-type]

    def streamed(media: str) -> Callable[[], int]:
        return lambda: sum(len(line.encode()) for line in table(data, paths, media))

    def one_string() -> int:
        return len(json.dumps({"data": data}, separators=(",", ":")).encode())

    results = {
        "csv, streamed": measure(streamed(CSV)),
        "ndjson, streamed": measure(streamed(NDJSON)),
        "json, one string": measure(one_string),
    }
    base = results["json, one string"][0]
    print(f"{rows:,} rows; peak memory above the answer")
    print(f"{'export':<18} {'peak MB':>8} {'seconds':>8} {'MB out':>8} {'peak / json':>12}")
    for name, (peak, seconds, size) in results.items():
        print(f"{name:<18} {peak:8.2f} {seconds:8.2f} {size / 1e6:8.2f} {peak / base:12.2f}")


if __name__ == "__main__":
    main()
