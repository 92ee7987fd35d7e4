"""Loading seeds/ and the price list: counts, idempotency, and rejection of a
broken seed file with nothing written, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select
from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.sources.load import seed
from tokenatlas.graph.sources.seeds import read_seeds, seeds_dir
from tokenatlas.graph.store.census import census
from tokenatlas.graph.store.tables import Claim, Model, Price, Source, Vendor


def test_seed_twice_leaves_row_counts_unchanged(empty_store):
    first = seed(empty_store)
    with Session(empty_store) as s:
        after_first = census(s)
    seed(empty_store)
    with Session(empty_store) as s:
        assert census(s) == after_first
    assert first.seeds.models > 30 and first.seeds.claims > 50
    assert first.prices.prices > 5000 and first.prices.providers > 40


def test_every_article_is_a_source_with_claims(store):
    articles = sorted(p.stem for p in (seeds_dir() / "articles").glob("*.yaml"))
    assert len(articles) == 5
    with Session(store) as s:
        for article_id in articles:
            source = s.get(Source, article_id)
            assert source is not None and source.kind == "article"
            claims = s.exec(select(Claim).where(Claim.source_id == article_id)).all()
            assert claims, f"{article_id} has no claims"
            assert all(c.locator and c.locator.startswith("p") for c in claims)


def test_stealth_models_keep_unknown_vendor_and_country(store):
    with Session(store) as s:
        hunter = s.exec(select(Model).where(Model.slug == "hunter-alpha")).one()
        assert hunter.vendor_id is None
        minimax = s.exec(select(Vendor).where(Vendor.slug == "minimax")).one()
        assert minimax.country == "CN"


def test_prices_are_exact_decimals_with_history(store):
    with Session(store) as s:
        opus = s.exec(select(Model).where(Model.slug == "claude-opus-4.6")).one()
        rows = s.exec(
            select(Price).where(Price.model_id == opus.id, Price.token_kind == "input")
        ).all()
    amounts = {str(r.usd_per_mtok) for r in rows}
    assert "5" in amounts  # $5.00 per million input tokens, stored exactly
    assert any(r.tier_min_tokens > 0 for r in rows), "context tiers are kept"
    assert any(r.valid_to is not None for r in rows), "price history keeps end dates"


def _copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), target)
    return target


def _break(path: Path, old: str, new: str) -> int:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


@pytest.mark.parametrize(
    ("file", "old", "new", "reason"),
    [
        (
            "models.yaml",
            "vendor: minimax",
            "vendor: no-such-vendor",
            "unknown vendor 'no-such-vendor'",
        ),
        ("vendors.yaml", "country: CN", "country: China", "not an ISO 3166-1 alpha-2"),
        (
            "licenses.yaml",
            "terms: restricted\n  family: gemma",
            "terms: strict\n  family: gemma",
            "terms 'strict' is not one of",
        ),
        (
            "licenses.yaml",
            "  source: https://ai.google.dev/gemma/terms\n",
            "",
            "license 'gemma-terms' states terms but no source",
        ),
        (
            "licenses.yaml",
            "aliases: [gemma, gemma-license",
            "aliases: [llama4, gemma, gemma-license",
            "'llama4' already names license 'llama-4'",
        ),
        (
            "articles/004_9db69242f8a27610.yaml",
            "measure: weekly_tokens",
            "measure: vibes",
            "unknown measure 'vibes'",
        ),
        (
            "articles/000_98774c8f9ac34603.yaml",
            "members: {rank: [1, 5]}",
            "members: {rank: [5, 1]}",
            "members.rank must be [from, to]",
        ),
        (
            "articles/001_75679318ac7da57d.yaml",
            "members: {country: CN, rank: [1, 6]}",
            "members: {country: China, rank: [1, 6]}",
            "members.country must be an ISO code",
        ),
    ],
)
def test_broken_seed_is_rejected_with_file_line_and_reason(
    store, tmp_path, monkeypatch, file, old, new, reason
):
    with Session(store) as s:
        before = census(s)
    broken = _copy_seeds(tmp_path)
    line = _break(broken / file, old, new)
    monkeypatch.setenv("TOKENATLAS_SEEDS_DIR", str(broken))
    with pytest.raises(LoadError) as caught:
        seed(store)
    message = str(caught.value)
    assert file.split("/")[-1] in message and reason in message
    reported_line = int(message.split(".yaml:")[1].split(":")[0])
    assert abs(reported_line - line) <= 12, message  # the line of the entry at fault
    with Session(store) as s:
        assert census(s) == before


def test_claim_naming_an_unknown_model_is_rejected(tmp_path, monkeypatch):
    broken = _copy_seeds(tmp_path)
    path = broken / "articles" / "004_9db69242f8a27610.yaml"
    path.write_text(
        path.read_text()
        + (
            "  - id: ghost\n    locator: p1\n    subject: Imaginary Model 9\n"
            "    measure: weekly_tokens\n    value: 1\n    unit: tokens\n"
        )
    )
    monkeypatch.setenv("TOKENATLAS_SEEDS_DIR", str(broken))
    with pytest.raises(LoadError, match="Imaginary Model 9"):
        read_seeds()


def test_a_new_price_list_version_replaces_its_rows_without_drift(store):
    """After a genai-prices upgrade the list is imported again: its rows are
    replaced, and links it made before are kept rather than re-decided."""
    with Session(store) as s:
        before = census(s)
        s.exec(text("UPDATE source SET content_hash = 'older' WHERE id LIKE 'genai-prices@%'"))
        s.commit()
    report = seed(store)
    assert not report.prices.skipped_unchanged and report.prices.created == 0
    with Session(store) as s:
        assert census(s) == before


def test_a_store_seeded_from_other_seeds_says_so(store, tmp_path, monkeypatch, capsys):
    """After a package upgrade (or an edit) the seeds differ from the ones
    the store holds: `db current` (and `serve`) say to run `seed`, which
    loads them and the note goes."""
    from tokenatlas.api.cli import main

    url = store.url.render_as_string(hide_password=False)
    assert main(["db", "current", "--database-url", url]) == 0
    assert "tokenatlas seed" not in capsys.readouterr().out
    changed = _copy_seeds(tmp_path)
    licenses = changed / "licenses.yaml"
    licenses.write_text(licenses.read_text() + "\n# a new comment is a new copy\n")
    monkeypatch.setenv("TOKENATLAS_SEEDS_DIR", str(changed))
    assert main(["db", "current", "--database-url", url]) == 0
    assert "run `tokenatlas seed`" in capsys.readouterr().out
    seed(store)
    assert main(["db", "current", "--database-url", url]) == 0
    assert "tokenatlas seed" not in capsys.readouterr().out
