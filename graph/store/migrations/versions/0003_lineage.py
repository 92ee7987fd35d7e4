"""Lineage derived with networkx: the closure of the lineage edges and each
model's summary (generation, roots, descendants by relation).

Revision ID: 0003_lineage
Revises: 0002_resolution
Create Date: 2026-12-03
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_lineage"
down_revision = "0002_resolution"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lineageclosure",
        sa.Column("ancestor_id", sa.Integer(), nullable=False),
        sa.Column("descendant_id", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(["ancestor_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["descendant_id"], ["model.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("ancestor_id", "descendant_id"),
    )
    op.create_index(op.f("ix_lineageclosure_descendant_id"), "lineageclosure", ["descendant_id"])
    op.create_index(
        "ix_lineageclosure_ancestor_relation",
        "lineageclosure",
        ["ancestor_id", "relation", "descendant_id"],
    )
    op.create_table(
        "lineagesummary",
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("is_root", sa.Boolean(), nullable=False),
        sa.Column("descendants", sa.Integer(), nullable=False),
        sa.Column("by_relation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("roots", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("sources", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["model_id"], ["model.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("model_id"),
    )
    op.create_index(
        "ix_lineagesummary_root_descendants", "lineagesummary", ["is_root", "descendants"]
    )


def downgrade() -> None:
    op.drop_table("lineagesummary")
    op.drop_table("lineageclosure")
