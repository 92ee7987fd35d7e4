"""Weekly usage snapshots of OpenRouter's rankings (`openrouter-weekly/*.json`).

A file collected on day D covers the 7 full days before D: period
[D-7, D-1]. Each entry becomes one usage observation of its endpoint id;
two ids of one model in one week stay two observations that sum for the
model. A breakdown of all zeros means "not collected" and is stored as NULL.
An id that resolves to no model is kept (model NULL) and reported by name.
The per-token prices an entry shows (prompt, completion, cache read) are
OpenRouter's prices for that id in that week: they become Price rows of
provider `openrouter`, valid over the period only. A served id (`:free`)
is an offer, not a price: its entry makes an endpoint and no price.

All files of a run are checked before anything is written; one malformed
file rejects the run with the file name and the reason.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session, delete, select
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.index import ModelIndex, Resolution
from tokenatlas.graph.resolve.names import is_variant_id
from tokenatlas.graph.sources.context import endpoint_row
from tokenatlas.graph.store.tables import (
    Price,
    Provider,
    Source,
    UnresolvedName,
    UsageObservation,
)
from tokenatlas.graph.store.upsert import upsert

PLATFORM = "openrouter"
BREAKDOWN = ("prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens")
PERIOD_DAYS = 7
# An entry's per-token price fields, and the token kind each is.
PRICES = (
    ("prompt_price", "input"),
    ("completion_price", "output"),
    ("cache_read_price", "cache_read"),
)


@dataclass
class WeeklyFile:
    path: Path
    collected: date
    entries: list[dict[str, Any]]
    digest: str

    @property
    def source_id(self) -> str:
        return f"openrouter-weekly/{self.collected.isoformat()}"

    @property
    def period(self) -> tuple[date, date]:
        return self.collected - timedelta(days=PERIOD_DAYS), self.collected - timedelta(days=1)


@dataclass
class IngestReport:
    files: int = 0
    unchanged: int = 0
    observations: int = 0
    prices: int = 0
    endpoints_created: int = 0
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (file, id)

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files} ({self.unchanged} unchanged, skipped)",
            f"observations written: {self.observations}",
            f"weekly prices written: {self.prices}",
            f"endpoints created: {self.endpoints_created}",
            f"unresolved ids: {len(self.unresolved)}",
        ]
        out += [f"  unresolved: {name} (in {file})" for file, name in self.unresolved]
        return out


def _int(path: Path, where: str, value: Any, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < 0
        or value != int(value)
    ):
        raise LoadError(f"{path}: {where}", f"must be a whole number of tokens >= 0, got {value!r}")
    return int(value)


def _prices(path: Path, where: str, m: dict[str, Any]) -> dict[str, Decimal]:
    """An entry's prices in USD per million tokens, by token kind."""
    out = {}
    for name, kind in PRICES:
        value = m.get(name)
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise LoadError(f"{path}: {where}.{name}", f"must be USD per token >= 0, got {value!r}")
        out[kind] = Decimal(str(value)).scaleb(6)
    return out


def read_weekly_file(path: Path) -> WeeklyFile:
    """Parse and check one snapshot file; raise `LoadError` naming what is wrong."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), f"cannot be read ({exc.strerror})") from exc
    try:
        doc = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(str(path), f"not valid JSON ({exc})") from exc
    if not isinstance(doc, dict):
        raise LoadError(str(path), "must be a JSON object with 'date' and 'models'")
    try:
        collected = date.fromisoformat(str(doc.get("date")))
    except ValueError as exc:
        raise LoadError(
            f"{path}: date", f"must be a YYYY-MM-DD date, got {doc.get('date')!r}"
        ) from exc
    models = doc.get("models")
    if not isinstance(models, list) or not models:
        raise LoadError(f"{path}: models", "must be a non-empty list")
    entries = []
    for i, m in enumerate(models):
        where = f"models[{i}]"
        if not isinstance(m, dict):
            raise LoadError(f"{path}: {where}", "must be an object")
        slug = m.get("slug")
        if not isinstance(slug, str) or not slug.strip():
            raise LoadError(f"{path}: {where}.slug", f"must be a model id, got {slug!r}")
        entry = {
            "slug": slug.strip(),
            "name": m.get("name"),
            "total_tokens": _int(
                path, f"{where}.total_tokens", m.get("total_tokens"), required=True
            ),
            "rank": _int(path, f"{where}.rank", m.get("rank"), required=False),
            "request_count": _int(
                path, f"{where}.request_count", m.get("request_count"), required=False
            ),
        }
        for name in BREAKDOWN:
            entry[name] = _int(path, f"{where}.{name}", m.get(name), required=False)
        if all(not entry[name] for name in BREAKDOWN):
            for name in BREAKDOWN:  # all zeros: the breakdown was not collected
                entry[name] = None
        change = m.get("percent_change")
        if change is not None and (isinstance(change, bool) or not isinstance(change, int | float)):
            raise LoadError(f"{path}: {where}.percent_change", f"must be a number, got {change!r}")
        entry["change"] = None if change is None else float(change) / 100
        entry["prices"] = _prices(path, where, m)
        entries.append(entry)
    return WeeklyFile(path, collected, entries, hashlib.sha256(raw).hexdigest())


def ingest_weekly(session: Session, paths: list[Path]) -> IngestReport:
    """Read, check and load snapshot files into the store (the caller commits)."""
    return write_weekly(session, [read_weekly_file(p) for p in paths])


def write_weekly(session: Session, files: list[WeeklyFile]) -> IngestReport:
    """Load snapshot files already read and checked by `read_weekly_file`."""
    seen: dict[date, Path] = {}
    for f in files:
        if f.collected in seen and seen[f.collected] != f.path:
            raise LoadError(str(f.path), f"collected on {f.collected}, like {seen[f.collected]}")
        seen[f.collected] = f.path
    report = IngestReport(files=len(files))
    index = ModelIndex.from_session(session)
    for f in files:
        existing = session.get(Source, f.source_id)
        if existing is not None and existing.content_hash == f.digest:
            report.unchanged += 1
            continue
        _write_file(session, f, index, report)
    session.flush()
    return report


def _write_file(session: Session, f: WeeklyFile, index: ModelIndex, report: IngestReport) -> None:
    source = upsert(
        session,
        Source,
        "id",
        f.source_id,
        kind="snapshot",
        tier=int(Tier.LEADERBOARD),
        title=f"OpenRouter weekly top models, collected {f.collected.isoformat()}",
        publisher="OpenRouter rankings (scraped by openrouter-inference-stats)",
        collected=f.collected,
        content_hash=f.digest,
        licence="not stated",
        notes=f"file {f.path.name}; covers {f.period[0]}..{f.period[1]}",
    )
    for table in (UsageObservation, UnresolvedName, Price):
        session.exec(delete(table).where(table.source_id == source.id))
    start, end = f.period
    provider = None
    for e in f.entries:
        found = index.resolve(e["slug"], platform=PLATFORM)
        endpoint_id = found.endpoint
        if found.resolved and endpoint_id is None:
            endpoint_id = _new_endpoint(session, found, e["slug"], source.id, index)
            report.endpoints_created += 1
        if not found.resolved:
            report.unresolved.append((f.path.name, e["slug"]))
            session.add(
                UnresolvedName(
                    source_id=source.id,
                    name=e["slug"],
                    reason=found.status,
                    candidates=",".join(map(str, found.candidates)) or None,
                )
            )
        session.add(
            UsageObservation(
                platform=PLATFORM,
                period_start=start,
                period_end=end,
                subject_kind="model",
                model_id=found.model,
                endpoint_id=endpoint_id,
                subject_label=e["slug"],
                tokens=e["total_tokens"],
                prompt_tokens=e["prompt_tokens"],
                completion_tokens=e["completion_tokens"],
                reasoning_tokens=e["reasoning_tokens"],
                cached_tokens=e["cached_tokens"],
                request_count=e["request_count"],
                rank=e["rank"],
                reported_change=e["change"],
                source_id=source.id,
                locator=e["slug"],
            )
        )
        report.observations += 1
        if found.resolved and e["prices"] and not is_variant_id(e["slug"]):
            provider = provider or _provider(session, source.id)
            for kind, usd in e["prices"].items():
                session.add(
                    Price(
                        model_id=found.model,
                        provider_id=provider,
                        provider_model_id=e["slug"],
                        token_kind=kind,
                        usd_per_mtok=usd,
                        valid_from=start,
                        valid_to=f.collected,  # the day after the period: [start, collected)
                        source_id=source.id,
                        locator=e["slug"],
                    )
                )
                report.prices += 1


def _provider(session: Session, source_id: str) -> int:
    """The id of provider `openrouter`, created when no source made it yet."""
    row = session.exec(select(Provider).where(Provider.slug == PLATFORM)).first()
    if row is None:
        row = Provider(
            slug=PLATFORM, name="OpenRouter", url="https://openrouter.ai", source_id=source_id
        )
        session.add(row)
        session.flush()
    return row.id  # type: ignore[return-value]


def _new_endpoint(
    session: Session, found: Resolution, external_id: str, source_id: str, index: ModelIndex
) -> int:
    """Record an id the catalog did not list as an endpoint of the model it resolved to."""
    variant = (
        found.variant
        if found.variant in ("free", "batch")
        else ("dated" if "date" in found.rules else "default")
    )
    row = endpoint_row(
        session,
        index,
        model_id=found.model,
        platform=PLATFORM,
        external_id=external_id,
        variant=variant,
        source_id=source_id,
    )
    # A stored endpoint this index did not know resolves from now on too.
    index.add_endpoint(row.model_id, row.id, PLATFORM, external_id, row.variant)
    return row.id
