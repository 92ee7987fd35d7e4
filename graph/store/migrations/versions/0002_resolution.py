"""Entity resolution as a stage: a vendor's kind, and the close calls it lists.

Revision ID: 0002_resolution
Revises: 0001_baseline
Create Date: 2026-12-02
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_resolution"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vendor") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="organization",
            )
        )
    op.create_table(
        "mergecandidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_a_id", sa.Integer(), nullable=False),
        sa.Column("model_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["model_a_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["model_b_id"], ["model.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("model_a_id", "model_b_id", "source_id"):
        op.create_index(op.f(f"ix_mergecandidate_{column}"), "mergecandidate", [column])


def downgrade() -> None:
    op.drop_table("mergecandidate")
    with op.batch_alter_table("vendor") as batch:
        batch.drop_column("kind")
