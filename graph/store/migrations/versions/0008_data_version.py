"""The store's data version: one row whose number every committed write
moves, so servers (one process or many, on one store) know when their
cached answers and derived indexes are out of date.

Revision ID: 0008_data_version
Revises: 0007_claim_workload
Create Date: 2026-12-05
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0008_data_version"
down_revision = "0007_claim_workload"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "store": uuid.uuid4().hex, "version": 1}])


def downgrade() -> None:
    op.drop_table("data_version")
