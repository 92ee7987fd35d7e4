"""Ingesting the weekly OpenRouter snapshots: periods, resolution,
unknown breakdowns, endpoints that sum, idempotency, rejection."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.sources.load import seed
from tokenatlas.graph.sources.openrouter import ingest_weekly
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.tables import Model, Price, Provider, Source, UsageObservation

from tests.conftest import weekly_files


def test_every_id_resolves_and_periods_are_explicit(empty_store):
    seed(empty_store)
    with Session(empty_store) as s:
        report = ingest_weekly(s, weekly_files())
        s.commit()
        assert report.unresolved == []
        assert report.files == len(weekly_files())
        rows = s.exec(
            select(UsageObservation).where(
                UsageObservation.source_id == "openrouter-weekly/2026-03-16"
            )
        ).all()
        assert rows and {(r.period_start, r.period_end) for r in rows} == {
            (date(2026, 3, 9), date(2026, 3, 15))
        }
        assert all(r.model_id is not None for r in s.exec(select(UsageObservation)))


def test_ingest_twice_changes_nothing(store):
    with Session(store) as s:
        before = census(s)
        report = ingest_weekly(s, weekly_files())
        s.commit()
        assert report.unchanged == report.files
        assert census(s) == before


def test_all_zero_breakdown_is_unknown_not_zero(store):
    with Session(store) as s:
        row = s.exec(
            select(UsageObservation).where(
                UsageObservation.source_id == "openrouter-weekly/2026-04-06",
                UsageObservation.subject_label == "qwen/qwen3.6-plus-preview:free",
            )
        ).one()
    assert row.tokens == 1_640_000_000_000
    assert (row.prompt_tokens, row.completion_tokens, row.reasoning_tokens, row.cached_tokens) == (
        None,
        None,
        None,
        None,
    )


def test_two_ids_of_one_model_in_a_week_stay_two_and_sum(store):
    raw = json.loads((weekly_files()[0].parent / "2025-11-30.json").read_text())
    expected = sum(
        m["total_tokens"] for m in raw["models"] if m["slug"].startswith("x-ai/grok-4.1-fast")
    )
    with Session(store) as s:
        grok = s.exec(select(Model).where(Model.slug == "grok-4.1-fast")).one()
        rows = s.exec(
            select(UsageObservation).where(
                UsageObservation.model_id == grok.id,
                UsageObservation.source_id == "openrouter-weekly/2025-11-30",
            )
        ).all()
    assert sorted(r.subject_label for r in rows) == [
        "x-ai/grok-4.1-fast",
        "x-ai/grok-4.1-fast:free",
    ]
    assert len({r.endpoint_id for r in rows}) == 2
    assert sum(r.tokens for r in rows) == expected


def test_a_weeks_prices_hold_for_that_week_and_a_free_id_is_no_price(store):
    """The prices a snapshot shows for an id are OpenRouter's prices of
    that week: valid over its period only, in USD per million tokens; a
    `:free` id is an offer (an endpoint), never a price; a changed copy
    replaces its prices instead of adding to them."""
    week = weekly_files()[-3]  # 2026-04-06: MiMo-V2-Pro at 1e-06 USD per prompt token
    doc = json.loads(week.read_text())
    entry = next(m for m in doc["models"] if m["slug"].startswith("xiaomi/mimo-v2-pro"))
    with Session(store) as s:
        rows = s.exec(
            select(Price)
            .join(Provider, Provider.id == Price.provider_id)
            .where(
                Price.source_id == f"openrouter-weekly/{doc['date']}", Provider.slug == "openrouter"
            )
        ).all()
        mimo = {r.token_kind: r for r in rows if r.provider_model_id == entry["slug"]}
        assert mimo["input"].usd_per_mtok == Decimal(str(entry["prompt_price"])).scaleb(6)
        assert mimo["output"].usd_per_mtok == Decimal(str(entry["completion_price"])).scaleb(6)
        assert (mimo["input"].valid_from, mimo["input"].valid_to) == (
            date.fromisoformat(doc["date"]) - timedelta(days=7),
            date.fromisoformat(doc["date"]),
        )
        assert not [r for r in rows if ":" in r.provider_model_id]
        before, source_id = len(rows), rows[0].source_id
        s.exec(text("UPDATE source SET content_hash = 'stale' WHERE kind = 'snapshot'"))
        s.commit()
        ingest_weekly(s, [week])
        s.commit()
        again = s.exec(
            select(func.count()).select_from(Price).where(Price.source_id == source_id)
        ).one()
        assert again == before


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda d: d["models"][3].__setitem__("total_tokens", "lots"), "models[3].total_tokens"),
        (lambda d: d.__setitem__("date", "16 March"), "YYYY-MM-DD"),
        (lambda d: d["models"][0].pop("slug"), "models[0].slug"),
        (lambda d: d["models"][1].__setitem__("prompt_price", -1), "models[1].prompt_price"),
        (lambda d: d["models"][2].__setitem__("cache_read_price", float("nan")), "cache_read"),
    ],
)
def test_malformed_file_is_rejected_whole(store, tmp_path, mutate, reason):
    good = weekly_files()[:2]
    doc = json.loads(weekly_files()[2].read_text())
    mutate(doc)
    bad = tmp_path / "bad-week.json"
    bad.write_text(json.dumps(doc))
    with Session(store) as s:
        # The good files were changed too: unchanged files would be skipped anyway.
        s.exec(text("UPDATE source SET content_hash = 'stale' WHERE kind = 'snapshot'"))
        s.commit()
        before = census(s)
        with pytest.raises(LoadError) as caught:
            ingest_weekly(s, [*good, bad])
        s.rollback()
        assert "bad-week.json" in str(caught.value) and reason in str(caught.value)
        assert census(s) == before
        stale = s.exec(
            select(func.count()).select_from(Source).where(Source.content_hash == "stale")
        )
        assert stale.one() == len(weekly_files())
