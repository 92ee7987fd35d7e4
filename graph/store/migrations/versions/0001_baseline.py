"""The store as tokenatlas 0.1.0 made it: every table, before migrations existed.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from tokenatlas.graph.store.tables import ExactDecimal

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "benchmark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "license",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("spdx", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("commercial_use", sa.Boolean(), nullable=True),
        sa.Column("copyleft", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "source",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("date_inferred", sa.Boolean(), nullable=False),
        sa.Column("date_note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("collected", sa.Date(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("licence", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "benchmarkalias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(["benchmark_id"], ["benchmark.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_benchmarkalias_benchmark_id"), "benchmarkalias", ["benchmark_id"], unique=False
    )
    op.create_index(op.f("ix_benchmarkalias_key"), "benchmarkalias", ["key"], unique=False)
    op.create_table(
        "fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_fact_entity_field", "fact", ["entity_kind", "entity_id", "field"], unique=False
    )
    op.create_index(op.f("ix_fact_source_id"), "fact", ["source_id"], unique=False)
    op.create_table(
        "unresolvedname",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("candidates", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "name"),
    )
    op.create_index(
        op.f("ix_unresolvedname_source_id"), "unresolvedname", ["source_id"], unique=False
    )
    op.create_table(
        "vendor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index(op.f("ix_vendor_country"), "vendor", ["country"], unique=False)
    op.create_index(op.f("ix_vendor_source_id"), "vendor", ["source_id"], unique=False)
    op.create_table(
        "model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("family", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("release_date", sa.Date(), nullable=True),
        sa.Column("open_weights", sa.Boolean(), nullable=True),
        sa.Column("license_id", sa.Integer(), nullable=True),
        sa.Column("architecture", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("params_total", sa.BigInteger(), nullable=True),
        sa.Column("params_active", sa.BigInteger(), nullable=True),
        sa.Column("context_window", sa.BigInteger(), nullable=True),
        sa.Column("output_limit", sa.BigInteger(), nullable=True),
        sa.Column("curated", sa.Boolean(), nullable=False),
        sa.Column("known", sa.Boolean(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["license_id"],
            ["license.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index(op.f("ix_model_family"), "model", ["family"], unique=False)
    op.create_index(op.f("ix_model_license_id"), "model", ["license_id"], unique=False)
    op.create_index(op.f("ix_model_open_weights"), "model", ["open_weights"], unique=False)
    op.create_index(op.f("ix_model_source_id"), "model", ["source_id"], unique=False)
    op.create_index(op.f("ix_model_vendor_id"), "model", ["vendor_id"], unique=False)
    op.create_table(
        "provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index(op.f("ix_provider_source_id"), "provider", ["source_id"], unique=False)
    op.create_table(
        "vendoralias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_vendoralias_key"), "vendoralias", ["key"], unique=False)
    op.create_index(op.f("ix_vendoralias_source_id"), "vendoralias", ["source_id"], unique=False)
    op.create_index(op.f("ix_vendoralias_vendor_id"), "vendoralias", ["vendor_id"], unique=False)
    op.create_table(
        "benchmarkresult",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("setting", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("harness", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("measured", sa.Date(), nullable=True),
        sa.Column("variant", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("votes", sa.Integer(), nullable=True),
        sa.Column("ci_low", sa.Float(), nullable=True),
        sa.Column("ci_high", sa.Float(), nullable=True),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["benchmark_id"],
            ["benchmark.id"],
        ),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_benchmarkresult_benchmark_id"), "benchmarkresult", ["benchmark_id"], unique=False
    )
    op.create_index(
        op.f("ix_benchmarkresult_source_id"), "benchmarkresult", ["source_id"], unique=False
    )
    op.create_index(
        "ix_result_model_benchmark", "benchmarkresult", ["model_id", "benchmark_id"], unique=False
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value_num", ExactDecimal(), nullable=True),
        sa.Column("value_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("qualifier", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("benchmark", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("setting", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("compare_to", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("denominator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_claim_measure"), "claim", ["measure"], unique=False)
    op.create_index(op.f("ix_claim_model_id"), "claim", ["model_id"], unique=False)
    op.create_index(op.f("ix_claim_source_id"), "claim", ["source_id"], unique=False)
    op.create_table(
        "endpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("variant", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "external_id"),
    )
    op.create_index(op.f("ix_endpoint_external_id"), "endpoint", ["external_id"], unique=False)
    op.create_index(op.f("ix_endpoint_model_id"), "endpoint", ["model_id"], unique=False)
    op.create_index(op.f("ix_endpoint_source_id"), "endpoint", ["source_id"], unique=False)
    op.create_table(
        "lineageedge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["child_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_lineageedge_child_id"), "lineageedge", ["child_id"], unique=False)
    op.create_index(op.f("ix_lineageedge_parent_id"), "lineageedge", ["parent_id"], unique=False)
    op.create_index(op.f("ix_lineageedge_source_id"), "lineageedge", ["source_id"], unique=False)
    op.create_table(
        "modelalias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_modelalias_key"), "modelalias", ["key"], unique=False)
    op.create_index(op.f("ix_modelalias_model_id"), "modelalias", ["model_id"], unique=False)
    op.create_index(op.f("ix_modelalias_source_id"), "modelalias", ["source_id"], unique=False)
    op.create_table(
        "price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column(
            "provider_model_id", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False
        ),
        sa.Column("token_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("usd_per_mtok", ExactDecimal(), nullable=False),
        sa.Column("tier_min_tokens", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("conditions", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_price_model_id"), "price", ["model_id"], unique=False)
    op.create_index("ix_price_model_provider", "price", ["model_id", "provider_id"], unique=False)
    op.create_index(op.f("ix_price_provider_id"), "price", ["provider_id"], unique=False)
    op.create_index(op.f("ix_price_source_id"), "price", ["source_id"], unique=False)
    op.create_table(
        "usageobservation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("subject_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("endpoint_id", sa.Integer(), nullable=True),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("subject_label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("tokens", sa.BigInteger(), nullable=True),
        sa.Column("prompt_tokens", sa.BigInteger(), nullable=True),
        sa.Column("completion_tokens", sa.BigInteger(), nullable=True),
        sa.Column("reasoning_tokens", sa.BigInteger(), nullable=True),
        sa.Column("cached_tokens", sa.BigInteger(), nullable=True),
        sa.Column("request_count", sa.BigInteger(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("reported_change", sa.Float(), nullable=True),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("locator", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["endpoint.id"],
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["model.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_usage_platform_period",
        "usageobservation",
        ["platform", "period_start", "period_end"],
        unique=False,
    )
    op.create_index(
        op.f("ix_usageobservation_model_id"), "usageobservation", ["model_id"], unique=False
    )
    op.create_index(
        op.f("ix_usageobservation_source_id"), "usageobservation", ["source_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_usageobservation_source_id"), table_name="usageobservation")
    op.drop_index(op.f("ix_usageobservation_model_id"), table_name="usageobservation")
    op.drop_index("ix_usage_platform_period", table_name="usageobservation")
    op.drop_table("usageobservation")
    op.drop_index(op.f("ix_price_source_id"), table_name="price")
    op.drop_index(op.f("ix_price_provider_id"), table_name="price")
    op.drop_index("ix_price_model_provider", table_name="price")
    op.drop_index(op.f("ix_price_model_id"), table_name="price")
    op.drop_table("price")
    op.drop_index(op.f("ix_modelalias_source_id"), table_name="modelalias")
    op.drop_index(op.f("ix_modelalias_model_id"), table_name="modelalias")
    op.drop_index(op.f("ix_modelalias_key"), table_name="modelalias")
    op.drop_table("modelalias")
    op.drop_index(op.f("ix_lineageedge_source_id"), table_name="lineageedge")
    op.drop_index(op.f("ix_lineageedge_parent_id"), table_name="lineageedge")
    op.drop_index(op.f("ix_lineageedge_child_id"), table_name="lineageedge")
    op.drop_table("lineageedge")
    op.drop_index(op.f("ix_endpoint_source_id"), table_name="endpoint")
    op.drop_index(op.f("ix_endpoint_model_id"), table_name="endpoint")
    op.drop_index(op.f("ix_endpoint_external_id"), table_name="endpoint")
    op.drop_table("endpoint")
    op.drop_index(op.f("ix_claim_source_id"), table_name="claim")
    op.drop_index(op.f("ix_claim_model_id"), table_name="claim")
    op.drop_index(op.f("ix_claim_measure"), table_name="claim")
    op.drop_table("claim")
    op.drop_index("ix_result_model_benchmark", table_name="benchmarkresult")
    op.drop_index(op.f("ix_benchmarkresult_source_id"), table_name="benchmarkresult")
    op.drop_index(op.f("ix_benchmarkresult_benchmark_id"), table_name="benchmarkresult")
    op.drop_table("benchmarkresult")
    op.drop_index(op.f("ix_vendoralias_vendor_id"), table_name="vendoralias")
    op.drop_index(op.f("ix_vendoralias_source_id"), table_name="vendoralias")
    op.drop_index(op.f("ix_vendoralias_key"), table_name="vendoralias")
    op.drop_table("vendoralias")
    op.drop_index(op.f("ix_provider_source_id"), table_name="provider")
    op.drop_table("provider")
    op.drop_index(op.f("ix_model_vendor_id"), table_name="model")
    op.drop_index(op.f("ix_model_source_id"), table_name="model")
    op.drop_index(op.f("ix_model_open_weights"), table_name="model")
    op.drop_index(op.f("ix_model_license_id"), table_name="model")
    op.drop_index(op.f("ix_model_family"), table_name="model")
    op.drop_table("model")
    op.drop_index(op.f("ix_vendor_source_id"), table_name="vendor")
    op.drop_index(op.f("ix_vendor_country"), table_name="vendor")
    op.drop_table("vendor")
    op.drop_index(op.f("ix_unresolvedname_source_id"), table_name="unresolvedname")
    op.drop_table("unresolvedname")
    op.drop_index(op.f("ix_fact_source_id"), table_name="fact")
    op.drop_index("ix_fact_entity_field", table_name="fact")
    op.drop_table("fact")
    op.drop_index(op.f("ix_benchmarkalias_key"), table_name="benchmarkalias")
    op.drop_index(op.f("ix_benchmarkalias_benchmark_id"), table_name="benchmarkalias")
    op.drop_table("benchmarkalias")
    op.drop_table("source")
    op.drop_table("license")
    op.drop_table("benchmark")
