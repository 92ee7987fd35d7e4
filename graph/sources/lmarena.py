"""LMArena text leaderboard (`lmarena/lmarena_text.csv`): arena scores with
their 95% confidence interval and votes, as results of the "LMArena text"
benchmark dated by the snapshot; the organisation as the model's vendor; the
licence as a fact.

A parenthesised part of a name ("Claude Opus 4 (thinking-16k)") is the
setting the score was taken in, unless it is a date, which is part of the id.

The smallest importer, and the pattern for a new one: typed rows, `read`,
`write`, then the module's `SOURCE`, `TIER` and `AS_OF` (see
`graph/sources/README.md`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.contract import row_error

DATASET = "lmarena"
FILE = "lmarena/lmarena_text.csv"
COLUMNS = ("rank", "model", "arena_score", "95_pct_ci", "votes", "organization", "license")
_CI = re.compile(r"^\+(\d+(?:\.\d+)?)/-(\d+(?:\.\d+)?)$")
_PAREN = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
_DATEISH = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")


@dataclass(frozen=True)
class ArenaRow:
    line: int
    model: str
    base: str
    setting: str | None
    score: float
    ci_plus: float
    ci_minus: float
    votes: int
    rank: int
    organization: str | None
    license: str | None
    url: str | None


def split_setting(name: str) -> tuple[str, str | None]:
    """The model part of a leaderboard name and the setting in parentheses.

    >>> split_setting("Claude Opus 4 (thinking-16k)")
    ('Claude Opus 4', 'thinking-16k')
    >>> split_setting("ChatGPT-4o-latest (2025-03-26)")
    ('ChatGPT-4o-latest-2025-03-26', None)
    >>> split_setting("GLM-4.5")
    ('GLM-4.5', None)
    """
    m = _PAREN.match(name)
    if not m:
        return name.strip(), None
    base, inner = m.group(1).strip(), m.group(2).strip()
    if _DATEISH.match(inner):
        return f"{base}-{inner}", None
    return base, inner


def read(path: Path) -> list[ArenaRow]:
    """Parse and check the file; raise `LoadError` naming file, line and reason."""
    rows: list[ArenaRow] = []
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise row_error(path, 0, f"cannot be read ({exc.strerror})") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise row_error(path, 1, f"missing column(s): {', '.join(missing)}")
        for record in reader:
            line = reader.line_num
            name = (record["model"] or "").strip()
            if not name:
                raise row_error(path, line, "empty model name")
            ci = _CI.match((record["95_pct_ci"] or "").strip())
            if not ci:
                raise row_error(
                    path, line, f"95_pct_ci must look like +5/-5, got {record['95_pct_ci']!r}"
                )
            try:
                score = float(record["arena_score"])
                votes = int(record["votes"])
                rank = int(record["rank"])
            except (TypeError, ValueError) as exc:
                raise row_error(
                    path, line, f"arena_score, votes and rank must be numbers ({exc})"
                ) from exc
            base, setting = split_setting(name)
            rows.append(
                ArenaRow(
                    line,
                    name,
                    base,
                    setting,
                    score,
                    float(ci.group(1)),
                    float(ci.group(2)),
                    votes,
                    rank,
                    (record["organization"] or "").strip() or None,
                    (record["license"] or "").strip() or None,
                    (record.get("url") or "").strip() or None,
                )
            )
    if not rows:
        raise row_error(path, 1, "no rows")
    return rows


def write(ctx: ImportContext, rows: list[ArenaRow], *, as_of: date) -> None:
    benchmark = ctx.benchmark("LMArena text", unit="elo")
    for i, r in enumerate(rows):
        vendor = ctx.vendor(r.organization) if r.organization else None
        model = ctx.model(r.base, names=[r.model], vendor_id=vendor)
        ctx.report.rows += 1
        ctx.progress(i + 1, len(rows))
        if model is None:
            continue
        locator = f"line {r.line}"
        ctx.result(
            model,
            benchmark,
            r.score,
            setting=r.setting,
            measured=as_of,
            votes=r.votes,
            ci_low=r.score - r.ci_minus,
            ci_high=r.score + r.ci_plus,
            locator=locator,
        )
        if r.license:
            ctx.fact(model, "license", ctx.license(r.license), locator=locator)
            ctx.fact(model, "open_weights", r.license.lower() != "proprietary", locator=locator)
        if r.organization:
            ctx.fact(model, "organization", [r.organization], locator=locator)
    ctx.flush()


SOURCE = dict(
    kind="dataset",
    title="LMArena text leaderboard",
    publisher="LMArena",
    url="https://lmarena.ai/leaderboard/text",
    licence="MPL-2.0 (fboulnois/llm-leaderboard-csv)",
    notes="arena scores with 95% CI and votes; via fboulnois/llm-leaderboard-csv",
)
TIER = Tier.LEADERBOARD
AS_OF = date(2025, 8, 4)
