"""Licence terms along lineage: what each licence asks of derivatives, its
other spellings, each lineage edge's licence check, and how many checks
flag among each model's descendants.

Revision ID: 0004_license_terms
Revises: 0003_lineage
Create Date: 2026-12-03
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_license_terms"
down_revision = "0003_lineage"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("license") as batch:
        batch.add_column(sa.Column("terms", _text(length=20), nullable=True))
        batch.add_column(sa.Column("family", _text(length=40), nullable=True))
        batch.add_column(sa.Column("url", _text(), nullable=True))
    op.create_table(
        "licensealias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("license_id", sa.Integer(), nullable=False),
        sa.Column("key", _text(length=300), nullable=False),
        sa.ForeignKeyConstraint(["license_id"], ["license.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_licensealias_license_id"), "licensealias", ["license_id"])
    op.create_index(op.f("ix_licensealias_key"), "licensealias", ["key"])
    op.create_table(
        "licensecheck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edge_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("child_license_id", sa.Integer(), nullable=True),
        sa.Column("parent_license_id", sa.Integer(), nullable=True),
        sa.Column("status", _text(length=12), nullable=False),
        sa.Column("kind", _text(length=40), nullable=True),
        sa.Column("reason", _text(), nullable=False),
        sa.ForeignKeyConstraint(["edge_id"], ["lineageedge.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["child_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["child_license_id"], ["license.id"]),
        sa.ForeignKeyConstraint(["parent_license_id"], ["license.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_licensecheck_child_id"), "licensecheck", ["child_id"])
    op.create_index(op.f("ix_licensecheck_status"), "licensecheck", ["status"])
    with op.batch_alter_table("lineagesummary") as batch:
        batch.add_column(
            sa.Column("license_flags", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("lineagesummary") as batch:
        batch.drop_column("license_flags")
    op.drop_table("licensecheck")
    op.drop_table("licensealias")
    with op.batch_alter_table("license") as batch:
        batch.drop_column("url")
        batch.drop_column("family")
        batch.drop_column("terms")
