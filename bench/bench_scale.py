"""Does a query's cost stay flat as the store grows?

    python bench/bench_scale.py [--factors 1,10,100] [--data-dir ../shared/data]
                                [--postgres URL --postgres-factors 1,10]

Seeds a store with every dataset (today's rows), then grows it in place,
inside the database, to each factor of today's rows, shaped like the data:

- vendors, providers and models (with their aliases and endpoints) are
  copied under new names, each copy's prices and benchmark results with it
  (a copy scores 30 points lower, so today's leaders stay the leaders);
- usage grows in weeks: each copy of the weekly observations lies further
  in the past, as a longer history would.

At each size it answers the five queries of bench_ceiling.py in-process
(models named by slug) with the answer cache off (each answer computed;
what is kept per data version built once first), the median of 15, and
prints the times, their ratio to today's, the SQL statements, and the
query plan of any statement that scans a table (SQLite: EXPLAIN QUERY
PLAN; PostgreSQL: EXPLAIN); and how long the resolver index that display
names go through takes to build. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_ceiling import QUERIES, in_process  # noqa: E402

# Models named by slug, as a page links them (a slug is one indexed lookup);
# a display name goes through the resolver index, built once per data
# version and timed on its own below.
BY_SLUG = {
    "model page": {"model": "claude-opus-4.6"},
    "priceRatio": {"numerator": "claude-opus-4.6", "denominator": "minimax-m2.5"},
}
from bench_seed import seeded_stores  # noqa: E402

# table: the columns a copy changes, as SQL over the original row ({k} the
# copy's number, {X} the highest id of table X before growing).
COPIES: dict[str, dict[str, str]] = {
    "vendor": {"id": "id + {k} * {vendor}", "slug": "slug || '~{k}'"},
    "provider": {
        "id": "id + {k} * {provider}",
        "slug": "slug || '~{k}'",
        "vendor_id": "vendor_id + {k} * {vendor}",
    },
    "model": {
        "id": "id + {k} * {model}",
        "slug": "slug || '~{k}'",
        "name": "name || ' ~{k}'",
        "vendor_id": "vendor_id + {k} * {vendor}",
        "family": "family || '~{k}'",
    },
    "modelalias": {
        "id": "id + {k} * {modelalias}",
        "model_id": "model_id + {k} * {model}",
        "alias": "alias || ' ~{k}'",
        "key": "key || '~{k}'",
    },
    "endpoint": {
        "id": "id + {k} * {endpoint}",
        "model_id": "model_id + {k} * {model}",
        "external_id": "external_id || '~{k}'",
    },
    "price": {
        "id": "id + {k} * {price}",
        "model_id": "model_id + {k} * {model}",
        "provider_id": "provider_id + {k} * {provider}",
    },
    "benchmarkresult": {
        "id": "id + {k} * {benchmarkresult}",
        "model_id": "model_id + {k} * {model}",
        "score": "score - 30",
    },
    "usageobservation": {
        "id": "id + {k} * {usageobservation}",
        "period_start": "{shift_start}",
        "period_end": "{shift_end}",
    },
}


def _shift(dialect: str, column: str, days: str) -> str:
    if dialect == "sqlite":
        return f"date({column}, '-' || ({days}) || ' days')"
    return f"({column} - ({days}) * INTERVAL '1 day')::date"


def grow(engine: Engine, factor: int, done: int) -> None:
    """Copy today's rows until the store holds `factor` times them (it holds
    `done` times them now)."""
    from sqlmodel import SQLModel

    dialect = engine.dialect.name
    with engine.begin() as conn:
        highest = {t: conn.execute(text(f"SELECT max(id) FROM {t}")).scalar() or 0 for t in COPIES}
        # Today's rows are those with ids up to a table's highest / done.
        base = {t: highest[t] // done for t in COPIES}
        first, last = conn.execute(
            text("SELECT min(period_start), max(period_end) FROM usageobservation")
        ).one()
        span = f"(julianday('{last}') - julianday('{first}') + 1)"
        if dialect != "sqlite":
            span = f"(DATE '{last}' - DATE '{first}' + 1)"
        for k in range(done, factor):
            values = {**base, "k": k}
            values["shift_start"] = _shift(dialect, "period_start", f"{k} * {span}")
            values["shift_end"] = _shift(dialect, "period_end", f"{k} * {span}")
            for table, changes in COPIES.items():
                columns = [c.name for c in SQLModel.metadata.tables[table].columns]
                select = [
                    changes[c].format(**values) if c in changes else f'"{c}"' for c in columns
                ]
                names = ", ".join(f'"{c}"' for c in columns)
                conn.execute(
                    text(
                        f"INSERT INTO {table} ({names}) SELECT {', '.join(select)} "
                        f"FROM {table} WHERE id <= {base[table]}"
                    )
                )
    if dialect == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def _index_build(engine: Engine) -> float:
    """Seconds to build the resolver index that display names go through
    (once per data version, on the first lookup by name after a write)."""
    from sqlmodel import Session
    from tokenatlas.graph.resolve.index import ModelIndex

    with Session(engine) as session:
        started = time.perf_counter()
        ModelIndex.from_session(session)
        return time.perf_counter() - started


def rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return sum(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in COPIES)


def measure(engine: Engine) -> dict[str, tuple[float, int, list[str]]]:
    """Per query: median ms of a computed answer, SQL statements, and the
    plans of statements that scan."""
    bodies = {n: {"query": q, "variables": BY_SLUG.get(n, {})} for n, q in QUERIES.items()}
    found = in_process(engine, bodies, runs=15)
    return {
        name: (c.median_ms, len(c.statements), scans(engine, c.statements))
        for name, c in found.items()
    }


def scans(engine: Engine, statements: list[tuple[str, object]]) -> list[str]:
    """The plans of the statements that read a whole table."""
    found = []
    with engine.connect() as conn:
        for statement, parameters in statements:
            if engine.dialect.name == "sqlite":
                plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
                lines = [row[-1] for row in plan]
                if any(s.startswith("SCAN") and "INDEX" not in s for s in lines):
                    found.append(statement.split("FROM")[-1][:160] + " :: " + "; ".join(lines))
            else:
                plan = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
                lines = [row[0].strip() for row in plan]
                if any("Seq Scan" in s for s in lines):
                    found.append(statement.split("FROM")[-1][:160] + " :: " + "; ".join(lines))
    return found


def bench(store: str, url: str, factors: list[int]) -> list[str]:
    from tokenatlas.graph.store.db import make_engine

    engine = make_engine(url)
    table, today, done = [], {}, 1
    for factor in factors:
        if factor > done:
            started = time.perf_counter()
            grow(engine, factor, done)
            done = factor
            print(
                f"{store}: grew to {factor}x in {time.perf_counter() - started:.0f} s", flush=True
            )
        figures = measure(engine)
        count = rows(engine)
        index_s = _index_build(engine)
        print(
            f"{store} {factor}x: the resolver index (names) builds in {index_s:.2f} s", flush=True
        )
        for name, (ms, sql, scanning) in figures.items():
            today.setdefault(name, ms)
            line = (
                f"| {store} | {factor}x | {count:,} | {name} | {ms:.1f} "
                f"| {ms / today[name]:.2f} | {sql} | {len(scanning)} |"
            )
            print(line, flush=True)
            table.append(line)
            for plan in scanning:
                print(f"    scans: {plan}", flush=True)
    engine.dispose()
    return table


HEADER = (
    "| store | size | rows | query | computed ms | ratio to 1x | SQL | statements that scan |\n"
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--postgres-factors", default="1,10")
    args = parser.parse_args()
    print(HEADER, flush=True)
    sqlite = [int(f) for f in args.factors.split(",")]
    postgres = [int(f) for f in args.postgres_factors.split(",") if f]

    def run(store: str, url: str) -> list[str]:
        return bench(store, url, sqlite if store == "sqlite" else postgres)

    lines = seeded_stores(args.data_dir, args.postgres if postgres else None, run)
    print()
    print(HEADER)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
