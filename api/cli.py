"""The `tokenatlas` command: serve, seed, ingest, export-schema."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from graph.db import create_tables, make_engine, session_scope
from graph.errors import LoadError

INGESTERS = ("openrouter-weekly",)


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        help="store to use (default: $DATABASE_URL, else an SQLite file at "
        "$XDG_DATA_HOME/tokenatlas/tokenatlas.sqlite, i.e. ~/.local/share/...)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tokenatlas", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the GraphQL API (seeds an empty store first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    _db_arg(serve)

    seed = sub.add_parser("seed", help="(re)load seeds/ and the price list; safe to run twice")
    _db_arg(seed)

    ingest = sub.add_parser("ingest", help="load data files into the store")
    ingest.add_argument("kind", choices=INGESTERS, help="format of the files")
    ingest.add_argument("paths", nargs="+", type=Path, help="files to load")
    _db_arg(ingest)

    sub.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    return parser


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from graph.store import ensure_seeded

    engine = make_engine(args.database_url)
    print(f"store: {engine.url.render_as_string(hide_password=True)}", flush=True)
    report = ensure_seeded(engine)
    if report is not None:
        print("empty store: seeded it", flush=True)
        for line in report.lines():
            print(f"  {line}", flush=True)
    print(f"GraphiQL: http://{args.host}:{args.port}/graphql", flush=True)
    uvicorn.run(create_app(engine), host=args.host, port=args.port, log_level="info")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from graph.store import census, seed

    engine = make_engine(args.database_url)
    started = time.perf_counter()
    report = seed(engine)
    elapsed = time.perf_counter() - started
    for line in report.lines():
        print(line)
    with session_scope(engine) as session:
        counts = census(session)
    print("store: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    print(f"seeded in {elapsed:.1f} s")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from graph.openrouter import ingest_weekly

    engine = make_engine(args.database_url)
    create_tables(engine)
    with session_scope(engine) as session:
        report = ingest_weekly(session, list(args.paths))
    for line in report.lines():
        print(line)
    return 0


def cmd_export_schema(_: argparse.Namespace) -> int:
    from api.schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "seed": cmd_seed,
    "ingest": cmd_ingest,
    "export-schema": cmd_export_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except LoadError as exc:
        print(f"tokenatlas {args.command}: rejected, nothing written: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
