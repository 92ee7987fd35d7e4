"""`ImportContext`: one source's write session, handed to an importer's
`write`. It records the source (and skips it when unchanged), resolves and
creates nodes (`NodeResolver`), finds or creates the reference entities a
dataset names (licences, benchmarks, providers, endpoints) and buffers the
rows the source owns (`BufferedRows`). The caller owns the transaction.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from sqlmodel import Session, col, delete, select
from tokenatlas.graph.resolve.index import ModelIndex
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.nodes import NodeResolver, slugify
from tokenatlas.graph.sources.rows import OWNED
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkAlias,
    Endpoint,
    License,
    LicenseAlias,
    Provider,
    Source,
)
from tokenatlas.graph.store.upsert import upsert


def endpoint_row(
    session: Session,
    index: ModelIndex,
    *,
    model_id: Any,
    platform: str,
    external_id: str,
    variant: str,
    source_id: str,
) -> Endpoint:
    """The endpoint `external_id` on `platform`: the stored one, else a new
    one of `model_id`, which `index` then resolves."""
    row = session.exec(
        select(Endpoint).where(Endpoint.platform == platform, Endpoint.external_id == external_id)
    ).first()
    if row is None:
        row = Endpoint(
            model_id=model_id,
            platform=platform,
            external_id=external_id,
            variant=variant,
            source_id=source_id,
        )
        session.add(row)
        session.flush()
        index.add_endpoint(model_id, row.id, platform, external_id, variant)
    return row


def license_names(session: Session) -> dict[str, str]:
    """Licence slug by the key of its slug, aliases, SPDX id and name. A
    curated alias beats the slug of a licence nobody has read (no terms):
    a dataset's `gemma` is the Gemma terms the seeds describe."""
    licenses = {key(s): s for s in session.exec(select(License.slug))}
    unread = set(session.exec(select(License.slug).where(col(License.terms).is_(None))))
    for k, slug in session.exec(select(LicenseAlias.key, License.slug).join(License)):
        if licenses.get(k) in unread:
            licenses[k] = slug
        licenses.setdefault(k, slug)
    for slug, spdx, name in session.exec(select(License.slug, License.spdx, License.name)):
        for n in (spdx, name):
            if n:
                licenses.setdefault(key(n), slug)
    return licenses


def license_slug(session: Session, known: dict[str, str], name: str) -> str:
    """Our slug for a licence name (`known`: `license_names`), creating the
    licence when unknown."""
    k = key(name)
    if k in known:
        return known[k]
    slug = slugify(name)
    upsert(session, License, "slug", slug, name=name.strip(), open=False)
    known[k] = slug
    return slug


class ImportContext(NodeResolver):
    """One source's write session: the source, its nodes and buffered rows."""

    @cached_property
    def _benchmarks(self) -> dict[str, int]:
        """Benchmark id by the key of each name it answers to."""
        rows = self.session.exec(select(BenchmarkAlias.key, BenchmarkAlias.benchmark_id))
        return {k: b for k, b in rows}

    @cached_property
    def _licenses(self) -> dict[str, str]:
        return license_names(self.session)

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

    # -- reference entities ------------------------------------------------------

    def endpoint(self, model_id: int, platform: str, external_id: str, variant: str) -> None:
        """`external_id` on `platform` serves the model (unless it already serves one)."""
        endpoint_row(
            self.session,
            self.models,
            model_id=model_id,
            platform=platform,
            external_id=external_id,
            variant=variant,
            source_id=self.source_id,
        )

    def license(self, name: str) -> str:
        """Our slug for a licence name, creating the licence when unknown."""
        return license_slug(self.session, self._licenses, name)

    def provider(self, slug: str, name: str, *, url: str | None = None) -> int:
        """The provider `slug`, created (with the vendor it names, if any) when new."""
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
        """The benchmark `name` means (by name or alias), created when unknown."""
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
