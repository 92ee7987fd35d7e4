"""Precision and recall of entity resolution on the labelled pairs
(tests/resolution_pairs.csv), and the node counts before and after the
resolution stage.

    python bench/bench_resolution.py                      # seeds a fresh SQLite store
    python bench/bench_resolution.py --data-dir ../shared/data
    python bench/bench_resolution.py --database-url sqlite:///store.sqlite   # an existing store
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session
from tokenatlas.graph.resolve.evaluation import read_pairs, score
from tokenatlas.graph.sources.load import seed, seed_bundled
from tokenatlas.graph.store.db import make_engine

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "resolution_pairs.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="score this store instead of seeding one")
    parser.add_argument("--data-dir", type=Path, help="seed from these datasets (default: bundle)")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        engine = make_engine(url)
        if not args.database_url:
            started = time.perf_counter()
            report = seed(engine, data_dir=args.data_dir) if args.data_dir else seed_bundled(engine)
            print(f"seeded in {time.perf_counter() - started:.1f} s")
            if report.resolution:
                print(*report.resolution.lines()[:2], sep="\n")
        with Session(engine) as session:
            result = score(session, read_pairs(args.pairs))
        engine.dispose()
    print(*result.lines(), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
