"""A store's graph as plain values, with ids replaced by slugs and sources
by their dataset: two stores made from the same data compare equal when
they hold the same models, names, vendors, edges, prices and results,
whatever ids their rows were given."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

# Each part: a query whose columns name models (m, m2), vendors (v),
# benchmarks (b) or licences (l) by id, or a source (s), and the rest as
# they are.
PARTS = {
    "models": "select slug, name, vendor_id as v, curated, known, family, release_date, "
    "open_weights, license_id as l, params_total, context_window, source_id as s from model",
    "aliases": "select model_id as m, key, source_id as s from modelalias",
    "endpoints": "select model_id as m, platform, external_id, variant, source_id as s "
    "from endpoint",
    "edges": "select child_id as m, parent_id as m2, relation, source_id as s from lineageedge",
    "vendors": "select slug, name, kind, country, source_id as s from vendor",
    "vendor aliases": "select vendor_id as v, key, source_id as s from vendoralias",
    "providers": "select slug, name, vendor_id as v from provider",
    "prices": "select model_id as m, provider_model_id, token_kind, usd_per_mtok, "
    "tier_min_tokens, valid_from, valid_to, conditions, source_id as s from price",
    "results": "select model_id as m, benchmark_id as b, score, setting, source_id as s "
    "from benchmarkresult",
    "facts": "select entity_kind, entity_id, field, value, source_id as s from fact",
    "close calls": "select model_a_id as m, model_b_id as m2, score from mergecandidate",
    "unresolved": "select name, reason, source_id as s from unresolvedname",
    "usage": "select model_id as m, vendor_id as v, period_start, subject_label, tokens, "
    "source_id as s from usageobservation",
}


def picture(engine: Engine) -> dict[str, list[tuple]]:
    """Every part, each row with its ids named, sorted."""
    with engine.connect() as conn:
        names = {
            "m": dict(conn.execute(text("select id, slug from model")).all()),
            "v": dict(conn.execute(text("select id, slug from vendor")).all()),
            "b": dict(conn.execute(text("select id, slug from benchmark")).all()),
            "l": dict(conn.execute(text("select id, slug from license")).all()),
        }
        out = {}
        for part, query in PARTS.items():
            result = conn.execute(text(query))
            columns = list(result.keys())
            rows = []
            for row in result.all():
                values = dict(zip(columns, row, strict=True))
                if part == "facts":  # the entity a fact is about, by its kind
                    kind = "m" if values["entity_kind"] == "model" else "v"
                    values["entity_id"] = names[kind].get(values["entity_id"])
                row = tuple(_named(c, v, names) for c, v in values.items())
                if part == "close calls":  # a pair, whichever node has the lower id
                    row = (*sorted(row[:2], key=str), *row[2:])
                rows.append(row)
            out[part] = sorted(rows, key=repr)
    return out


def _named(column: str, value, names: dict[str, dict]):
    if column == "s":
        return str(value).partition("@")[0]
    if column in ("m", "m2", "v", "b", "l"):
        return names[column[0]].get(value)
    return value


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]], shown: int = 3) -> list[str]:
    """What one picture holds that the other does not, a few rows per part."""
    out = []
    for part in a:
        left, right = set(map(repr, a[part])), set(map(repr, b[part]))
        if left != right:
            out.append(
                f"{part}: {len(left - right)} rows only in the first, "
                f"{len(right - left)} only in the second"
            )
            out += [f"  first:  {r}" for r in sorted(left - right)[:shown]]
            out += [f"  second: {r}" for r in sorted(right - left)[:shown]]
    return out
