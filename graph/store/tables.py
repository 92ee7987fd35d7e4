"""The store's tables: one SQLModel class per domain entity, nothing else.

Every figure-bearing row (price, usage observation, benchmark result, claim,
lineage edge) points to the `Source` that stated it. Money is `Decimal`
(stored exactly: NUMERIC on PostgreSQL, text on SQLite); token counts are
64-bit integers; unknown is NULL, never 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Column, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def plain_decimal(value: Decimal) -> Decimal:
    """Without trailing zeros and without an exponent: 10, 0.3, 4690000000000.

    >>> str(plain_decimal(Decimal("10.000000000000"))), str(plain_decimal(Decimal("4.69E+12")))
    ('10', '4690000000000')
    """
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class ExactDecimal(TypeDecorator):
    """Decimal stored without loss: NUMERIC where the database has it exactly,
    text on SQLite (whose NUMERIC is a float)."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(28, 12))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        return format(value, "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else plain_decimal(Decimal(value))


class Source(SQLModel, table=True):
    """A document (article, report) or a snapshot (data file, package dataset)."""

    id: str = Field(primary_key=True, max_length=200)
    kind: str = Field(max_length=20)  # article | snapshot | dataset | package | catalog
    title: str
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    date_inferred: bool = False
    date_note: str | None = None
    collected: date | None = None
    url: str | None = None
    licence: str | None = None
    notes: str | None = Field(default=None, sa_type=Text)
    # Fingerprint of what was loaded from this source: a re-run with the same
    # content is skipped, a changed one replaces the source's rows whole.
    content_hash: str | None = Field(default=None, max_length=64)
    # Precedence of what this source states (graph.provenance.precedence.Tier): lower wins.
    tier: int = 3


class License(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=100)
    name: str
    spdx: str | None = Field(default=None, max_length=100)
    open: bool = False
    commercial_use: bool | None = None
    copyleft: bool | None = None
    # What it asks of derivatives (seeds/licenses.yaml): permissive, copyleft,
    # non-commercial, no-derivatives, restricted or closed; None: not read.
    terms: str | None = Field(default=None, max_length=20)
    family: str | None = Field(default=None, max_length=40)  # licences whose terms agree
    url: str | None = None  # where its text is


class LicenseAlias(SQLModel, table=True):
    """Another spelling of a licence (a Hub licence id, a leaderboard's label)."""

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = Field(foreign_key="license.id", index=True, ondelete="CASCADE")
    key: str = Field(index=True, max_length=300)


class Vendor(SQLModel, table=True):
    """An organisation that develops models."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=200)
    name: str
    country: str | None = Field(default=None, max_length=2, index=True)  # ISO 3166-1 alpha-2
    # organization: named by a catalogue, a vendor's own data or a curator;
    # namespace: known only as a Hugging Face namespace (a user or an
    # organisation: the datasets do not say which).
    kind: str = Field(default="organization", max_length=20)
    source_id: str = Field(foreign_key="source.id", index=True)


class VendorAlias(SQLModel, table=True):
    """Another name of a vendor, with the source that used it."""

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(foreign_key="vendor.id", index=True, ondelete="CASCADE")
    alias: str
    key: str = Field(index=True, max_length=300)  # normalised form of `alias`
    source_id: str = Field(foreign_key="source.id", index=True)


class Model(SQLModel, table=True):
    """A canonical model, whatever each source calls it."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=300)
    name: str
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id", index=True)
    family: str | None = Field(default=None, max_length=200, index=True)
    release_date: date | None = None
    open_weights: bool | None = Field(default=None, index=True)
    license_id: int | None = Field(default=None, foreign_key="license.id", index=True)
    architecture: str | None = Field(default=None, max_length=10)  # dense | moe
    params_total: int | None = Field(default=None, sa_type=BigInteger)
    params_active: int | None = Field(default=None, sa_type=BigInteger)
    context_window: int | None = Field(default=None, sa_type=BigInteger)
    output_limit: int | None = Field(default=None, sa_type=BigInteger)
    # True when the model comes from the curated catalog; false when a dataset
    # introduced it (e.g. a price list entry that matched no catalog model).
    curated: bool = True
    # False for a name a dataset refers to but describes nowhere (e.g. a
    # deleted Hugging Face parent): a node kept so that no edge is dropped.
    known: bool = True
    source_id: str = Field(foreign_key="source.id", index=True)


class ModelAlias(SQLModel, table=True):
    """Another name or id of a model, with the source that used it (two
    sources may both list one alias)."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    alias: str
    key: str = Field(index=True, max_length=300)
    source_id: str = Field(foreign_key="source.id", index=True)


class Endpoint(SQLModel, table=True):
    """The same model served under another id or terms (`:free`, dated ids...)."""

    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    platform: str = Field(max_length=100)
    external_id: str = Field(max_length=300, index=True)
    variant: str = Field(default="default", max_length=20)
    source_id: str = Field(foreign_key="source.id", index=True)


class Provider(SQLModel, table=True):
    """Who serves models (OpenRouter, Together, the vendor itself...)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=200)
    name: str
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id")
    url: str | None = None
    source_id: str = Field(foreign_key="source.id", index=True)


class Price(SQLModel, table=True):
    """USD per million tokens of one kind, for a model on a provider, over a
    validity interval [valid_from, valid_to) (NULL: open on that side), above
    a context threshold (`tier_min_tokens`, 0 for the base tier)."""

    __table_args__ = (Index("ix_price_model_provider", "model_id", "provider_id"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    provider_id: int = Field(foreign_key="provider.id", index=True)
    provider_model_id: str = Field(max_length=300)  # the id as the provider names it
    token_kind: str = Field(max_length=20)  # input | output | cache_read | cache_write
    usd_per_mtok: Decimal = Field(sa_type=ExactDecimal)
    tier_min_tokens: int = Field(default=0, sa_type=BigInteger)
    valid_from: date | None = None
    valid_to: date | None = None
    conditions: str | None = Field(default=None, max_length=200)  # e.g. batch
    source_id: str = Field(foreign_key="source.id", index=True)
    locator: str | None = None


class UsageObservation(SQLModel, table=True):
    """Tokens processed on a platform over an explicit period [start, end]
    (both inclusive), by a model endpoint, a vendor, or an aggregate."""

    __table_args__ = (Index("ix_usage_platform_period", "platform", "period_start", "period_end"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=100)
    period_start: date
    period_end: date
    subject_kind: str = Field(max_length=20)  # model | vendor | aggregate | platform
    model_id: int | None = Field(default=None, foreign_key="model.id", index=True)
    endpoint_id: int | None = Field(default=None, foreign_key="endpoint.id")
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id")
    subject_label: str  # the id or name as the source gave it
    tokens: int | None = Field(default=None, sa_type=BigInteger)
    prompt_tokens: int | None = Field(default=None, sa_type=BigInteger)
    completion_tokens: int | None = Field(default=None, sa_type=BigInteger)
    reasoning_tokens: int | None = Field(default=None, sa_type=BigInteger)
    cached_tokens: int | None = Field(default=None, sa_type=BigInteger)
    request_count: int | None = Field(default=None, sa_type=BigInteger)
    rank: int | None = None
    reported_change: float | None = None  # as the source states it, a fraction
    source_id: str = Field(foreign_key="source.id", index=True)
    locator: str | None = None


class Benchmark(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=200)
    name: str
    unit: str = Field(max_length=20)
    higher_is_better: bool = True


class BenchmarkAlias(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    benchmark_id: int = Field(foreign_key="benchmark.id", index=True, ondelete="CASCADE")
    key: str = Field(index=True, max_length=300)


class BenchmarkResult(SQLModel, table=True):
    __table_args__ = (Index("ix_result_model_benchmark", "model_id", "benchmark_id"),)

    id: int | None = Field(default=None, primary_key=True)
    benchmark_id: int = Field(foreign_key="benchmark.id", index=True)
    model_id: int = Field(foreign_key="model.id", ondelete="CASCADE")
    score: float
    setting: str | None = None  # e.g. "Max" mode
    metric: str | None = None
    harness: str | None = None
    measured: date | None = None
    variant: str | None = None  # dataset or version of the benchmark, when stated
    votes: int | None = None  # for arena-style scores
    ci_low: float | None = None  # confidence interval, when stated
    ci_high: float | None = None
    tier: int = 3  # graph.provenance.precedence.Tier of this value
    source_id: str = Field(foreign_key="source.id", index=True)
    locator: str | None = None


class Fact(SQLModel, table=True):
    """One value one source states for one field of a model or vendor.

    Every value is kept; the entity's own column holds the preferred one
    (graph.provenance.precedence), and `conflicts` lists fields whose sources disagree.
    """

    __table_args__ = (Index("ix_fact_entity_field", "entity_kind", "entity_id", "field"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_kind: str = Field(max_length=10)  # model | vendor
    entity_id: int
    field: str = Field(max_length=40)
    value: str  # JSON: a string, number, boolean or list
    tier: int = 3
    source_id: str = Field(foreign_key="source.id", index=True)
    locator: str | None = None


class LineageEdge(SQLModel, table=True):
    """child derives from parent by `relation`
    (finetune | quantization | adapter | merge | distillation)."""

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    parent_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    relation: str = Field(max_length=20)
    source_id: str = Field(foreign_key="source.id", index=True)
    locator: str | None = None


class Claim(SQLModel, table=True):
    """A figure a document states, kept as stated, to compare with the data."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    key: str = Field(max_length=200)  # unique within its source
    locator: str | None = None
    subject: str  # as curated: a model alias, vendor:<slug>, country:<ISO>...
    subject_kind: str = Field(max_length=20)  # model | vendor | country | platform | group
    model_id: int | None = Field(default=None, foreign_key="model.id", index=True)
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id")
    measure: str = Field(max_length=40, index=True)
    value_num: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    value_text: str | None = None
    unit: str = Field(max_length=20)
    qualifier: str | None = Field(default=None, max_length=20)
    period_start: date | None = None
    period_end: date | None = None
    as_of: date | None = None
    platform: str | None = None
    benchmark: str | None = None
    setting: str | None = None
    compare_to: str | None = None
    denominator: str | None = None
    # JSON: which rows of the period's usage ranking a group subject (and
    # `compare_to`) stands for: {"rank": [from, to], "country": ISO,
    # "vendor": slug}; a count claim counts its subject among them.
    members: str | None = Field(default=None, sa_type=Text)
    compare_members: str | None = Field(default=None, sa_type=Text)
    # JSON: what a workload_cost claim prices (seeds/README.md, `workload`)
    workload: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)


class UnresolvedName(SQLModel, table=True):
    """A name a source used that resolves to no model (or to several)."""

    __table_args__ = (UniqueConstraint("source_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    name: str = Field(sa_column=Column(String(500), nullable=False))
    reason: str = Field(max_length=20)  # unknown | ambiguous
    candidates: str | None = None  # comma-separated model slugs considered


class MergeCandidate(SQLModel, table=True):
    """Two models the resolution stage kept apart though they may be one:
    a close call for a curator (seeds/resolution.yaml), with the evidence."""

    id: int | None = Field(default=None, primary_key=True)
    model_a_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    model_b_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    score: float  # 0..100: 100 when every part of the names agrees
    evidence: str = Field(sa_type=Text)
    source_id: str = Field(foreign_key="source.id", index=True)


class LineageClosure(SQLModel, table=True):
    """Every (ancestor, descendant) pair the lineage edges link, derived
    with networkx after each import (graph.lineage.derive): "all descendants
    of X" is one index range, never a graph walk per request."""

    __table_args__ = (
        Index("ix_lineageclosure_ancestor_relation", "ancestor_id", "relation", "descendant_id"),
    )

    ancestor_id: int = Field(foreign_key="model.id", primary_key=True, ondelete="CASCADE")
    descendant_id: int = Field(
        foreign_key="model.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    depth: int  # edges on the shortest path between them
    relation: str = Field(max_length=20)  # how the descendant was made


class LicenseCheck(SQLModel, table=True):
    """A derivative's declared licence against its parent's, one row per
    lineage edge, derived with the lineage index (graph.lineage.licences)."""

    __table_args__ = (Index("ix_licensecheck_kind_edge", "kind", "edge_id"),)

    id: int | None = Field(default=None, primary_key=True)
    # One check per edge: pages of conflicts walk this index in edge order.
    edge_id: int = Field(foreign_key="lineageedge.id", unique=True, index=True, ondelete="CASCADE")
    child_id: int = Field(foreign_key="model.id", index=True, ondelete="CASCADE")
    parent_id: int = Field(foreign_key="model.id", ondelete="CASCADE")
    child_license_id: int | None = Field(default=None, foreign_key="license.id")
    parent_license_id: int | None = Field(default=None, foreign_key="license.id")
    status: str = Field(max_length=12, index=True)  # compatible | conflict | missing | unknown
    kind: str | None = Field(default=None, max_length=40)  # which rule a conflict breaks
    reason: str


class LineageSummary(SQLModel, table=True):
    """One model's place in the lineage, derived with the closure."""

    __table_args__ = (Index("ix_lineagesummary_root_descendants", "is_root", "descendants"),)

    model_id: int = Field(foreign_key="model.id", primary_key=True, ondelete="CASCADE")
    generation: int  # 0 for a root
    is_root: bool  # derived from no other model
    descendants: int
    by_relation: str  # JSON object: relation -> descendants made that way
    roots: str  # comma-separated ids of the roots of its families
    relation: str | None = Field(default=None, max_length=20)  # how it was made
    # Of a root: comma-separated sources of the edges its family is made of.
    sources: str = ""
    license_flags: int = 0  # edges into its descendants whose licence check flags
