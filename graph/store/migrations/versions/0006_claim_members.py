"""Claims that speak of part of a ranking: which rows of a period's usage
ranking a claim's group (and what it is compared with) stands for, so a
claim like "the top six Chinese models" is checked by a query, not by code.

Revision ID: 0006_claim_members
Revises: 0005_license_check_pages
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_claim_members"
down_revision = "0005_license_check_pages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("members", sa.Text(), nullable=True))
        batch.add_column(sa.Column("compare_members", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("compare_members")
        batch.drop_column("members")
