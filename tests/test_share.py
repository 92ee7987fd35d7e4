"""Usage share through the API, checked against sums computed here straight
from the weekly JSON files and the seed YAML (no graph/ code involved)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
import yaml
from sqlmodel import Session, select
from starlette.testclient import TestClient
from tokenatlas.api.http.app import create_app
from tokenatlas.graph.store.tables import Source, UsageObservation, Vendor

from tests.conftest import REPO, WEEKLY_DIR, StatementCounter, gql

SERIES_Q = """query($by: ShareGroup!) {
  shareSeries(from: "2025-01-01", to: "2026-12-31", groupBy: $by) {
    periods { periodStart periodEnd totalTokens trackedTokens source { id } }
    series { key unknown points { periodStart tokens share rank change } }
  }
}"""

SHARE_Q = """query($week: Date!, $by: ShareGroup!) {
  share(week: $week, groupBy: $by) {
    periodStart periodEnd totalTokens source { id }
    rows { key tokens share rank change previousTokens models }
  }
}"""


# --------------------------------------------------------------------------
# The expected figures, from the files themselves


def _catalog() -> dict[str, tuple[str, str | None, str | None]]:
    """OpenRouter id -> (model slug, vendor slug, country), from seeds/*.yaml."""
    vendors = yaml.safe_load((REPO / "seeds" / "vendors.yaml").read_text())
    country = {v["slug"]: v.get("country") for v in vendors}
    out = {}
    for m in yaml.safe_load((REPO / "seeds" / "models.yaml").read_text()):
        for e in m.get("endpoints") or []:
            out[e["id"]] = (m["slug"], m.get("vendor"), country.get(m.get("vendor")))
    return out


def _key(by: str, model: str, vendor: str | None, country: str | None) -> str:
    if by == "MODEL":
        return model
    if vendor is None:
        return f"unknown:model:{model}"
    if by == "VENDOR":
        return vendor
    return country if country else f"unknown:vendor:{vendor}"


def expected_weeks(by: str) -> dict[date, dict]:
    """Per period start: the file's period, total and tokens per key."""
    ids = _catalog()
    weeks = {}
    for path in sorted(WEEKLY_DIR.glob("*.json")):
        doc = json.loads(path.read_text())
        collected = date.fromisoformat(doc["date"])
        tokens: dict[str, int] = defaultdict(int)
        for entry in doc["models"]:
            model, vendor, country = ids[entry["slug"]]
            tokens[_key(by, model, vendor, country)] += int(entry["total_tokens"])
        total = sum(int(e["total_tokens"]) for e in doc["models"])
        assert total == doc["total_tokens"]  # the file's own total is its top-N's sum
        weeks[collected - timedelta(days=7)] = {
            "end": collected - timedelta(days=1),
            "source": f"openrouter-weekly/{doc['date']}",
            "total": total,
            "tokens": dict(tokens),
        }
    return weeks


def _previous(weeks: dict[date, dict], start: date) -> dict | None:
    """The week ending less than a week before `start`, if observed."""
    before = [s for s, w in weeks.items() if w["end"] < start and (start - w["end"]).days <= 7]
    return weeks[max(before)] if before else None


# --------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["MODEL", "VENDOR", "COUNTRY"])
def test_series_over_every_snapshot_matches_the_files(client, by):
    weeks = expected_weeks(by)
    data = gql(client, SERIES_Q, {"by": by})["shareSeries"]
    periods = data["periods"]
    assert [date.fromisoformat(p["periodStart"]) for p in periods] == sorted(weeks)
    for p in periods:
        w = weeks[date.fromisoformat(p["periodStart"])]
        assert p["periodEnd"] == w["end"].isoformat()
        assert p["totalTokens"] == p["trackedTokens"] == w["total"]
        assert p["source"]["id"] == w["source"]
    keys = {k for w in weeks.values() for k in w["tokens"]}
    assert {s["key"] for s in data["series"]} == keys
    for line in data["series"]:
        for point in line["points"]:
            start = date.fromisoformat(point["periodStart"])
            w = weeks[start]
            tokens = w["tokens"].get(line["key"])
            assert point["tokens"] == tokens, (line["key"], start)
            if tokens is None:
                assert point["share"] is None and point["rank"] is None
                continue
            assert point["share"] == pytest.approx(tokens / w["total"], rel=1e-12)
            prev = _previous(weeks, start)
            before = prev["tokens"].get(line["key"]) if prev else None
            if before:
                assert point["change"] == pytest.approx(tokens / before - 1, rel=1e-12)
            else:
                assert point["change"] is None


@pytest.mark.parametrize("by", ["MODEL", "VENDOR", "COUNTRY"])
def test_share_of_each_week_matches_the_files(client, by):
    weeks = expected_weeks(by)
    for start, w in weeks.items():
        # Any day of the period finds it: ask for the last one.
        data = gql(client, SHARE_Q, {"week": w["end"].isoformat(), "by": by})["share"]
        assert data["periodStart"] == start.isoformat()
        assert data["totalTokens"] == w["total"]
        assert data["source"]["id"] == w["source"]
        got = {r["key"]: r["tokens"] for r in data["rows"]}
        assert got == w["tokens"]
        assert sum(r["share"] for r in data["rows"]) == pytest.approx(1.0)
        ranked = sorted(w["tokens"].items(), key=lambda kv: (-kv[1], kv[0]))
        assert [r["key"] for r in data["rows"]] == [k for k, _ in ranked]
        assert data["rows"][0]["rank"] == 1


def test_chinese_tokens_in_the_week_of_9_to_15_march_2026(client):
    data = gql(client, SHARE_Q, {"week": "2026-03-12", "by": "COUNTRY"})["share"]
    rows = {r["key"]: r for r in data["rows"]}
    assert (data["periodStart"], data["periodEnd"]) == ("2026-03-09", "2026-03-15")
    assert rows["CN"]["tokens"] == 4_690_000_000_000
    assert set(rows["CN"]["models"]) == {
        "minimax-m2.5",
        "step-3.5-flash",
        "deepseek-v3.2",
        "kimi-k2.5",
    }
    assert rows["CN"]["share"] == pytest.approx(4.69 / 9.192)
    # Against the week of 2-8 March (4.194T).
    assert rows["CN"]["previousTokens"] == 4_194_000_000_000
    assert rows["CN"]["change"] == pytest.approx(4.69 / 4.194 - 1)


def test_endpoint_variants_sum_into_their_model(client):
    # 2025-11-23..29 saw x-ai/grok-4.1-fast:free and x-ai/grok-4.1-fast.
    q = """{ share(week: "2025-11-25", groupBy: MODEL) { rows { key tokens
        observations { subjectLabel tokens source { locator } } } } }"""
    rows = {r["key"]: r for r in gql(client, q)["share"]["rows"]}
    grok = rows["grok-4.1-fast"]
    assert grok["tokens"] == 1_579_896_000_073 + 203_108_914_718
    assert {o["subjectLabel"] for o in grok["observations"]} == {
        "x-ai/grok-4.1-fast:free",
        "x-ai/grok-4.1-fast",
    }
    assert all(o["source"]["locator"] == o["subjectLabel"] for o in grok["observations"])


def test_models_of_unknown_vendor_keep_their_own_rows(client):
    q = """query($by: ShareGroup!) { share(week: "2025-11-20", groupBy: $by) {
        rows { key label unknown tokens models } } }"""
    for by in ("VENDOR", "COUNTRY"):
        rows = {r["key"]: r for r in gql(client, q, {"by": by})["share"]["rows"]}
        stealth = rows["unknown:model:sherlock-think-alpha"]
        assert stealth["unknown"] is True and stealth["models"] == ["sherlock-think-alpha"]
        assert stealth["tokens"] == 163_037_899_055
        assert not any(r["unknown"] for k, r in rows.items() if not k.startswith("unknown:"))


def test_a_vendor_without_country_is_its_own_country_row(sqlite_store):
    with Session(sqlite_store) as s:
        vendor = s.exec(select(Vendor).where(Vendor.slug == "stepfun")).one()
        vendor.country = None
        s.add(vendor)
        s.commit()
    client = TestClient(create_app(sqlite_store))
    q = '{ share(week: "2026-03-09", groupBy: COUNTRY) { rows { key unknown tokens } } }'
    rows = {r["key"]: r for r in gql(client, q)["share"]["rows"]}
    assert rows["unknown:vendor:stepfun"] == {
        "key": "unknown:vendor:stepfun",
        "unknown": True,
        "tokens": 1_340_000_000_000,
    }
    assert rows["CN"]["tokens"] == 4_690_000_000_000 - 1_340_000_000_000


def test_platform_scope_without_a_platform_total_is_null_with_a_reason(client):
    q = """{ share(week: "2026-03-09", groupBy: COUNTRY, scope: PLATFORM) {
        scope totalTokens trackedTokens reason rows { key tokens share } } }"""
    data = gql(client, q)["share"]
    assert data["scope"] == "PLATFORM" and data["totalTokens"] is None
    assert data["trackedTokens"] == 9_192_000_000_000
    assert "no platform-total observation" in data["reason"]
    assert all(r["share"] is None and r["tokens"] > 0 for r in data["rows"])


def _add_source(engine, source_id: str, *, kind: str, tier: int, published: date, rows) -> None:
    with Session(engine) as s:
        s.add(Source(id=source_id, kind=kind, title=source_id, published=published, tier=tier))
        for subject_kind, model_id, tokens in rows:
            s.add(
                UsageObservation(
                    platform="openrouter",
                    period_start=date(2026, 3, 9),
                    period_end=date(2026, 3, 15),
                    subject_kind=subject_kind,
                    model_id=model_id,
                    subject_label=str(model_id or "platform"),
                    tokens=tokens,
                    source_id=source_id,
                )
            )
        s.commit()


def _model_id(engine, observed_label: str) -> int:
    with Session(engine) as s:
        return s.exec(
            select(UsageObservation.model_id).where(
                UsageObservation.subject_label == observed_label
            )
        ).first()


def test_two_sources_for_one_week_are_never_added(sqlite_store):
    m25 = _model_id(sqlite_store, "minimax/minimax-m2.5-20260211")
    # A later document for the same week, of a better precedence tier (press, 4) than the
    # snapshot (leaderboard, 5): measured data still comes first.
    _add_source(
        sqlite_store,
        "press-w11",
        kind="article",
        tier=4,
        published=date(2026, 3, 20),
        rows=[("model", m25, 2_000_000_000_000), ("platform", None, 20_000_000_000_000)],
    )
    client = TestClient(create_app(sqlite_store))
    q = """query($source: String, $scope: ShareScope!) {
        share(week: "2026-03-09", groupBy: MODEL, source: $source, scope: $scope) {
        totalTokens source { id } alternativeSources denominatorSource { id }
        rows { key tokens share } } }"""
    default = gql(client, q, {"scope": "TRACKED"})["share"]
    assert default["source"]["id"] == "openrouter-weekly/2026-03-16"
    assert default["alternativeSources"] == ["press-w11"]
    assert default["totalTokens"] == 9_192_000_000_000
    m = {r["key"]: r for r in default["rows"]}["minimax-m2.5"]
    assert m["tokens"] == 1_750_000_000_000  # not 3.75T: sources are never summed

    picked = gql(client, q, {"source": "press-w11", "scope": "PLATFORM"})["share"]
    assert picked["source"]["id"] == "press-w11"
    assert picked["alternativeSources"] == ["openrouter-weekly/2026-03-16"]
    assert picked["denominatorSource"]["id"] == "press-w11"
    assert picked["totalTokens"] == 20_000_000_000_000
    assert picked["rows"] == [{"key": "minimax-m2.5", "tokens": 2_000_000_000_000, "share": 0.1}]

    missing = client.post(
        "/graphql",
        json={
            "query": q,
            "variables": {"source": "openrouter-weekly/2026-03-09", "scope": "TRACKED"},
        },
    ).json()
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "openrouter-weekly/2026-03-16" in missing["errors"][0]["message"]


def test_among_equal_snapshots_the_most_recent_wins(sqlite_store):
    m25 = _model_id(sqlite_store, "minimax/minimax-m2.5-20260211")
    _add_source(
        sqlite_store,
        "revised-w11",
        kind="snapshot",
        tier=5,
        published=date(2026, 3, 30),
        rows=[("model", m25, 1_800_000_000_000)],
    )
    client = TestClient(create_app(sqlite_store))
    data = gql(
        client, '{ share(week: "2026-03-10", groupBy: MODEL) { source { id } totalTokens } }'
    )
    assert data["share"] == {"source": {"id": "revised-w11"}, "totalTokens": 1_800_000_000_000}


def test_countries_restrict_rows_and_denominator_and_limit_selects(client):
    q = """{ share(week: "2026-03-09", groupBy: COUNTRY, countries: ["CN", "US"]) {
            denominator totalTokens rows { key share } }
        top: share(week: "2026-04-01", groupBy: MODEL, countries: ["cn"], limit: 6) {
            totalTokens selectedTokens selectedShare rows { key country rank } } }"""
    data = gql(client, q)
    us_cn = data["share"]
    assert us_cn["totalTokens"] == 4_690_000_000_000 + 3_836_000_000_000
    assert "CN, US" in us_cn["denominator"]
    assert {r["key"]: r["share"] for r in us_cn["rows"]}["CN"] == pytest.approx(4.69 / 8.526)
    top = data["top"]
    assert top["selectedTokens"] == 12_960_000_000_000
    assert top["totalTokens"] == 13_808_000_000_000
    assert top["selectedShare"] == pytest.approx(12.96 / 13.808)
    assert len(top["rows"]) == 6 and {r["country"] for r in top["rows"]} == {"CN"}
    assert [r["rank"] for r in top["rows"]] == [1, 2, 3, 4, 5, 5]  # a tie at 1.19T


def test_claims_for_the_period_sit_beside_the_rows(client):
    q = """{ share(week: "2026-03-09", groupBy: COUNTRY) {
        claims { key } rows { key source { id } claims { key value source { id locator } } } } }"""
    data = gql(client, q)["share"]
    rows = {r["key"]: r for r in data["rows"]}
    assert {c["key"] for c in rows["CN"]["claims"]} == {"cn-tokens-w11", "cn-share-w11"}
    assert {c["key"] for c in rows["US"]["claims"]} == {"us-tokens-w11"}
    assert {r["source"]["id"] for r in data["rows"]} == {"openrouter-weekly/2026-03-16"}
    assert {c["source"]["id"] for c in rows["CN"]["claims"]} == {"004_9db69242f8a27610"}
    assert {"cn-tokens-w11", "us-tokens-w11", "cn-share-w11"} <= {c["key"] for c in data["claims"]}


def test_a_day_no_snapshot_covers_is_a_clear_error(client):
    # 2026-02-08: the files of 02-08 and 02-16 leave it out.
    body = client.post(
        "/graphql", json={"query": '{ share(week: "2026-02-08", groupBy: MODEL) { totalTokens } }'}
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "2026-02-08" in error["message"] and "2026-02-09" in error["message"]


def test_change_compares_across_a_one_day_gap(client):
    # 2026-02-09..15 follows 2026-02-01..07 (the 8th is not covered).
    q = """{ share(week: "2026-02-10", groupBy: MODEL) { previousPeriodStart
        rows { key change previousTokens } } }"""
    data = gql(client, q)["share"]
    assert data["previousPeriodStart"] == "2026-02-01"
    kimi = {r["key"]: r for r in data["rows"]}["kimi-k2.5"]
    assert kimi["previousTokens"] == 1_158_993_888_826
    assert kimi["change"] == pytest.approx(1_300_000_000_000 / 1_158_993_888_826 - 1)


def test_series_costs_a_constant_number_of_statements(sqlite_store):
    client = TestClient(create_app(sqlite_store))
    q = """query($to: Date!) { shareSeries(from: "2025-11-01", to: $to, groupBy: COUNTRY) {
        periods { periodStart source { id title } } series { key points { tokens share } } } }"""
    gql(client, q, {"to": "2026-01-15"})  # the first answer of a store's state reads sources
    counts = []
    for to in ("2025-12-01", "2026-04-30"):
        with StatementCounter(sqlite_store) as counter:
            gql(client, q, {"to": to})
        counts.append(len(counter.statements))
    assert counts[0] == counts[1] <= 3, counts


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        ('from: "2026-03-01", to: "2026-02-01"', "INVALID_ARGUMENT", "before"),
        ('from: "2020-01-01", to: "2026-02-01"', "LIMIT_EXCEEDED", "at most"),
        ('from: "2026-01-01", to: "2026-02-01", countries: ["China"]', "INVALID_ARGUMENT", "China"),
        ('from: "2026-01-01", to: "2026-02-01", platform: "nowhere"', "NOT_FOUND", "nowhere"),
    ],
)
def test_bad_series_arguments_are_clear_errors(client, args, code, text):
    q = f"{{ shareSeries({args}, groupBy: COUNTRY) {{ periods {{ periodStart }} }} }}"
    error = client.post("/graphql", json={"query": q}).json()["errors"][0]
    assert error["extensions"]["code"] == code and text in error["message"]


def test_analytics_agree_on_sqlite_and_postgres(store):
    """The graph functions on each backend (PostgreSQL stores money as NUMERIC)."""
    from tokenatlas.graph.analytics import parity, pricing, share

    with Session(store) as s:
        week = share.share(s, day=date(2026, 3, 9), group_by=share.ShareGroup.COUNTRY)
        assert {r.key: r.tokens for r in week.rows}["CN"] == 4_690_000_000_000
        series = share.share_series(
            s, start=date(2025, 11, 1), end=date(2026, 4, 30), group_by=share.ShareGroup.VENDOR
        )
        assert len(series.periods) == len(list(WEEKLY_DIR.glob("*.json")))
        ratio = pricing.price_ratio(
            s,
            numerator="claude-opus-4.6",
            denominator="minimax-m2.5",
            component=pricing.Component.BLENDED,
            at=date(2026, 5, 25),
            denominator_provider="novita",
        )
        assert (ratio.numerator.usd_per_mtok, ratio.denominator.usd_per_mtok) == (
            10,
            Decimal("0.525"),
        )
        cost = pricing.workload_cost(
            s,
            models=["claude-opus-4.6"],
            input_tokens=Decimal(300_000),
            output_tokens=Decimal(10_000),
            at=date(2026, 3, 1),
        )
        assert cost.rows[0].usd == Decimal("3.375")
        gap = parity.benchmark_parity(s, benchmark="swe-bench-verified", at=date(2026, 5, 25))
        assert [(r.model.slug, r.gap) for r in gap.rows] == [
            ("claude-opus-4.6", 0),
            ("minimax-m2.5", Decimal("0.6")),
        ]
