"""Writing the curated seeds, read and checked by `reading.read_seeds`:
one transaction, run by the caller. Entities are upserted by slug; what a
source states (aliases, facts, claims, benchmark results) is replaced whole.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, delete, select
from tokenatlas.graph.provenance.facts import MODEL_COLUMNS, encode
from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.seeds.shapes import (
    CATALOG_SOURCE_ID,
    Article,
    SeedCounts,
    SeedData,
    benchmark_names,
)
from tokenatlas.graph.sources.seeds.yamlfile import Row
from tokenatlas.graph.store.tables import (
    Benchmark,
    BenchmarkAlias,
    BenchmarkResult,
    Claim,
    Endpoint,
    Fact,
    License,
    LicenseAlias,
    LicenseCheck,
    Model,
    ModelAlias,
    Source,
    Vendor,
    VendorAlias,
)
from tokenatlas.graph.store.upsert import upsert


def write_seeds(session: Session, data: SeedData) -> SeedCounts:
    """Write the catalog (licences, vendors, benchmarks, models) and every
    article with its claims; answers what was written."""
    counts = SeedCounts()
    catalog = upsert(
        session,
        Source,
        "id",
        CATALOG_SOURCE_ID,
        kind="catalog",
        title="tokenatlas curated catalog",
        publisher="tokenatlas",
        notes="seeds/: licenses, vendors, models, benchmarks",
        tier=int(Tier.CURATED),
        content_hash=data.digest or None,  # the seeds this store holds
    )
    counts.sources += 1
    session.exec(delete(Fact).where(Fact.source_id == catalog.id))
    lic_ids = _write_licenses(session, data.licenses)
    counts.licenses = len(lic_ids)
    ven_ids = _write_vendors(session, data.vendors, catalog.id, counts)
    counts.vendors = len(ven_ids)
    bench_ids = _write_benchmarks(session, data.benchmarks)
    counts.benchmarks = len(bench_ids)
    bench_by_key = {
        key(n): bench_ids[r["slug"]] for r in data.benchmarks for n in benchmark_names(r)
    }
    model_ids = _write_models(session, data.models, catalog.id, ven_ids, lic_ids, counts)
    counts.models = len(model_ids)
    session.flush()
    for article in data.articles:
        _write_article(session, article, data, model_ids, ven_ids, bench_by_key, counts)
    session.flush()
    return counts


def _write_licenses(session: Session, licenses: list[Row]) -> dict[str, int]:
    lic_ids: dict[str, int] = {}
    for r in licenses:
        lic = upsert(
            session,
            License,
            "slug",
            r["slug"],
            name=r["name"],
            spdx=r.get("spdx"),
            open=r["open"],
            commercial_use=r.get("commercial_use"),
            copyleft=r.get("copyleft"),
            terms=r.get("terms"),
            family=r.get("family"),
            url=r.get("source"),
        )
        lic_ids[r["slug"]] = lic.id
        session.exec(delete(LicenseAlias).where(LicenseAlias.license_id == lic.id))
        for k in dict.fromkeys(key(n) for n in r.get("aliases") or []):
            session.add(LicenseAlias(license_id=lic.id, key=k))
    session.flush()
    _fold_unread_licenses(session)
    return lic_ids


def _fold_unread_licenses(session: Session) -> None:
    """A licence a dataset created under a name the seeds now give as an
    alias of a licence they describe (a store's `gemma` before `gemma`
    was Gemma's alias) is that licence: its models and facts move to it,
    and the unread spelling is removed, so its terms apply along lineage."""
    by_alias = dict(session.exec(select(LicenseAlias.key, License.slug).join(License)).all())
    by_slug = {lic.slug: lic for lic in session.exec(select(License))}
    for old in list(by_slug.values()):
        target = by_slug.get(by_alias.get(key(old.slug), ""))
        if old.terms is not None or target is None or target.id == old.id:
            continue
        session.exec(
            update(Model).where(col(Model.license_id) == old.id).values(license_id=target.id)
        )
        session.exec(
            update(Fact)
            .where(Fact.field == "license", Fact.value == encode(old.slug))
            .values(value=encode(target.slug))
        )
        session.exec(  # re-derived after the import
            delete(LicenseCheck).where(
                (col(LicenseCheck.child_license_id) == old.id)
                | (col(LicenseCheck.parent_license_id) == old.id)
            )
        )
        session.delete(old)
    session.flush()


def _write_vendors(
    session: Session, vendors: list[Row], catalog: str, counts: SeedCounts
) -> dict[str, int]:
    session.exec(delete(VendorAlias).where(VendorAlias.source_id == catalog))
    ven_ids: dict[str, int] = {}
    for r in vendors:
        ven = upsert(
            session,
            Vendor,
            "slug",
            r["slug"],
            name=r["name"],
            country=r.get("country"),
            source_id=catalog,
        )
        ven_ids[r["slug"]] = ven.id
        if r.get("country"):
            session.add(
                _fact("vendor", ven.id, "country", r["country"], catalog, Tier.CURATED, r["slug"])
            )
        for alias in dict.fromkeys(r.get("aliases") or []):
            session.add(
                VendorAlias(vendor_id=ven.id, alias=alias, key=key(alias), source_id=catalog)
            )
            counts.vendor_aliases += 1
    return ven_ids


def _write_benchmarks(session: Session, benchmarks: list[Row]) -> dict[str, int]:
    bench_ids: dict[str, int] = {}
    for r in benchmarks:
        b = upsert(
            session,
            Benchmark,
            "slug",
            r["slug"],
            name=r["name"],
            unit=r["unit"],
            higher_is_better=r["higher_is_better"],
        )
        bench_ids[r["slug"]] = b.id
        session.exec(delete(BenchmarkAlias).where(BenchmarkAlias.benchmark_id == b.id))
        for k in dict.fromkeys(key(n) for n in benchmark_names(r)):
            session.add(BenchmarkAlias(benchmark_id=b.id, key=k))
    return bench_ids


def _write_models(
    session: Session,
    models: list[Row],
    catalog: str,
    ven_ids: dict[str, int],
    lic_ids: dict[str, int],
    counts: SeedCounts,
) -> dict[str, int]:
    session.exec(delete(ModelAlias).where(ModelAlias.source_id == catalog))
    model_ids: dict[str, int] = {}
    for r in models:
        m = upsert(
            session,
            Model,
            "slug",
            r["slug"],
            name=r["name"],
            vendor_id=ven_ids.get(r["vendor"]) if r["vendor"] else None,
            family=r.get("family"),
            release_date=r.get("release_date"),
            open_weights=r.get("open_weights"),
            license_id=lic_ids.get(r["license"]) if r.get("license") else None,
            architecture=r.get("architecture"),
            params_total=r.get("params_total"),
            params_active=r.get("params_active"),
            context_window=r.get("context_window"),
            curated=True,
            source_id=catalog,
        )
        model_ids[r["slug"]] = m.id
        for name in MODEL_COLUMNS:
            if r.get(name) is not None:
                session.add(_fact("model", m.id, name, r[name], catalog, Tier.CURATED, r["slug"]))
        for alias in dict.fromkeys(r.get("aliases") or []):
            session.add(ModelAlias(model_id=m.id, alias=alias, key=key(alias), source_id=catalog))
            counts.model_aliases += 1
        for ep in r.get("endpoints") or []:
            existing = session.exec(
                select(Endpoint).where(
                    Endpoint.platform == ep["platform"], Endpoint.external_id == ep["id"]
                )
            ).first()
            if existing:
                existing.model_id, existing.variant, existing.source_id = (
                    m.id,
                    ep["variant"],
                    catalog,
                )
            else:
                session.add(
                    Endpoint(
                        model_id=m.id,
                        platform=ep["platform"],
                        external_id=ep["id"],
                        variant=ep["variant"],
                        source_id=catalog,
                    )
                )
            counts.endpoints += 1
    return model_ids


def _write_article(
    session: Session,
    article: Article,
    data: SeedData,
    model_ids: dict[str, int],
    ven_ids: dict[str, int],
    bench_by_key: dict[str, int],
    counts: SeedCounts,
) -> None:
    s = article.source
    upsert(
        session,
        Source,
        "id",
        s["id"],
        kind=s["kind"],
        title=s["title"],
        publisher=s.get("publisher"),
        author=s.get("author"),
        published=s.get("published"),
        date_inferred=bool(s.get("date_inferred")),
        date_note=s.get("date_note"),
        url=s.get("url"),
        tier=int(Tier.PRESS),
    )
    counts.sources += 1
    for table in (Claim, BenchmarkResult, Fact):
        session.exec(delete(table).where(table.source_id == s["id"]))
    for c in article.claims:
        claim = _claim_row(s["id"], c, data, model_ids, ven_ids)
        session.add(claim)
        counts.claims += 1
        if c["measure"] == "benchmark_score":
            session.add(
                BenchmarkResult(
                    benchmark_id=bench_by_key[key(c["benchmark"])],
                    model_id=claim.model_id,
                    score=float(c["value"]),
                    setting=c.get("setting"),
                    measured=c.get("as_of") or s.get("published"),
                    tier=int(Tier.PRESS),
                    source_id=s["id"],
                    locator=c["locator"],
                )
            )
            counts.benchmark_results += 1
        if c["measure"] in MODEL_COLUMNS and claim.model_id is not None:
            session.add(
                _fact(
                    "model",
                    claim.model_id,
                    c["measure"],
                    c["value"],
                    s["id"],
                    Tier.PRESS,
                    c["locator"],
                )
            )


def _fact(
    kind: str, entity_id: int, field_name: str, value: Any, source_id: str, tier: Tier, locator: str
) -> Fact:
    if field_name in ("params_total", "params_active", "context_window") and isinstance(
        value, float
    ):
        value = int(value)
    return Fact(
        entity_kind=kind,
        entity_id=entity_id,
        field=field_name,
        value=encode(value),
        tier=int(tier),
        source_id=source_id,
        locator=locator,
    )


def _claim_row(
    source_id: str, c: Row, data: SeedData, model_ids: dict[str, int], ven_ids: dict[str, int]
) -> Claim:
    kind = c["_subject_kind"]
    period: dict[str, Any] = c.get("period") or {}
    value = c["value"]
    return Claim(
        source_id=source_id,
        key=c["id"],
        locator=c["locator"],
        subject=c["subject"],
        subject_kind=kind,
        model_id=model_ids[data.claim_models[c["subject"]]] if kind == "model" else None,
        vendor_id=ven_ids[c["subject"].split(":", 1)[1]] if kind == "vendor" else None,
        measure=c["measure"],
        value_num=None if isinstance(value, str) else Decimal(str(value)),
        value_text=value if isinstance(value, str) else None,
        unit=c["unit"],
        qualifier=c.get("qualifier"),
        period_start=period.get("start"),
        period_end=period.get("end"),
        as_of=c.get("as_of"),
        platform=c.get("platform"),
        benchmark=c.get("benchmark"),
        setting=c.get("setting"),
        compare_to=c.get("compare_to"),
        denominator=c.get("denominator"),
        members=_json(c.get("members")),
        compare_members=_json(c.get("compare_members")),
        workload=_json(c.get("workload")),
        note=c.get("note"),
    )


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)
