"""What every dataset importer shares: the source record, idempotency,
entity resolution with a report, and buffered writes.

An importer is a module with `read(path) -> parsed` (checks everything,
raises `LoadError` with the file and line; touches no store) and
`write(ctx, parsed)` (resolves names through `ctx` and records facts). The
run is one transaction owned by the caller, so a failure anywhere leaves
the store as it was.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, delete, select

from graph.errors import LoadError
from graph.provenance.facts import encode
from graph.provenance.precedence import Tier
from graph.resolve.index import ModelIndex, VendorIndex
from graph.resolve.names import key
from graph.store.tables import (
    Benchmark,
    BenchmarkAlias,
    BenchmarkResult,
    Endpoint,
    Fact,
    License,
    LineageEdge,
    Model,
    ModelAlias,
    Price,
    Provider,
    Source,
    UnresolvedName,
    Vendor,
    VendorAlias,
)
from graph.store.upsert import upsert

# Rows a source owns: replaced whole when the source changes.
OWNED = (Fact, ModelAlias, VendorAlias, BenchmarkResult, LineageEdge, Price, UnresolvedName)
Progress = Callable[[int, int], None]


def digest_files(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def slugify(name: str) -> str:
    """A slug for a new node: lowercase, separators folded to '-', dots kept.

    >>> slugify("Qwen/Qwen2.5-72B Instruct")
    'qwen/qwen2.5-72b-instruct'
    """
    text = re.sub(r"[\s_]+", "-", name.strip().lower())
    return re.sub(r"-{2,}", "-", text).strip("-")


@dataclass
class SourceReport:
    dataset: str
    source_id: str
    unchanged: bool = False
    rows: int = 0
    created: set[int] = field(default_factory=set)
    merged: set[int] = field(default_factory=set)
    vendors_created: int = 0
    unresolved: list[str] = field(default_factory=list)  # kept as placeholder nodes
    ambiguous: list[str] = field(default_factory=list)  # not attached to a guess

    def lines(self, limit: int = 20) -> list[str]:
        if self.unchanged:
            return [f"{self.dataset}: unchanged since the last run ({self.source_id}), skipped"]
        out = [
            f"{self.dataset} ({self.source_id}): {self.rows} rows; "
            f"models created {len(self.created)}, merged into existing {len(self.merged)}, "
            f"vendors created {self.vendors_created}; "
            f"unresolved {len(self.unresolved)}, ambiguous {len(self.ambiguous)}"
        ]
        for label, names in (("unresolved", self.unresolved), ("ambiguous", self.ambiguous)):
            shown = names[:limit]
            out += [f"  {label}: {n}" for n in shown]
            if len(names) > limit:
                out.append(
                    f"  ... and {len(names) - limit} more {label} (all listed by unresolvedNames)"
                )
        return out


class ImportContext:
    """One source's write session: resolution, creation and buffered rows."""

    def __init__(
        self,
        session: Session,
        *,
        dataset: str,
        source_id: str,
        tier: Tier,
        models: ModelIndex | None = None,
        vendors: VendorIndex | None = None,
        progress: Progress | None = None,
    ):
        self.session = session
        self.source_id = source_id
        self.tier = int(tier)
        self.models = models or ModelIndex.from_session(session)
        self.vendors = vendors or VendorIndex.from_session(session)
        self.report = SourceReport(dataset, source_id)
        self.progress = progress or (lambda done, total: None)
        self._rows: dict[type, list[dict[str, Any]]] = {t: [] for t in OWNED}
        self._benchmarks = {
            k: b for k, b in session.exec(select(BenchmarkAlias.key, BenchmarkAlias.benchmark_id))
        }
        self._licenses = {key(s): s for s in session.exec(select(License.slug))}
        for slug, spdx, name in session.exec(select(License.slug, License.spdx, License.name)):
            for n in (spdx, name):
                if n:
                    self._licenses.setdefault(key(n), slug)
        self._aliases: set[tuple[int, str]] = set()
        self._facts: set[tuple] = set()
        # Keys each node answers to by itself (slug, name): never stored as aliases.
        self._own_names: dict[int, set[str]] = {}
        self._slugs: set[str] = set()
        for model_id, slug, model_name in session.exec(select(Model.id, Model.slug, Model.name)):
            self._own_names[model_id] = {key(slug), key(model_name)}
            self._slugs.add(slug)
        self._placeholders = set(session.exec(select(Model.id).where(Model.known == False)).all())  # noqa: E712

    # -- the source ------------------------------------------------------------

    def open(self, digest: str, **source: Any) -> bool:
        """Record the source; False when it is unchanged since the last run
        (then nothing needs writing). A changed source loses its old rows."""
        existing = self.session.get(Source, self.source_id)
        if existing is not None and existing.content_hash == digest:
            self.report.unchanged = True
            return False
        upsert(
            self.session,
            Source,
            "id",
            self.source_id,
            content_hash=digest,
            tier=self.tier,
            **source,
        )
        for table in OWNED:
            self.session.exec(delete(table).where(table.source_id == self.source_id))
        return True

    # -- entities --------------------------------------------------------------

    def vendor(self, name: str, *, country: str | None = None) -> int:
        """The vendor `name` means, created when none does. The spelling is
        kept as an alias of this source."""
        found = self.vendors.resolve(name)
        if found is not None:
            self._vendor_alias(found, name)
            if country:
                self.fact(found, "country", country, kind="vendor")
            return found
        slug = slugify(name)
        row = self.session.exec(select(Vendor).where(Vendor.slug == slug)).first()
        if row is None:
            row = Vendor(slug=slug, name=name.strip(), country=None, source_id=self.source_id)
            self.session.add(row)
            self.session.flush()
            self.report.vendors_created += 1
        self.vendors.add_name(row.id, name)
        self.vendors.add_name(row.id, slug)
        self._vendor_alias(row.id, name)
        if country:
            self.fact(row.id, "country", country, kind="vendor")
        return row.id

    def _vendor_alias(self, vendor_id: int, name: str) -> None:
        k = key(name)
        if k and (-vendor_id, k) not in self._aliases:
            self._aliases.add((-vendor_id, k))
            self._rows[VendorAlias].append(
                dict(vendor_id=vendor_id, alias=name.strip(), key=k, source_id=self.source_id)
            )

    def model(
        self,
        name: str,
        *,
        names: Iterable[str] = (),
        vendor_id: int | None = None,
        display: str | None = None,
        placeholder: bool = False,
        platform: str | None = None,
        keep_prefix: bool = False,
    ) -> int | None:
        """The model `name` (or one of `names`) means; created when none does.

        `placeholder` creates an unknown node for a name the dataset refers
        to but does not describe (and reports it unresolved). An ambiguous
        name is recorded, reported, and answers None: nothing is guessed.
        `keep_prefix` resolves `org/name` ids without dropping the org.
        """
        candidates = [name, *names]
        for n in candidates:
            found = self.models.resolve(n, platform=platform, keep_prefix=keep_prefix)
            if found.resolved:
                model_id = found.model
                if placeholder and model_id in self._placeholders:
                    self._unresolved(name)  # still known by name only
                elif model_id not in self.report.created:
                    self.report.merged.add(model_id)
                for other in candidates:
                    self.alias(model_id, other)
                return model_id
            if found.status == "ambiguous":
                self.ambiguous(n, found.candidates)
                return None
        return self.create_model(
            name, names=names, vendor_id=vendor_id, display=display, placeholder=placeholder
        )

    def ambiguous(self, name: str, candidates: Iterable[Hashable]) -> None:
        """Report a name that could mean several models (once); nothing is attached."""
        if name in self.report.ambiguous:
            return
        self.report.ambiguous.append(name)
        self._rows[UnresolvedName].append(
            dict(
                source_id=self.source_id,
                name=name,
                reason="ambiguous",
                candidates=",".join(map(str, candidates)),
            )
        )

    def create_model(
        self,
        name: str,
        *,
        names: Iterable[str] = (),
        vendor_id: int | None = None,
        display: str | None = None,
        placeholder: bool = False,
    ) -> int:
        """A new, non-curated model for `name`, known by `names` too."""
        candidates = [name, *names]
        slug = base = slugify(name)
        n = 1
        while slug in self._slugs:  # another spelling already holds this slug
            n += 1
            slug = f"{base}-{n}"
        self._slugs.add(slug)
        model = Model(
            slug=slug,
            name=(display or name).strip(),
            vendor_id=vendor_id,
            curated=False,
            known=not placeholder,
            source_id=self.source_id,
        )
        self.session.add(model)
        self.session.flush()
        self.report.created.add(model.id)
        if placeholder:
            self._placeholders.add(model.id)
            self._unresolved(name)
        self.models.add_name(model.id, slug)
        self._own_names[model.id] = {key(slug), key(model.name)}
        for n in candidates:
            self.alias(model.id, n)
        return model.id

    def _unresolved(self, name: str) -> None:
        if name not in self.report.unresolved:
            self.report.unresolved.append(name)
            self._rows[UnresolvedName].append(
                dict(source_id=self.source_id, name=name, reason="unknown", candidates=None)
            )

    def alias(self, model_id: int, name: str) -> None:
        k = key(name)
        if not k or (model_id, k) in self._aliases:
            return
        self._aliases.add((model_id, k))
        self.models.add_name(model_id, name)
        if k in self._own_names.get(model_id, ()):
            return  # the node's own slug or name
        self._rows[ModelAlias].append(
            dict(model_id=model_id, alias=name, key=k, source_id=self.source_id)
        )

    def endpoint(self, model_id: int, platform: str, external_id: str, variant: str) -> None:
        exists = self.session.exec(
            select(Endpoint.id).where(
                Endpoint.platform == platform, Endpoint.external_id == external_id
            )
        ).first()
        if exists is None:
            row = Endpoint(
                model_id=model_id,
                platform=platform,
                external_id=external_id,
                variant=variant,
                source_id=self.source_id,
            )
            self.session.add(row)
            self.session.flush()
            self.models.add_endpoint(model_id, row.id, platform, external_id, variant)

    def license(self, name: str) -> str:
        """Our slug for a licence name, creating the licence when unknown."""
        k = key(name)
        if k in self._licenses:
            return self._licenses[k]
        slug = slugify(name)
        upsert(self.session, License, "slug", slug, name=name.strip(), open=False)
        self._licenses[k] = slug
        return slug

    def provider(self, slug: str, name: str, *, url: str | None = None) -> int:
        row = self.session.exec(select(Provider).where(Provider.slug == slug)).first()
        if row is None:
            row = Provider(
                slug=slug,
                name=name,
                url=url,
                vendor_id=self.vendors.resolve(slug),
                source_id=self.source_id,
            )
            self.session.add(row)
            self.session.flush()
        return row.id

    def benchmark(self, name: str, *, unit: str = "score", higher_is_better: bool = True) -> int:
        k = key(name)
        if k in self._benchmarks:
            return self._benchmarks[k]
        b = upsert(
            self.session,
            Benchmark,
            "slug",
            slugify(name),
            name=name.strip(),
            unit=unit,
            higher_is_better=higher_is_better,
        )
        self.session.add(BenchmarkAlias(benchmark_id=b.id, key=k))
        self._benchmarks[k] = b.id
        return b.id

    # -- figures ---------------------------------------------------------------

    def fact(
        self,
        entity_id: int,
        field_name: str,
        value: Any,
        *,
        locator: str | None = None,
        tier: int | None = None,
        kind: str = "model",
    ) -> None:
        """Record a value this source states (once per entity, field and value)."""
        if value is None:
            return
        seen = (kind, entity_id, field_name, encode(value))
        if seen in self._facts:
            return
        self._facts.add(seen)
        self._rows[Fact].append(
            dict(
                entity_kind=kind,
                entity_id=entity_id,
                field=field_name,
                value=encode(value),
                tier=tier or self.tier,
                source_id=self.source_id,
                locator=locator,
            )
        )

    def result(
        self,
        model_id: int,
        benchmark_id: int,
        score: float,
        *,
        locator: str | None = None,
        tier: int | None = None,
        measured: date | None = None,
        **extra: Any,
    ) -> None:
        self._rows[BenchmarkResult].append(
            dict(
                model_id=model_id,
                benchmark_id=benchmark_id,
                score=float(score),
                measured=measured,
                tier=tier or self.tier,
                source_id=self.source_id,
                locator=locator,
                **extra,
            )
        )

    def edge(
        self, child_id: int, parent_id: int, relation: str, *, locator: str | None = None
    ) -> None:
        if child_id == parent_id:
            return
        self._rows[LineageEdge].append(
            dict(
                child_id=child_id,
                parent_id=parent_id,
                relation=relation,
                source_id=self.source_id,
                locator=locator,
            )
        )

    def price(self, **row: Any) -> None:
        self._rows[Price].append(dict(source_id=self.source_id, **row))

    def flush(self) -> None:
        """Write the buffered rows, one bulk statement per table."""
        for table, rows in self._rows.items():
            if rows:
                self.session.execute(insert(table), rows)
                rows.clear()
        self.session.flush()


def row_error(path: Path, line: int | str, reason: str) -> LoadError:
    return LoadError(f"{path}:{line}", reason)
