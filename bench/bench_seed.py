"""Time `tokenatlas seed --data-dir` on a fresh SQLite store and a fresh
PostgreSQL database, with the peak memory of the process.

    python bench/bench_seed.py [--data-dir ../shared/data] [--postgres URL] [--runs 1]

Each run seeds a new, empty store in a child process; a second run on the
same store (nothing to do) is timed too. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_seed(url: str, data_dir: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one `tokenatlas seed` run."""
    cmd = [sys.executable, "-m", "tokenatlas.api.cli", "seed", "--database-url", url]
    cmd += ["--data-dir", str(data_dir)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"seed failed on {url}:\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def postgres_database(admin_url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from tokenatlas.graph.store.db import normalise_url

    admin = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"tokenatlas_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(normalise_url(admin_url)).set(database=name)
    url = url.render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return url, drop


def seeded_stores(data_dir: Path, postgres: str | None, run) -> list:
    """`run(store, url)` on a fresh SQLite store and then on a fresh
    PostgreSQL database (when `postgres` is given and reachable), each
    seeded with every dataset of `data_dir`; the rows the runs return."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        run_seed(url, data_dir)
        rows += run("sqlite", url)
    if not postgres:
        return rows
    try:
        url, drop = postgres_database(postgres)
    except Exception as exc:  # noqa: BLE001
        print(f"postgresql: skipped ({str(exc).splitlines()[0]})")
        return rows
    try:
        run_seed(url, data_dir)
        rows += run("postgresql", url)
    finally:
        drop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))

    rows = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite"
            first = run_seed(url, args.data_dir)
            again = run_seed(url, args.data_dir)
            rows.append(("sqlite", first, again))
        try:
            url, drop = postgres_database(args.postgres)
        except Exception as exc:  # noqa: BLE001
            print(f"postgresql: skipped ({str(exc).splitlines()[0]})")
            continue
        try:
            first = run_seed(url, args.data_dir)
            again = run_seed(url, args.data_dir)
            rows.append(("postgresql", first, again))
        finally:
            drop()

    print(f"{'store':<12}{'fresh seed s':>14}{'peak MiB':>10}{'re-run s':>10}{'peak MiB':>10}")
    for store, (t1, m1), (t2, m2) in rows:
        print(f"{store:<12}{t1:>14.1f}{m1:>10.0f}{t2:>10.1f}{m2:>10.0f}")
    by_store = {r[0]: r[1][0] for r in rows}
    if "sqlite" in by_store and "postgresql" in by_store:
        print(f"postgresql / sqlite time ratio: {by_store['postgresql'] / by_store['sqlite']:.2f}")


if __name__ == "__main__":
    main()
