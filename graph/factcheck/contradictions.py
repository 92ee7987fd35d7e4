"""Where sources disagree about a figure, and where one source disagrees
with itself.

- claim-vs-data: a claim the data contradicts (graph.factcheck.check).
- claim-vs-claim: two documents state values for the same measure,
  subject and period that cannot both hold, each as its wording hedges it.
- data-vs-data: two datasets give one model different scores on one
  benchmark (in one setting), beyond the rounding of either.
- within-source: one document against itself: the same dated figure
  stated twice apart; a ranking whose stated tokens are out of its stated
  order; shares and tokens of one period that imply different platform
  totals. Claims a source leaves undated are read as one table of its own
  (a ranking, a share table) when they share measure and platform.

Every statement keeps its source and locator; nothing here decides which
side is right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from sqlmodel import Session, col, select
from tokenatlas.graph.analytics.catalog import Page, page_of
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.factcheck.check import CONTRADICTED, checks, claims_of
from tokenatlas.graph.factcheck.subjects import DATA_KINDS
from tokenatlas.graph.factcheck.tolerance import Range, covered, shown
from tokenatlas.graph.store.cache import cached_per_store
from tokenatlas.graph.store.tables import Benchmark, BenchmarkResult, Claim, Model, Source

CLAIM_VS_DATA, CLAIM_VS_CLAIM, WITHIN_SOURCE = "claim-vs-data", "claim-vs-claim", "within-source"
DATA_VS_DATA = "data-vs-data"
KINDS = (CLAIM_VS_DATA, CLAIM_VS_CLAIM, WITHIN_SOURCE, DATA_VS_DATA)


@dataclass(frozen=True)
class Statement:
    """One side: what a source states (a claim), or what the data derives."""

    source_id: str
    locator: str | None
    claim_key: str | None  # None: a value the data derives
    value: str  # as stated, with its qualifier and unit


@dataclass(frozen=True)
class Contradiction:
    kind: str
    measure: str
    subject: str
    period: str | None
    first: Statement
    second: Statement
    reason: str

    @property
    def position(self) -> str:
        sides = (self.first, self.second)
        return "\t".join([self.kind, *(f"{s.source_id}\t{s.claim_key or ''}" for s in sides)])


def _stated(c: Claim) -> Statement:
    value = c.value_text if c.value_num is None else shown(c.value_num)
    words = " ".join(x for x in (c.qualifier, value, c.unit) if x)
    return Statement(c.source_id, c.locator, c.key, words)


def _period(c: Claim) -> str | None:
    if c.period_start is not None:
        return f"{c.period_start}..{c.period_end or c.period_start}"
    return f"as of {c.as_of}" if c.as_of is not None else None


def _identity(c: Claim) -> tuple:
    """What a claim is about, as a key: claims with equal keys speak of
    the same figure."""
    subject = c.model_id or c.vendor_id or c.subject.lower()
    return (
        c.measure,
        c.subject_kind,
        subject,
        _period(c),
        c.platform or "",
        c.benchmark or "",
        (c.setting or "").lower(),
        c.compare_to or "",
        c.members or "",
        c.denominator or "",
    )


def _range(c: Claim) -> Range | None:
    if c.value_num is None:
        return None
    return covered(c.value_num, c.qualifier, exact=c.measure in ("rank", "count"))


def _apart(a: Claim, b: Claim) -> bool:
    """Whether two statements of one figure cannot both hold."""
    if a.value_num is None or b.value_num is None:
        return (a.value_text or "").lower() != (b.value_text or "").lower()
    ra, rb = _range(a), _range(b)
    return ra is not None and rb is not None and not ra.meets(rb)


def _pair(kind: str, a: Claim, b: Claim, reason: str) -> Contradiction:
    return Contradiction(kind, a.measure, a.subject, _period(a), _stated(a), _stated(b), reason)


def against_data(session: Session, claims: list[Claim]) -> Iterable[Contradiction]:
    found = checks(session)
    for c in claims:
        check = found.get(c.id or 0)
        if check is None or check.status != CONTRADICTED or check.derived is None:
            continue
        d = check.derived
        value = d.value if isinstance(d.value, str) else shown(d.value)
        data = Statement(d.source_id or "", d.locator, None, f"{value} {c.unit}")
        yield Contradiction(
            CLAIM_VS_DATA, c.measure, c.subject, _period(c), _stated(c), data, check.reason
        )


def between_claims(claims: list[Claim]) -> Iterable[Contradiction]:
    """The same figure stated apart: by two sources, or twice by one. Only
    dated figures: two undated ones may speak of different times."""
    by_figure: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if _period(c) is not None:
            by_figure[_identity(c)].append(c)
    for group in by_figure.values():
        for a, b in combinations(group, 2):
            if _apart(a, b):
                kind = WITHIN_SOURCE if a.source_id == b.source_id else CLAIM_VS_CLAIM
                yield _pair(kind, a, b, "both state this figure, and no value meets both")


def _by_period(claims: list[Claim], measure: str) -> dict[tuple, dict[str, Claim]]:
    """One source's claims of `measure`, by (source, period, platform, subject
    kind), then by subject."""
    out: dict[tuple, dict[str, Claim]] = defaultdict(dict)
    for c in claims:
        if c.measure == measure and c.subject_kind in ("model", "vendor", "country"):
            key = (c.source_id, _period(c), c.platform or "", c.subject_kind)
            out[key].setdefault(c.subject.lower(), c)
    return out


def ranking_order(claims: list[Claim]) -> Iterable[Contradiction]:
    """A source ranks A above B but states fewer tokens for A than for B."""
    tokens = _by_period(claims, "weekly_tokens")
    for key, ranks in _by_period(claims, "rank").items():
        stated = tokens.get(key, {})
        ranked = sorted(
            (r for r in ranks.values() if r.subject.lower() in stated and r.value_num),
            key=lambda r: r.value_num,  # type: ignore[arg-type, return-value]
        )
        for above, below in combinations(ranked, 2):
            if above.value_num == below.value_num:
                continue
            ta, tb = stated[above.subject.lower()], stated[below.subject.lower()]
            ra, rb = _range(ta), _range(tb)
            if ra and rb and ra.hi is not None and rb.lo is not None and ra.hi < rb.lo:
                yield _pair(
                    WITHIN_SOURCE,
                    ta,
                    tb,
                    f"the source ranks {above.subject} {above.value_num} ({above.key}) above "
                    f"{below.subject} {below.value_num} ({below.key}), yet states fewer tokens "
                    "for it",
                )


def implied_totals(claims: list[Claim]) -> Iterable[Contradiction]:
    """Tokens and shares a source states for one period imply its total
    (tokens / share); two subjects whose implied totals cannot meet say
    the source's figures do not add up."""
    tokens = _by_period(claims, "weekly_tokens")
    for key, shares in _by_period(claims, "token_share").items():
        implied: list[tuple[Range, Claim, Claim]] = []
        for subject, s in shares.items():
            t = tokens.get(key, {}).get(subject)
            rt, rs = (_range(t), _range(s)) if t is not None else (None, None)
            if rt is None or rs is None or None in (rt.lo, rt.hi, rs.lo, rs.hi):
                continue
            if s.unit == "percent":
                rs = Range(rs.lo / 100, rs.hi / 100, rs.rule)  # type: ignore[operator]
            if not rs.lo:
                continue
            total = Range(rt.lo / rs.hi, rt.hi / rs.lo, "implied total")  # type: ignore[operator]
            implied.append((total, t, s))
        for (ra, ta, sa), (rb, tb, sb) in combinations(implied, 2):
            if not ra.meets(rb):
                yield _pair(
                    WITHIN_SOURCE,
                    ta,
                    tb,
                    f"{ta.subject}'s tokens and share ({sa.key}) imply a total of "
                    f"{_span(ra)}; {tb.subject}'s ({sb.key}) imply {_span(rb)}",
                )


def _span(r: Range) -> str:
    def t(v: Decimal | None) -> str:
        return "?" if v is None else f"{v / Decimal('1e12'):.2f}T"

    return f"{t(r.lo)}..{t(r.hi)}"


def between_datasets(session: Session) -> Iterable[Contradiction]:
    """Benchmark scores two data sources give one model apart."""
    rows = session.exec(
        select(BenchmarkResult, Benchmark.slug, Model.slug)
        .join(Source, Source.id == BenchmarkResult.source_id)
        .join(Benchmark, Benchmark.id == BenchmarkResult.benchmark_id)
        .join(Model, Model.id == BenchmarkResult.model_id)
        .where(col(Source.kind).in_(DATA_KINDS))
    ).all()
    by_figure: dict[tuple, list[tuple[BenchmarkResult, str, str]]] = defaultdict(list)
    for r, bench, model in rows:
        by_figure[(r.model_id, r.benchmark_id, (r.setting or "").lower())].append((r, bench, model))
    for group in by_figure.values():
        for (a, bench, model), (b, _, _) in combinations(group, 2):
            if a.source_id == b.source_id:
                continue
            sa, sb = Decimal(str(a.score)), Decimal(str(b.score))
            # the digits each dataset prints, as printed: 1470.0 is precise to 0.1
            room = max(Decimal(1).scaleb(x.as_tuple().exponent) for x in (sa, sb))  # type: ignore[arg-type]
            if abs(sa - sb) <= room:
                continue
            first, second = sorted(
                (
                    Statement(r.source_id, r.locator, None, f"{shown(v)} on {bench}")
                    for r, v in ((a, sa), (b, sb))
                ),
                key=lambda st: st.source_id,
            )
            yield Contradiction(
                DATA_VS_DATA,
                "benchmark_score",
                model,
                None,
                first,
                second,
                f"two datasets score {model} on {bench}"
                + (f" ({a.setting})" if a.setting else "")
                + " apart, beyond the rounding of either",
            )


def contradictions(session: Session) -> list[Contradiction]:
    """Every contradiction, in a stable order (kind, then the sides), found
    once per state of the store, as the checks are."""

    def build(s: Session) -> list[Contradiction]:
        claims = claims_of(s)
        found = [
            *against_data(s, claims),
            *between_claims(claims),
            *ranking_order(claims),
            *implied_totals(claims),
            *between_datasets(s),
        ]
        return sorted(found, key=lambda c: c.position)

    return cached_per_store(session, "contradictions", build)


def page(
    session: Session,
    *,
    kind: str | None = None,
    source: str | None = None,
    first: int,
    after: str | None = None,
) -> Page[Contradiction]:
    """Contradictions, optionally of one kind or naming one source on
    either side, a page at a time."""
    if kind is not None and kind not in KINDS:
        raise TokenAtlasError(f"'kind' is '{kind}'; one of {', '.join(KINDS)}")
    rows = [
        c
        for c in contradictions(session)
        if (kind is None or c.kind == kind)
        and (source is None or source in (c.first.source_id, c.second.source_id))
    ]
    return page_of(
        rows, lambda c: c.position, first=first, after=after, what="contradictions", fields=5
    )
