"""The `tokenatlas` command: serve, seed, update, ingest, factcheck, cookbook, db,
snapshots, export-schema."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tokenatlas.api.http.settings import SettingsError
from tokenatlas.api.progress import ProgressBar
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.store.db import StoreVersionError, make_engine, session_scope
from tokenatlas.graph.store.schema import upgrade

WEEKLY = "openrouter-weekly"
HF_MODELS = "hf-models"
DATASETS = ("models-dev", "epoch", "open-llm-leaderboard", "lmarena")


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
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1); for more than one, PostgreSQL is the store to use",
    )
    _db_arg(serve)
    _settings_args(serve)

    seed = sub.add_parser(
        "seed",
        help="(re)load seeds/, the price list and the bundled dataset snapshots; safe to run twice",
    )
    seed.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="import the datasets found under DIR (laid out like ../shared/data) "
        "instead of the bundled snapshots",
    )
    seed.add_argument("--seeds-only", action="store_true", help="only seeds/ and the price list")
    _db_arg(seed)

    update = sub.add_parser(
        "update",
        help="fetch the newest public copy of each dataset and import it; "
        "says what changed, and leaves the store as it was on any failure",
    )
    update.add_argument(
        "datasets",
        nargs="*",
        metavar="DATASET",
        help="which datasets (default: all): models.dev, epoch, lmarena, "
        "open-llm-leaderboard, openrouter-weekly; or hf-models with --author",
    )
    update.add_argument(
        "--author",
        default=None,
        help="for hf-models: the Hub author (organisation or user) whose models to fetch",
    )
    update.add_argument(
        "--hub-endpoint",
        default=os.environ.get("HF_ENDPOINT"),
        help="for hf-models: the Hub to ask (default: $HF_ENDPOINT, else huggingface.co)",
    )
    update.add_argument(
        "--from",
        dest="mirror",
        metavar="URL|DIR",
        default=None,
        help="a mirror laid out like a data folder (a directory, or an HTTP server "
        "listing one) instead of the origins",
    )
    _db_arg(update)

    db = sub.add_parser("db", help="the store's schema: upgrade it in place, or show its revision")
    db.add_argument("action", choices=("upgrade", "current"))
    _db_arg(db)

    snapshots = sub.add_parser("snapshots", help="the bundled dataset snapshots")
    snapshots.add_argument("action", choices=("list", "pack"), help="list them, or pack DIR")
    snapshots.add_argument(
        "--data-dir", type=Path, default=None, help="for pack: the data folder to pack"
    )

    ingest = sub.add_parser("ingest", help="load data files into the store")
    ingest.add_argument(
        "kind", choices=(WEEKLY, HF_MODELS, *DATASETS), help="which dataset the files are"
    )
    ingest.add_argument(
        "paths",
        nargs="+",
        type=Path,
        help="files (or a folder, for models-dev; JSON Lines of the Hub's listing, for hf-models)",
    )
    ingest.add_argument(
        "--scope",
        default=None,
        help="for hf-models: what the listing covers, naming its source hf-models:SCOPE "
        "(default: the file's name); a later listing of the same scope replaces it",
    )
    ingest.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="date of the dataset snapshot (default: the date its README gives)",
    )
    _db_arg(ingest)

    check = sub.add_parser("factcheck", help="print every claim with its status against the data")
    check.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    _db_arg(check)
    _db_arg(sub.add_parser("cookbook", help="print docs/cookbook.md: the named queries answered"))

    sub.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    return parser


def _settings_args(parser: argparse.ArgumentParser) -> None:
    """A flag per service setting and limit (--pool-size, --max-depth, --timeout...);
    unset flags keep the TOKENATLAS_* variable, else the default."""
    from tokenatlas.api.http.settings import options

    for option in options():
        if isinstance(option.default, tuple):
            kind = {"action": "append", "help": f"repeatable; default: none (env {option.env})"}
        else:
            kind = {
                "type": type(option.default),
                "help": f"default {option.default} (env {option.env})",
            }
        parser.add_argument(option.flag, dest=option.name, default=None, **kind)


def cmd_serve(args: argparse.Namespace) -> int:
    from tokenatlas.api.http.serve import serve
    from tokenatlas.api.http.settings import Settings, options

    given = {o.name: getattr(args, o.name) for o in options()}
    settings = Settings.from_env(**{k: _tupled(v) for k, v in given.items()})
    return serve(
        args.database_url,
        settings,
        host=args.host,
        port=args.port,
        workers=args.workers,
        progress=ProgressBar(),
    )


def _tupled(value):
    return tuple(value) if isinstance(value, list) else value


def cmd_seed(args: argparse.Namespace) -> int:
    from tokenatlas.graph.sources.load import seed, seed_bundled
    from tokenatlas.graph.store.census import census

    engine = make_engine(args.database_url)
    started = time.perf_counter()
    if args.data_dir is not None or args.seeds_only:
        report = seed(engine, data_dir=args.data_dir, progress=ProgressBar())
    else:
        report = seed_bundled(engine, progress=ProgressBar())
    elapsed = time.perf_counter() - started
    for line in report.lines():
        print(line)
    with session_scope(engine) as session:
        counts = census(session)
    print("store: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    print(f"seeded in {elapsed:.1f} s")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from tokenatlas.graph.sources.update import update

    if HF_MODELS in args.datasets or args.author:
        return _update_hub(args)
    engine = make_engine(args.database_url)
    started = time.perf_counter()
    report = update(
        engine,
        args.datasets,
        mirror=args.mirror,
        say=lambda line: print(line, flush=True),
        progress=ProgressBar(),
    )
    for line in report.lines():
        print(line)
    print(f"updated in {time.perf_counter() - started:.1f} s")
    return 0


def _update_hub(args: argparse.Namespace) -> int:
    from sqlmodel import Session
    from tokenatlas.graph.sources.hf_hub import fetch_author
    from tokenatlas.graph.sources.hf_models import in_store, ingest_listing

    if args.datasets != [HF_MODELS] or not args.author:
        print("tokenatlas update: hf-models goes alone, with --author ORG", file=sys.stderr)
        return 2
    engine = make_engine(args.database_url)
    upgrade(engine)
    started = time.perf_counter()

    def have(hub_id: str) -> bool:  # a short read: no transaction held through the fetch
        with Session(engine) as session:
            return bool(in_store(session, [hub_id]))

    listing = fetch_author(
        args.author, endpoint=args.hub_endpoint, have=have, token=os.environ.get("HF_TOKEN")
    )
    print(f"{listing.path}: {len(listing.models)} models fetched", flush=True)
    with session_scope(engine) as session:
        report = ingest_listing(
            session, listing, scope=f"author={args.author}", url=str(listing.path)
        )
    for line in report.lines():
        print(line)
    print(f"updated in {time.perf_counter() - started:.1f} s")
    return 0


def _ingest_hub(args: argparse.Namespace, engine) -> list[str]:
    from tokenatlas.graph.lineage.derive import derive
    from tokenatlas.graph.sources.hf_listing import read_listing
    from tokenatlas.graph.sources.hf_models import ingest_listing

    listings = [read_listing(path) for path in args.paths]
    if args.scope and len(listings) > 1:
        raise LoadError("--scope", "names one listing; give one file with it")
    scopes = [args.scope or Path(listing.path).stem for listing in listings]
    for i, scope in enumerate(scopes):
        if scope in scopes[:i]:
            first = listings[scopes.index(scope)].path
            raise LoadError(
                str(listings[i].path),
                f"its scope '{scope}' is {first}'s too (a listing's scope is its file's "
                "name): give one listing at a time, each with its own --scope",
            )
    lines = []
    with session_scope(engine) as session:
        for listing, scope in zip(listings, scopes, strict=True):
            lines += ingest_listing(session, listing, scope=scope, derive_lineage=False).lines()
        lines += derive(session).lines()
    return lines


def cmd_ingest(args: argparse.Namespace) -> int:
    from tokenatlas.graph.sources.load import import_datasets
    from tokenatlas.graph.sources.openrouter import ingest_weekly
    from tokenatlas.graph.sources.registry import prepare

    engine = make_engine(args.database_url)
    upgrade(engine)
    if args.kind == HF_MODELS:
        lines = _ingest_hub(args, engine)
    elif args.kind == WEEKLY:
        with session_scope(engine) as session:
            report = ingest_weekly(session, list(args.paths))
        lines = report.lines()
    else:
        prepared = [prepare(args.kind, path, as_of=args.as_of) for path in args.paths]
        with session_scope(engine) as session:
            reports, stage, lineage = import_datasets(session, prepared, progress=ProgressBar())
        lines = [line for r in reports for line in r.lines()] + stage.lines() + lineage.lines()
    for line in lines:
        print(line)
    return 0


def cmd_export_schema(_: argparse.Namespace) -> int:
    from tokenatlas.api.schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from tokenatlas.graph.store import schema

    engine = make_engine(args.database_url)
    where = engine.url.render_as_string(hide_password=True)
    if args.action == "current":
        revision = schema.current(engine)
        print(f"{where}: {revision or 'no revision (empty, or made before migrations)'}")
        print(f"newest: {schema.head()}")
        from tokenatlas.graph.sources.load import seeds_note

        if revision and (note := seeds_note(engine)):
            print(note)
        return 0
    before, after = schema.upgrade(engine)
    print(f"{where}: {before or 'none'} -> {after}" if before != after else f"{where}: at {after}")
    return 0


def cmd_snapshots(args: argparse.Namespace) -> int:
    from tokenatlas.graph.sources import snapshots

    if args.action == "pack":
        if args.data_dir is None:
            print("tokenatlas snapshots pack: --data-dir DIR is needed", file=sys.stderr)
            return 2
        found = snapshots.pack(args.data_dir)
    else:
        found = snapshots.bundled()
    for s in found:
        size = (snapshots.snapshots_dir() / s.archive).stat().st_size
        credit = f"; credit: {s.credit}" if s.credit else ""
        print(f"{s.folder}: {s.title}, as of {s.as_of}, {size / 1024:.0f} KiB")
        print(f"  origin: {s.origin}")
        print(f"  licence: {s.licence}{credit}")
    return 0


def cmd_document(args: argparse.Namespace) -> int:
    """factcheck and cookbook: a document made from what the store answers."""
    from tokenatlas.api.factcheck import report
    from tokenatlas.api.web import cookbook

    engine = make_engine(args.database_url)
    if args.command == "cookbook":
        sys.stdout.write(cookbook.render(engine))
    else:
        sys.stdout.write(report.document(engine, args.format))
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "seed": cmd_seed,
    "update": cmd_update,
    "ingest": cmd_ingest,
    "factcheck": cmd_document,
    "cookbook": cmd_document,
    "export-schema": cmd_export_schema,
    "snapshots": cmd_snapshots,
    "db": cmd_db,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (LoadError, StoreVersionError) as exc:
        print(f"tokenatlas {args.command}: rejected, nothing written: {exc}", file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"tokenatlas {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
