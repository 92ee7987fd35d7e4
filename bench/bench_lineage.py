"""Lineage at Hugging Face scale: a synthetic store of N models shaped like
the Hub (few roots, heavy-tailed fan-out, quantizations mostly leaves, some
merges), the derivation with networkx timed and its peak memory measured,
then the lineage queries through the ASGI app, cold and warm.

    python bench/bench_lineage.py                     # 1,000,000 models
    python bench/bench_lineage.py --models 100000     # a quicker run

Targets (issue: lineage at scale): derivation under 10 s, peak under 1 GB,
each query under 20 ms.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, func, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.lineage.derive import derive
from tokenatlas.graph.store.db import make_engine
from tokenatlas.graph.store.schema import upgrade
from tokenatlas.graph.store.tables import LineageEdge, LineageSummary, Model, Source

SOURCE = "bench-synthetic"


def synthetic(n: int, seed: int = 7) -> tuple[list[int], list[tuple[int, int, str]]]:
    """Model ids 1..n and (parent, child, relation) edges: one family of
    about a fifth of the models, then families shrinking like Zipf's law;
    within a family a new model derives from an earlier one, early ones
    (the base, its first finetunes) far more often; quantizations are never
    derived from; one in twenty is a merge of two."""
    rng = random.Random(seed)
    edges: list[tuple[int, int, str]] = []
    next_id, rank = 1, 1
    while next_id <= n:
        size = min(n - next_id + 1, max(1, int(n * 0.2 / rank)))
        rank += 1
        root = next_id
        next_id += 1
        parents = [root]  # models others may derive from
        for child in range(next_id, root + size):
            r = rng.random()
            parent = parents[int(len(parents) * rng.random() ** 4)]
            if r < 0.35:
                edges.append((parent, child, "quantization"))
                continue
            if r < 0.40 and len(parents) > 1:
                other = parents[int(len(parents) * rng.random() ** 2)]
                edges.append((parent, child, "merge"))
                if other != parent:
                    edges.append((other, child, "merge"))
            else:
                edges.append((parent, child, "adapter" if r < 0.43 else "finetune"))
            parents.append(child)
        next_id = root + size
    return list(range(1, n + 1)), edges


def store(url: str, ids: list[int], edges: list[tuple[int, int, str]]) -> float:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with Session(engine) as s:
        s.add(Source(id=SOURCE, kind="dataset", title="synthetic Hub listing", tier=3))
        s.flush()
        for i in range(0, len(ids), 100_000):
            rows = [
                {
                    "id": m,
                    "slug": f"org{m % 997}/model-{m}",
                    "name": f"model-{m}",
                    "curated": False,
                    "known": True,
                    "source_id": SOURCE,
                }
                for m in ids[i : i + 100_000]
            ]
            s.execute(insert(Model), rows)
        for i in range(0, len(edges), 100_000):
            rows = [
                {"parent_id": p, "child_id": c, "relation": r, "source_id": SOURCE}
                for p, c, r in edges[i : i + 100_000]
            ]
            s.execute(insert(LineageEdge), rows)
        s.commit()
    engine.dispose()
    return time.perf_counter() - started


def timed(client: TestClient, query: str, variables: dict, runs: int) -> tuple[float, float]:
    """(first, median of the rest) in ms."""
    times = []
    for _ in range(runs + 1):
        t = time.perf_counter()
        body = client.post("/graphql", json={"query": query, "variables": variables}).json()
        times.append((time.perf_counter() - t) * 1000)
        assert not body.get("errors"), body
    return times[0], statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'lineage.sqlite'}"
        t = time.perf_counter()
        ids, edges = synthetic(args.models)
        print(
            f"generated {len(ids):,} models, {len(edges):,} edges in "
            f"{time.perf_counter() - t:.1f} s"
        )
        print(f"stored in {store(url, ids, edges):.1f} s")
        del ids, edges
        engine = make_engine(url)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        with Session(engine) as s:
            report = derive(s)
            s.commit()
        took = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(*report.lines())
        print(
            f"derivation: {took:.1f} s (target 10 s); peak RSS {peak:.0f} MB, "
            f"{before:.0f} MB before it (target 1,024 MB)"
        )
        with Session(engine) as s:
            top = s.exec(
                select(LineageSummary.model_id, LineageSummary.descendants)
                .order_by(LineageSummary.descendants.desc())
                .limit(1)
            ).one()
            deep = s.exec(
                select(LineageSummary.model_id, LineageSummary.generation)
                .order_by(LineageSummary.generation.desc())
                .limit(1)
            ).one()
            families = s.exec(
                select(func.count())
                .select_from(LineageSummary)
                .where(LineageSummary.is_root, LineageSummary.descendants > 0)
            ).one()
        print(
            f"largest family: {top[1]:,} descendants; deepest leaf: generation {deep[1]}; "
            f"{families:,} families"
        )
        big, leaf = f"org{top[0] % 997}/model-{top[0]}", f"org{deep[0] % 997}/model-{deep[0]}"
        queries = {
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
        }
        print(f"{'query':34} {'first ms':>9} {'median ms':>10}  (target 20 ms)")
        with TestClient(create_app(engine=engine)) as client:
            for name, (q, v) in queries.items():
                first, median = timed(client, q, v, args.runs)
                print(f"{name:34} {first:9.1f} {median:10.1f}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
