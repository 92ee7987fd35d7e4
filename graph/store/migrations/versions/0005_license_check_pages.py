"""Licence conflicts paged by edge: one check per lineage edge (a unique
index on it, walked in edge order), found by its rule (`kind`) in edge
order, so a page is a range read and its cursors survive a re-derivation.

Revision ID: 0005_license_check_pages
Revises: 0004_license_terms
Create Date: 2026-12-05
"""

from alembic import op

revision = "0005_license_check_pages"
down_revision = "0004_license_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_licensecheck_kind_edge", "licensecheck", ["kind", "edge_id"])
    op.create_index(op.f("ix_licensecheck_edge_id"), "licensecheck", ["edge_id"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_licensecheck_edge_id"), table_name="licensecheck")
    op.drop_index("ix_licensecheck_kind_edge", table_name="licensecheck")
