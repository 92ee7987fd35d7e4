"""Time the analytics root fields through the ASGI app, on a fresh SQLite
store seeded here and holding every weekly OpenRouter snapshot.

    python bench/bench_analytics.py [--data-dir ../shared/data/openrouter-weekly] [--runs 200]

Each query is sent over HTTP (Starlette's TestClient, in process) `runs`
times after a warm-up; the median and 95th percentile latency are printed.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlmodel import Session  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402
from tokenatlas.api.http.app import create_app  # noqa: E402
from tokenatlas.graph.sources.load import seed  # noqa: E402
from tokenatlas.graph.sources.openrouter import ingest_weekly  # noqa: E402
from tokenatlas.graph.store.db import make_engine  # noqa: E402

DEFAULT_WEEKLY = REPO.parent / "shared" / "data" / "openrouter-weekly"


def queries(first: str, last: str) -> dict[str, str]:
    return {
        "shareSeries, every week, by country": f"""{{
          shareSeries(from: "{first}", to: "{last}", groupBy: COUNTRY) {{
            periods {{ periodStart periodEnd totalTokens source {{ id title date }} }}
            series {{ key label unknown tokens
              points {{ periodStart tokens share rank change }} }}
          }} }}""",
        "priceRatio, Opus 4.6 / MiniMax M2.5 input": """{
          priceRatio(numerator: "Claude Opus 4.6", denominator: "MiniMax M2.5",
                     component: INPUT, at: "2026-05-25") {
            ratio inverse direction
            numerator { usdPerMillionTokens provider { slug } rule at source { id title } }
            denominator { usdPerMillionTokens provider { slug } rule at source { id title } }
          } }""",
        "benchmarkParity, SWE-Bench Verified": """{
          benchmarkParity(benchmark: "SWE-Bench Verified", at: "2026-05-25") {
            leader { model { slug } score }
            rows { model { slug name } score gap withinTolerance blendedUsdPerMillionTokens
              usdPerPoint onFrontier source { id locator } }
            frontier { model { slug } }
          } }""",
        "share, one week, by model (extra)": """{
          share(week: "2026-03-09", groupBy: MODEL) {
            totalTokens source { id } rows { key tokens share rank change claims { key } }
          } }""",
        "workloadCost, 2 models (extra)": """{
          workloadCost(models: ["Claude Opus 4.6", "DeepSeek V3.2"], inputTokens: 4000000,
                       outputTokens: 1000000, at: "2026-05-25") {
            rows { model { slug } usd ratioToCheapest provider { slug } }
          } }""",
    }


def time_query(client: TestClient, query: str, runs: int) -> list[float]:
    body = client.post("/graphql", json={"query": query}).json()  # warm-up, and a check
    if body.get("errors"):
        sys.exit(f"query failed: {json.dumps(body['errors'], indent=1)}")
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.post("/graphql", json={"query": query})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_WEEKLY,
        help="folder of weekly OpenRouter snapshots (*.json)",
    )
    parser.add_argument("--runs", type=int, default=200, help="timed requests per query")
    args = parser.parse_args()
    files = sorted(args.data_dir.glob("*.json"))
    if not files:
        sys.exit(f"no weekly snapshots under {args.data_dir}")

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        started = time.perf_counter()
        seed(engine)
        with Session(engine) as session:
            report = ingest_weekly(session, files)
            session.commit()
        print(
            f"store: seeds + {report.files} weekly files ({report.observations} observations) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        # A file collected on D covers D-7..D-1: this range holds every period.
        first = (date.fromisoformat(files[0].stem) - timedelta(days=7)).isoformat()
        last = files[-1].stem
        client = TestClient(create_app(engine))
        print(f"{'query':<42} {'median ms':>10} {'p95 ms':>8} {'runs':>5}")
        for name, query in queries(first, last).items():
            samples = sorted(time_query(client, query, args.runs))
            p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
            print(f"{name:<42} {statistics.median(samples):>10.2f} {p95:>8.2f} {len(samples):>5}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
