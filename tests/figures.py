"""The articles' figures as pinned answers of the analytics queries: for
each figure a query can answer, the GraphQL query, what the API answers
and the Source of that answer; tests/test_figures.py runs each against the
seeded store, so a change that moves a figure fails there. Rows without a
query (`nd`) keep the reading of a figure no query answers.

Each claim's status against the data (consistent, contradicted,
unverifiable) is the fact-check's, through the API (`claims`), and
docs/figures.md is generated from it (`tokenatlas factcheck`). These rows
also keep under test the readings the claims do not hold: a named
provider, a gap between two figures, an assumed workload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

REPRODUCED, DIFFERS, NOT_DERIVABLE = "reproduced", "differs", "not derivable"

ARTICLES = {
    "000": (
        "000_98774c8f9ac34603",
        "Chinese AI models are breaking popularity records (2026-04-10)",
    ),
    "001": (
        "001_75679318ac7da57d",
        "Chinese models take the top six spots on OpenRouter (2026-04-08)",
    ),
    "002": ("002_f2484f20264e1ef0", "Chinese open-weight models dominate OpenRouter (2026-05-25)"),
    "003": (
        "003_c68e4c05391fe1fd",
        "Chinese AI Models Overtake US Competitors on OpenRouter (undated)",
    ),
    "004": (
        "004_9db69242f8a27610",
        "Chinese AI models outpace US models on OpenRouter (2026-03-16)",
    ),
}
T = 10**12
PRICES = "genai-prices@0.2.3"
CATALOG = "tokenatlas-catalog"


# --------------------------------------------------------------------------
# What an article states, and when a value meets it


@dataclass(frozen=True)
class Stated:
    text: str  # as the article puts it (our paraphrase of the number)
    met: Callable[[object], bool] | None = None  # None: nothing to compare with


def exact(value: float, text: str, tol: float) -> Stated:
    """Within the stated rounding: one unit of the last digit given (rounded or cut)."""
    return Stated(text, lambda v: abs(float(v) - value) <= tol)


def about(value: float, text: str, tol: float) -> Stated:
    return Stated(f"about {text} (±{tol:g})", lambda v: abs(float(v) - value) <= tol)


def nearly(value: float, text: str) -> Stated:
    """Just under: within 5% below."""
    return Stated(f"nearly {text}", lambda v: 0.95 * value <= float(v) <= value)


def over(value: float, text: str) -> Stated:
    return Stated(f"over {text}", lambda v: float(v) > value)


def equals(value: object, text: str) -> Stated:
    return Stated(text, lambda v: v == value)


# --------------------------------------------------------------------------
# Reading answers


def rows(data: dict, field_name: str = "share") -> list[dict]:
    return data[field_name]["rows"]


def row(data: dict, key: str, field_name: str = "share") -> dict:
    (found,) = [r for r in rows(data, field_name) if r["key"] == key]
    return found


def by_model(items: list[dict], slug: str) -> dict:
    (found,) = [r for r in items if r["model"]["slug"] == slug]
    return found


def series_tokens(data: dict, key: str) -> list[int | None]:
    for line in data["shareSeries"]["series"]:
        if line["key"] == key:
            return [p["tokens"] for p in line["points"]]
    return [None] * len(data["shareSeries"]["periods"])


def first_week_cn_over_us(data: dict) -> str:
    periods = data["shareSeries"]["periods"]
    cn, us = series_tokens(data, "CN"), series_tokens(data, "US")
    for p, c, u in zip(periods, cn, us, strict=True):
        if c is not None and u is not None and c > u:
            return p["periodStart"]
    return ""


def source_of_week(data: dict, start: str) -> str:
    (p,) = [p for p in data["shareSeries"]["periods"] if p["periodStart"] == start]
    return p["source"]["id"]


def final_streak(data: dict, holds: Callable[[int], bool]) -> int:
    n = len(data["shareSeries"]["periods"])
    streak = 0
    for i in reversed(range(n)):
        if not holds(i):
            break
        streak += 1
    return streak


def cn_ahead(data: dict) -> Callable[[int], bool]:
    cn, us = series_tokens(data, "CN"), series_tokens(data, "US")
    return lambda i: (cn[i] or 0) > (us[i] or 0)


def top6_chinese(data: dict) -> Callable[[int], bool]:
    lines = data["shareSeries"]["series"]

    def holds(i: int) -> bool:
        top = [ln for ln in lines if ln["points"][i]["rank"] and ln["points"][i]["rank"] <= 6]
        return bool(top) and all(ln["country"] == "CN" for ln in top)

    return holds


def free_endpoint(model: dict) -> bool:
    return any(e["variant"] == "free" for e in model["endpoints"])


def served(models: list[dict]) -> list[dict]:
    """The models a platform serves under an endpoint id of their own."""
    return [m for m in models if m["endpoints"]]


def fmt_tokens(v) -> str:
    return f"{Decimal(v) / T:.3f}T".replace(".000T", "T")


def fmt_share(v) -> str:
    return f"{float(v):.4f} ({float(v) * 100:.1f}%)"


def fmt_ratio(v) -> str:
    return f"{float(v):.4g}"


def fmt_usd(v) -> str:
    return f"${v}"


# --------------------------------------------------------------------------
# The rows


@dataclass(frozen=True)
class Figure:
    ref: str  # "<article>/<claim key>", or a derived figure's own name
    what: str  # the figure, in our words
    stated: Stated
    query: str | None = None
    pick: Callable[[dict], object] | None = None  # the value, from the answer
    result: object = None  # what the API answers (pinned)
    shown: Callable[[object], str] = str
    source: str | None = None  # the Source of the answer
    source_pick: Callable[[dict], str] | None = None  # the Source, from the answer
    note: str = ""
    derived: bool = False  # computed from stated figures rather than stated itself
    tol: float = 1e-9  # relative tolerance when comparing `pick` with `result`

    @property
    def article(self) -> str:
        return self.ref.split("/")[0]

    @property
    def claim(self) -> str:
        return self.ref.split("/")[1].split(" ")[0]

    @property
    def status(self) -> str:
        if self.query is None or self.stated.met is None or self.result is None:
            return NOT_DERIVABLE  # a query may show why: a null with a reason
        return REPRODUCED if self.stated.met(self.result) else DIFFERS

    @property
    def result_text(self) -> str:
        if self.query is None:
            return ""
        return "null" if self.result is None else self.shown(self.result)


FIGURES: list[Figure] = []
add = FIGURES.append

# ---- 000: popularity records (ranking shown for 2026-04-10) ---------------

WEEK_0410 = (
    '{ share(week: "2026-04-10", groupBy: MODEL, limit: 5) { periodStart periodEnd '
    "source { id } rows { key rank country tokens } } }"
)
add(
    Figure(
        "000/cn-top5-count",
        "Chinese models among the five most used on OpenRouter, ranking of 2026-04-10",
        equals(4, "4"),
        WEEK_0410,
        lambda d: sum(r["country"] == "CN" for r in rows(d)),
        3,
        source="openrouter-weekly/2026-04-13",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="The week holding the caption date, 2026-04-06..12: Qwen3.6 Plus, DeepSeek V3.2 and "
        "MiniMax M2.7 are Chinese, Claude Opus 4.6 (3rd) and Claude Sonnet 4.6 (5th) are not. The "
        "week before (2026-03-30..04-05) had five of five. The article's ranking may cover another "
        "window (OpenRouter also ranks by day and by month).",
    )
)
add(
    Figure(
        "000/qwen36-rank",
        "Qwen3.6 (Plus) is the most used model on OpenRouter, 2026-04-10",
        equals("qwen3.6-plus", "rank 1"),
        WEEK_0410,
        lambda d: rows(d)[0]["key"],
        "qwen3.6-plus",
        source="openrouter-weekly/2026-04-13",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="Rank 1 with 1.66T in 2026-04-06..12 (and with 4.60T the week before).",
    )
)
add(
    Figure(
        "000/qwen36-vs-next4",
        "Qwen3.6 Plus's tokens over those of ranks 2-5 combined, 2026-04-10",
        over(1, "1 (more than the next four together)"),
        WEEK_0410,
        lambda d: rows(d)[0]["tokens"] / sum(r["tokens"] for r in rows(d)[1:5]),
        1.66 / 4.81,
        fmt_ratio,
        source="openrouter-weekly/2026-04-13",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="1.66T against 4.81T for ranks 2-5 in 2026-04-06..12; in 2026-03-30..04-05 it was "
        "4.60T against 7.17T (0.64). Adding Qwen3.6 Plus Preview (a separate model) does not "
        "change the verdict.",
        tol=1e-6,
    )
)

# ---- 001: top six spots (first week of April 2026) -------------------------

WEEK_APRIL_1 = (
    '{ share(week: "2026-04-01", groupBy: MODEL, limit: 6) { periodStart periodEnd '
    "source { id } rows { key rank country tokens } } }"
)
add(
    Figure(
        "001/cn-top6-count",
        "The six most used models on OpenRouter are all Chinese, first week of April 2026",
        equals(6, "6 of 6"),
        WEEK_APRIL_1,
        lambda d: sum(r["country"] == "CN" for r in rows(d)),
        6,
        source="openrouter-weekly/2026-04-06",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="'First week of April' read as 2026-03-30..04-05, the week the snapshot collected "
        "2026-04-06 covers: Qwen3.6 Plus, MiMo-V2-Pro, Qwen3.6 Plus Preview, Step 3.5 Flash, "
        "MiniMax M2.7 and DeepSeek V3.2 (the last two tied at 1.19T).",
    )
)
add(
    Figure(
        "001/cn-top6-streak-weeks",
        "Consecutive weeks with an all-Chinese top six, up to early April 2026",
        equals(5, "5 weeks"),
        '{ shareSeries(from: "2026-01-26", to: "2026-04-05", groupBy: MODEL) { periods { '
        "periodStart source { id } } series { key country points { rank } } } }",
        lambda d: final_streak(d, top6_chinese(d)),
        1,
        lambda v: f"{v} week",
        source="openrouter-weekly/2026-04-06",
        source_pick=lambda d: d["shareSeries"]["periods"][-1]["source"]["id"],
        note="Only 2026-03-30..04-05 has an all-Chinese top six in the snapshots; in "
        "2026-03-23..29 Claude Sonnet 4.6 is 5th, and earlier weeks have Claude and Gemini models "
        "in the top six.",
    )
)
add(
    Figure(
        "001/cn-top6-tokens",
        "Tokens of the six most used Chinese models, first week of April 2026",
        nearly(13 * T, "13T"),
        '{ share(week: "2026-04-01", groupBy: MODEL, countries: ["CN"], limit: 6) { selectedTokens '
        "source { id } rows { key tokens } } }",
        lambda d: d["share"]["selectedTokens"],
        12_960_000_000_000,
        fmt_tokens,
        source="openrouter-weekly/2026-04-06",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="4.60 + 3.08 + 1.64 + 1.26 + 1.19 + 1.19 T in 2026-03-30..04-05.",
    )
)
add(
    Figure(
        "001/us-top3-tokens",
        "Tokens of the three most used US models (Anthropic, Google), first week of April 2026",
        over(3 * T, "3T"),
        '{ share(week: "2026-04-01", groupBy: MODEL, countries: ["US"], limit: 3) { selectedTokens '
        "source { id } rows { key tokens } } }",
        lambda d: d["share"]["selectedTokens"],
        3_030_000_000_000,
        fmt_tokens,
        source="openrouter-weekly/2026-04-06",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="Claude Sonnet 4.6 (1.03T), Claude Opus 4.6 (1.02T), Gemini 3 Flash Preview (0.98T): "
        "Anthropic and Google, as stated.",
    )
)
add(
    Figure(
        "001/qwen36plus-free",
        "Qwen3.6 Plus is free on OpenRouter",
        equals(True, "free ($0)"),
        '{ model(slug: "Qwen3.6 Plus") { endpoints { id platform variant } } }',
        lambda d: free_endpoint(d["model"]),
        True,
        lambda v: "served on a :free endpoint" if v else "no free endpoint",
        source=CATALOG,
        note="OpenRouter served it as qwen/qwen3.6-plus-04-02:free (variant free) in 2026-03-30.."
        "04-05, the article's week; the next snapshot (2026-04-06..12) marks that endpoint paid, "
        "and genai-prices lists only the paid qwen/qwen3.6-plus (0.325 USD/Mtok input).",
    )
)
add(
    Figure(
        "001/alibaba-free",
        "Alibaba's new models are free on OpenRouter",
        equals(True, "free ($0)"),
        '{ vendor(slug: "alibaba") { models { slug releaseDate endpoints { id variant } } } }',
        lambda d: all(free_endpoint(m) for m in served(d["vendor"]["models"])),
        True,
        lambda v: "every one served on a :free endpoint" if v else "not all free",
        source=CATALOG,
        note="Qwen3.6 Plus and Qwen3.6 Plus Preview: the Alibaba models OpenRouter serves under "
        "ids of their own (its other models come from price lists).",
    )
)
add(
    Figure(
        "001/xiaomi-free",
        "Xiaomi's new models are free on OpenRouter",
        equals(True, "free ($0)"),
        '{ vendor(slug: "xiaomi") { models { slug releaseDate endpoints { id variant } } } }',
        lambda d: free_endpoint(max(served(d["vendor"]["models"]), key=lambda m: m["releaseDate"])),
        False,
        lambda v: "newest model on a :free endpoint" if v else "newest model on a paid endpoint",
        source=CATALOG,
        note="Xiaomi's new model, MiMo-V2-Pro (2026-03-18), is served on the paid dated endpoint "
        "xiaomi/mimo-v2-pro-20260318; the free endpoint is the older MiMo-V2-Flash's (December "
        "2025).",
    )
)

# ---- 002: open-weight models dominate (as of May 2026) ----------------------

add(
    Figure(
        "002/cn-share-may",
        "Chinese models' share of all OpenRouter tokens, May 2026",
        over(0.6, "60%"),
        '{ share(week: "2026-04-19", groupBy: COUNTRY, scope: PLATFORM) { totalTokens reason '
        "rows { key tokens share } } }",
        lambda d: d["share"]["totalTokens"],
        None,
        note="No platform-total observation exists (the snapshots hold a top 10), so the PLATFORM "
        "scope answers null with a reason; May 2026 is after the last snapshot too. (Of the "
        "tracked top 10 in 2026-04-13..19, Chinese models hold 44.8%.)",
    )
)
add(
    Figure(
        "002/cn-first-over-us",
        "Chinese models first surpassed US models on OpenRouter in February 2026",
        Stated("February 2026", lambda v: str(v).startswith("2026-02")),
        '{ shareSeries(from: "2025-11-01", to: "2026-04-30", groupBy: COUNTRY) { periods { '
        "periodStart source { id } } series { key points { tokens } } } }",
        first_week_cn_over_us,
        "2026-02-09",
        lambda v: f"first week with CN > US: {v}..15",
        source="openrouter-weekly/2026-02-16",
        source_pick=lambda d: source_of_week(d, first_week_cn_over_us(d)),
        note="In every week from 2025-11-09 to 2026-02-07 US models led; CN 4.126T vs US 3.375T "
        "in 2026-02-09..15 (top-10 snapshots).",
    )
)

AGENT = (
    '{ workloadCost(models: ["Claude Opus 4.6", "DeepSeek V3.2"], inputTokens: 0, '
    'outputTokens: 5000000, at: "2026-05-25") { rows { model { slug } usd ratioToCheapest '
    "provider { slug } source { id } } } }"
)
add(
    Figure(
        "002/claude-research-agent-cost",
        "A research agent's day (5M tokens) on Claude",
        exact(125, "$125", 0.5),
        AGENT,
        lambda d: Decimal(by_model(d["workloadCost"]["rows"], "claude-opus-4.6")["usd"]),
        Decimal(125),
        fmt_usd,
        source=PRICES,
        source_pick=lambda d: by_model(d["workloadCost"]["rows"], "claude-opus-4.6")["source"][
            "id"
        ],
        note="Reproduced only on an assumption the article does not state: all 5M tokens billed at "
        "Claude Opus 4.6's output rate ($25/Mtok, Anthropic's own API). Billed as input they cost "
        "$25; agents' traffic is mostly input (98% of Claude Opus 4.6's tokens in the snapshots "
        "are prompt tokens).",
    )
)
add(
    Figure(
        "002/dsv32-research-agent-cost",
        "The same day on DeepSeek V3.2",
        exact(0.70, "$0.70", 0.005),
        AGENT,
        lambda d: Decimal(by_model(d["workloadCost"]["rows"], "deepseek-v3.2")["usd"]),
        Decimal("1.716"),
        fmt_usd,
        source=PRICES,
        source_pick=lambda d: by_model(d["workloadCost"]["rows"], "deepseek-v3.2")["source"]["id"],
        note="+$1.016 (2.45 times). At DeepSeek's own standard V3.2 prices (0.2288 in, 0.3432 out "
        "USD/Mtok) no split of 5M tokens costs under $1.144 (all input); $0.70 is 5M x $0.14, "
        "near DeepSeek's cache-hit or off-peak rates, which are not standard prices.",
    )
)

RATIO = (
    '{ priceRatio(numerator: "Claude Opus 4.6", denominator: "MiniMax M2.5", component: INPUT, '
    'at: "2026-05-25"%s) { ratio numerator { usdPerMillionTokens provider { slug } '
    "source { id } } denominator { usdPerMillionTokens provider { slug } rule source { id } } "
    "} }"
)
RATIO_DEFAULT, RATIO_NOVITA = RATIO % "", RATIO % ', denominatorProvider: "novita"'
M25_NOTE = (
    "MiniMax's own list in genai-prices 0.2.3 has only MiniMax-M2.5-highspeed (0.6, a faster "
    "offer, not the standard price), so the default rule takes the cheapest standard listing: "
    "OpenRouter at 0.15 on 2026-05-25 (0.30 from 2026-11-03). Novita lists 0.30: see (b)."
)
add(
    Figure(
        "002/m25-price-input",
        "MiniMax M2.5's input price, USD per million tokens (default provider rule)",
        exact(0.30, "$0.30", 0.005),
        RATIO_DEFAULT,
        lambda d: Decimal(d["priceRatio"]["denominator"]["usdPerMillionTokens"]),
        Decimal("0.15"),
        fmt_usd,
        source=PRICES,
        source_pick=lambda d: d["priceRatio"]["denominator"]["source"]["id"],
        note=M25_NOTE,
    )
)
add(
    Figure(
        "002/m25-price-input (b)",
        "MiniMax M2.5's input price on Novita",
        exact(0.30, "$0.30", 0.005),
        RATIO_NOVITA,
        lambda d: Decimal(d["priceRatio"]["denominator"]["usdPerMillionTokens"]),
        Decimal("0.3"),
        fmt_usd,
        source=PRICES,
        source_pick=lambda d: d["priceRatio"]["denominator"]["source"]["id"],
        note='The same figure with the provider named (denominatorProvider: "novita").',
    )
)
add(
    Figure(
        "002/opus46-price-input",
        "Claude Opus 4.6's input price, USD per million tokens",
        exact(5.00, "$5.00", 0.005),
        RATIO_DEFAULT,
        lambda d: Decimal(d["priceRatio"]["numerator"]["usdPerMillionTokens"]),
        Decimal(5),
        fmt_usd,
        source=PRICES,
        source_pick=lambda d: d["priceRatio"]["numerator"]["source"]["id"],
        note="Anthropic's own API (the vendor's own listing).",
    )
)
add(
    Figure(
        "002/opus46-vs-m25-price",
        "Claude Opus 4.6's input price over MiniMax M2.5's (default provider rule)",
        about(17, "17 times", 0.5),
        RATIO_DEFAULT,
        lambda d: d["priceRatio"]["ratio"],
        5 / 0.15,
        fmt_ratio,
        source=PRICES,
        source_pick=lambda d: d["priceRatio"]["denominator"]["source"]["id"],
        note="5 / 0.15: see 002/m25-price-input for why M2.5's price is 0.15 under the default "
        "rule.",
    )
)
add(
    Figure(
        "002/opus46-vs-m25-price (b)",
        "The same ratio against Novita's M2.5 listing",
        about(17, "17 times", 0.5),
        RATIO_NOVITA,
        lambda d: d["priceRatio"]["ratio"],
        5 / 0.3,
        fmt_ratio,
        source=PRICES,
        source_pick=lambda d: d["priceRatio"]["denominator"]["source"]["id"],
        note="5 / 0.30 = 16.67, the article's 'about 17'.",
    )
)

SCORES_NOTE = (
    "The store's only results for this benchmark are the article's own figures (score claims "
    "become benchmark results with the article as their Source): this checks the lookup and "
    "the arithmetic, not the scores. Independent results (e.g. models.dev's) would appear "
    "here, preferred by precedence, with the article's as alternatives."
)


def parity_query(bench: str, models: list[str]) -> str:
    names = ", ".join(f'"{m}"' for m in models)
    return (
        f'{{ benchmarkParity(benchmark: "{bench}", models: [{names}]) {{ leader {{ model {{ slug '
        "} } rows { model { slug } score setting gap withinTolerance source { id locator } } } }"
    )


def parity_row(slug: str) -> Callable[[dict], dict]:
    return lambda d: by_model(d["benchmarkParity"]["rows"], slug)


SWE_V = parity_query("SWE-Bench Verified", ["MiniMax M2.5", "Claude Opus 4.6"])
SWE_PRO = parity_query("SWE-Bench Pro", ["Kimi K2.6", "GPT-5.4"])
BENCHLM = parity_query("BenchLM Intelligence Index", ["DeepSeek V4 Pro", "GPT-5.4"])
AIME = parity_query("AIME 2025", ["Step 3.5 Flash"])
ART = ARTICLES["002"][0]
for ref, what, stated, query, slug, value in (
    (
        "002/m25-swe-verified",
        "MiniMax M2.5 on SWE-Bench Verified",
        80.2,
        SWE_V,
        "minimax-m2.5",
        80.2,
    ),
    (
        "002/opus46-swe-verified",
        "Claude Opus 4.6 on SWE-Bench Verified",
        80.8,
        SWE_V,
        "claude-opus-4.6",
        80.8,
    ),
    ("002/k26-swe-pro", "Kimi K2.6 on SWE-Bench Pro", 58.6, SWE_PRO, "kimi-k2.6", 58.6),
    ("002/gpt54-swe-pro", "GPT-5.4 on SWE-Bench Pro", 57.7, SWE_PRO, "gpt-5.4", 57.7),
    (
        "002/dsv4pro-benchlm",
        "DeepSeek V4 Pro (Max) on the BenchLM Intelligence Index",
        87,
        BENCHLM,
        "deepseek-v4-pro",
        87.0,
    ),
    (
        "002/gpt54-benchlm",
        "GPT-5.4 on the BenchLM Intelligence Index",
        88,
        BENCHLM,
        "gpt-5.4",
        88.0,
    ),
    ("002/step35flash-aime25", "Step 3.5 Flash on AIME 2025", 97.3, AIME, "step-3.5-flash", 97.3),
):
    pick_row = parity_row(slug)
    add(
        Figure(
            ref,
            what,
            exact(stated, f"{stated:g}", 0.05),
            query,
            lambda d, pick_row=pick_row: pick_row(d)["score"],
            value,
            lambda v: f"{v:g}",
            source=ART,
            source_pick=lambda d, pick_row=pick_row: pick_row(d)["source"]["id"],
            note=SCORES_NOTE,
        )
    )
add(
    Figure(
        "002/swe-verified-gap",
        "SWE-Bench Verified gap from MiniMax M2.5 to Claude Opus 4.6 (from the two scores)",
        exact(0.6, "0.6 points (80.8 - 80.2)", 0.05),
        SWE_V,
        lambda d: parity_row("minimax-m2.5")(d)["gap"],
        0.6,
        lambda v: f"{v:g} points, within the default 1-point tolerance",
        source=ART,
        source_pick=lambda d: parity_row("minimax-m2.5")(d)["source"]["id"],
        note="Leader Claude Opus 4.6; gap computed in decimals. " + SCORES_NOTE,
        derived=True,
    )
)
add(
    Figure(
        "002/k26-beats-gpt54-swe-pro",
        "Kimi K2.6 ahead of GPT-5.4 on SWE-Bench Pro, by (from the two scores)",
        exact(0.9, "0.9 points (58.6 - 57.7)", 0.05),
        SWE_PRO,
        lambda d: (
            parity_row("gpt-5.4")(d)["gap"]
            if d["benchmarkParity"]["leader"]["model"]["slug"] == "kimi-k2.6"
            else -parity_row("kimi-k2.6")(d)["gap"]
        ),
        0.9,
        lambda v: f"leader Kimi K2.6 by {v:g} points",
        source=ART,
        source_pick=lambda d: parity_row("kimi-k2.6")(d)["source"]["id"],
        note="'First open-weight model ever' to do so is not derivable: it needs every "
        "open-weight model's SWE-Bench Pro history. " + SCORES_NOTE,
        derived=True,
    )
)
add(
    Figure(
        "002/benchlm-gap",
        "DeepSeek V4 Pro (Max) behind GPT-5.4 on the BenchLM Intelligence Index, by",
        exact(1, "1 point (88 - 87)", 0.05),
        BENCHLM,
        lambda d: parity_row("deepseek-v4-pro")(d)["gap"],
        1.0,
        lambda v: f"{v:g} point, within the default 1-point tolerance",
        source=ART,
        source_pick=lambda d: parity_row("deepseek-v4-pro")(d)["source"]["id"],
        note=SCORES_NOTE,
        derived=True,
    )
)

CATALOG_NOTE = "The catalog holds no value for it (models.yaml states only what models.dev does)."
add(
    Figure(
        "002/qwen36plus-context",
        "Qwen 3.6 Plus's context window",
        about(1_000_000, "1M tokens", 50_000),
        '{ model(slug: "Qwen 3.6 Plus") { contextWindow } }',
        lambda d: d["model"]["contextWindow"],
        1_000_000,
        lambda v: f"{v:,} tokens",
        source=CATALOG,
        note="From the curated catalog (after models.dev).",
    )
)
add(
    Figure(
        "002/mimo-license",
        "Licence of Xiaomi's MiMo (attributed to MiMo-V2-Pro)",
        equals("apache-2.0", "Apache 2.0"),
        '{ model(slug: "MiMo-V2-Pro") { openWeights license { slug } } }',
        lambda d: d["model"]["license"]["slug"],
        "proprietary",
        source=CATALOG,
        note="MiMo-V2-Pro is an API-only model (no open weights); Xiaomi's open MiMo-V2-Flash is "
        "MIT-licensed per its card. No MiMo model in the catalog is Apache 2.0.",
    )
)

# ---- 003: overtake (undated; after 2026-02-15) ------------------------------

FEB9 = (
    '{ share(week: "2026-02-09", groupBy: COUNTRY) { periodStart periodEnd source { id } '
    "rows { key tokens } } }"
)
add(
    Figure(
        "003/cn-tokens-feb9",
        "Chinese models' tokens, 2026-02-09..15",
        exact(4.12 * T, "4.12T", 0.01 * T),
        FEB9,
        lambda d: row(d, "CN")["tokens"],
        4_126_000_000_000,
        fmt_tokens,
        source="openrouter-weekly/2026-02-16",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="4.126T (MiniMax M2.5, Kimi K2.5, DeepSeek V3.2, GLM-5); the article's 4.12T is this "
        "figure cut at two decimals.",
    )
)
add(
    Figure(
        "003/us-tokens-feb9",
        "US models' tokens, 2026-02-09..15",
        exact(2.94 * T, "2.94T", 0.01 * T),
        FEB9,
        lambda d: row(d, "US")["tokens"],
        3_375_000_000_000,
        fmt_tokens,
        source="openrouter-weekly/2026-02-16",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="+0.435T (+14.8%). Without Trinity Large Preview (Arcee AI, a US vendor; 0.44T on a "
        ":free endpoint that week) the US total is 2.935T, the article's figure: it apparently "
        "left that model out.",
    )
)
add(
    Figure(
        "003/cn-first-over-us",
        "2026-02-09..15 is the first week Chinese models out-process US models",
        equals("2026-02-09", "the week of 2026-02-09..15"),
        '{ shareSeries(from: "2025-11-01", to: "2026-02-15", groupBy: COUNTRY) { periods { '
        "periodStart source { id } } series { key points { tokens } } } }",
        first_week_cn_over_us,
        "2026-02-09",
        lambda v: f"first week with CN > US: {v}..15",
        source="openrouter-weekly/2026-02-16",
        source_pick=lambda d: source_of_week(d, first_week_cn_over_us(d)),
        note="CN 4.126T against US 3.375T (a ratio of 1.22); every earlier snapshot week "
        "(from 2025-11-09) has US ahead.",
    )
)
add(
    Figure(
        "003/total-weekly-now",
        "OpenRouter's total weekly tokens, 'currently'",
        over(25 * T, "25T"),
        '{ share(week: "2026-04-19", groupBy: MODEL, scope: PLATFORM) { totalTokens trackedTokens '
        "reason } }",
        lambda d: d["share"]["totalTokens"],
        None,
        note="A platform total: the snapshots hold only the top 10 (at most 16.838T tracked, "
        "2026-03-30..04-05), so PLATFORM scope is null with a reason. Needs OpenRouter's "
        "platform-wide weekly totals.",
    )
)

# ---- 004: outpace (week of 2026-03-09..15) ---------------------------------

W11 = (
    '{ share(week: "2026-03-09", groupBy: COUNTRY) { periodStart periodEnd source { id } '
    "rows { key tokens } } }"
)
add(
    Figure(
        "004/cn-lead-streak",
        "Weeks in a row with Chinese models ahead of US models, to 2026-03-09..15",
        equals(2, "2 (second week in a row)"),
        '{ shareSeries(from: "2026-02-01", to: "2026-03-15", groupBy: COUNTRY) { periods { '
        "periodStart source { id } } series { key points { tokens } } } }",
        lambda d: final_streak(d, cn_ahead(d)),
        2,
        lambda v: f"{v} weeks",
        source="openrouter-weekly/2026-03-16",
        source_pick=lambda d: d["shareSeries"]["periods"][-1]["source"]["id"],
        note="CN ahead in 2026-03-02..08 (4.194T vs 4.151T) and 2026-03-09..15; US ahead in "
        "2026-02-23..03-01.",
    )
)
add(
    Figure(
        "004/cn-tokens-w11",
        "Chinese models' tokens, 2026-03-09..15",
        exact(4.69 * T, "4.69T", 0.01 * T),
        W11,
        lambda d: row(d, "CN")["tokens"],
        4_690_000_000_000,
        fmt_tokens,
        source="openrouter-weekly/2026-03-16",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="MiniMax M2.5 1.75T, Step 3.5 Flash 1.34T, DeepSeek V3.2 1.04T, Kimi K2.5 0.56T.",
    )
)
add(
    Figure(
        "004/us-tokens-w11",
        "US models' tokens, 2026-03-09..15",
        exact(3.29 * T, "3.29T", 0.01 * T),
        W11,
        lambda d: row(d, "US")["tokens"],
        3_836_000_000_000,
        fmt_tokens,
        source="openrouter-weekly/2026-03-16",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="+0.546T (+16.6%). Without Grok 4.1 Fast (xAI, a US vendor; 0.542T that week) the US "
        "total is 3.294T, the article's figure: it apparently left xAI out. Hunter Alpha (0.666T, "
        "maker unknown) is counted in neither.",
    )
)
add(
    Figure(
        "004/cn-share-w11",
        "Chinese models' share of US + Chinese tokens, 2026-03-09..15",
        nearly(0.59, "59%"),
        '{ share(week: "2026-03-09", groupBy: COUNTRY, countries: ["CN", "US"]) { denominator '
        "source { id } rows { key share } } }",
        lambda d: row(d, "CN")["share"],
        4.69 / 8.526,
        fmt_share,
        source="openrouter-weekly/2026-03-16",
        source_pick=lambda d: d["share"]["source"]["id"],
        note="-0.04 (4.69 / 8.526). With the article's own US figure it is 4.69 / 7.98 = 0.588: "
        "the gap is the US total's (see 004/us-tokens-w11).",
        tol=1e-9,
    )
)
