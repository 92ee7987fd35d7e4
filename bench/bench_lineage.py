"""Lineage at Hugging Face scale: a synthetic Hub listing of N models
(bench/hub_listing.py) ingested as `tokenatlas ingest hf-models` does,
the derivation with networkx timed again on its own with its peak memory,
then the lineage and licence queries through the ASGI app, cold and warm.
Each phase runs in its own process, so each peak is its own.

    python bench/bench_lineage.py                     # 1,000,000 models
    python bench/bench_lineage.py --models 100000     # a quicker run

Targets (issue: lineage at scale): derivation under 10 s, peak under 1 GB,
each query under 20 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_listing import hub_id, write  # noqa: E402
from sqlmodel import Session, func, select  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402
from tokenatlas.api.http.app import create_app  # noqa: E402
from tokenatlas.graph.lineage.derive import derive  # noqa: E402
from tokenatlas.graph.sources.hf_listing import read_listing  # noqa: E402
from tokenatlas.graph.sources.hf_models import ingest_listing  # noqa: E402
from tokenatlas.graph.store.db import make_engine, session_scope  # noqa: E402
from tokenatlas.graph.store.schema import upgrade  # noqa: E402
from tokenatlas.graph.store.tables import LineageSummary, Model  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_ingest(url: str, listing: Path) -> dict:
    engine = make_engine(url)
    upgrade(engine)
    t = time.perf_counter()
    read = read_listing(listing)
    parsed = time.perf_counter() - t
    with session_scope(engine) as s:
        report = ingest_listing(s, read, scope="bench")
    return {
        "read_s": parsed,
        "ingest_s": time.perf_counter() - t,
        "derive_in_ingest_s": report.lineage.seconds,
        "peak_mb": _peak_mb(),
        "lines": report.lines(),
    }


def phase_derive(url: str) -> dict:
    engine = make_engine(url)
    before = _peak_mb()
    t = time.perf_counter()
    with session_scope(engine) as s:
        report = derive(s)
    return {
        "derive_s": time.perf_counter() - t,
        "peak_mb": _peak_mb(),
        "before_mb": before,
        "lines": report.lines(),
    }


def _in_process(phase: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed(client: TestClient, query: str, variables: dict, runs: int) -> tuple[float, float]:
    """(first, median of the rest) in ms."""
    times = []
    for _ in range(runs + 1):
        t = time.perf_counter()
        body = client.post("/graphql", json={"query": query, "variables": variables}).json()
        times.append((time.perf_counter() - t) * 1000)
        assert not body.get("errors"), body
    return times[0], statistics.median(times[1:])


def _queries(engine) -> dict[str, tuple[str, dict]]:
    with Session(engine) as s:
        big = s.exec(
            select(Model.slug)
            .join(LineageSummary, LineageSummary.model_id == Model.id)
            .order_by(LineageSummary.descendants.desc())
            .limit(1)
        ).one()
        leaf, generation = s.exec(
            select(Model.slug, LineageSummary.generation)
            .join(LineageSummary, LineageSummary.model_id == Model.id)
            .order_by(LineageSummary.generation.desc())
            .limit(1)
        ).one()
        size = s.exec(
            select(func.max(LineageSummary.descendants)).where(LineageSummary.is_root)
        ).one()
    print(f"largest family: {big} with {size:,} descendants; deepest leaf: generation {generation}")
    return {
        "descendantCount": (
            "query($m: String!) { model(slug: $m) { descendantCount } }",
            {"m": big},
        ),
        "descendants(first: 100)": (
            "query($m: String!) { model(slug: $m) { descendants(first: 100) "
            "{ totalCount edges { node { slug } } } } }",
            {"m": big},
        ),
        "ancestors of the deepest leaf": (
            "query($m: String!) { model(slug: $m) { ancestors { slug } } }",
            {"m": leaf},
        ),
        "families(first: 100)": (
            "{ families(first: 100) { edges { node { descendants model { slug } } } } }",
            {},
        ),
        "licenseConflicts(family:, first: 100)": (
            "query($m: String!) { licenseConflicts(family: $m, first: 100) { totalCount "
            "edges { node { child { slug } kind childLicense { slug } parentLicense { slug } "
            "childLicenseSource { id locator } } } } }",
            {"m": big},
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--phase", choices=("ingest", "derive"), help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "ingest":
        print(json.dumps(phase_ingest(args.args[0], Path(args.args[1]))))
        return 0
    if args.phase == "derive":
        print(json.dumps(phase_derive(args.args[0])))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        listing, url = Path(tmp) / "hub.jsonl", f"sqlite:///{Path(tmp) / 'lineage.sqlite'}"
        t = time.perf_counter()
        n = write(listing, args.models)
        size = listing.stat().st_size / 1e6
        print(f"listing: {n:,} models, {size:.0f} MB, written in {time.perf_counter() - t:.1f} s")
        ingest = _in_process("ingest", url, str(listing))
        print(*ingest["lines"], sep="\n")
        print(
            f"ingest: {ingest['ingest_s']:.1f} s (reading {ingest['read_s']:.1f} s, "
            f"derivation {ingest['derive_in_ingest_s']:.1f} s of it); "
            f"peak RSS {ingest['peak_mb']:.0f} MB"
        )
        derived = _in_process("derive", url)
        print(
            f"derivation alone: {derived['derive_s']:.1f} s (target 10 s); peak RSS "
            f"{derived['peak_mb']:.0f} MB, {derived['before_mb']:.0f} MB before it "
            "(target 1,024 MB)"
        )
        engine = make_engine(url)
        print(f"{'query':40} {'first ms':>9} {'median ms':>10}  (target 20 ms)")
        with TestClient(create_app(engine=engine)) as client:
            for name, (q, v) in _queries(engine).items():
                first, median = timed(client, q, v, args.runs)
                print(f"{name:40} {first:9.1f} {median:10.1f}")
        assert hub_id(1)  # the listing's ids are the generator's
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
