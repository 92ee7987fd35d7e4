"""Claims that price a workload: the tokens (and requests) a stated cost is
for, so "5 million tokens a day cost $0.70" is checked by the workload
cost rule, not by code.

Revision ID: 0007_claim_workload
Revises: 0006_claim_members
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_claim_workload"
down_revision = "0006_claim_members"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("workload", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("workload")
