"""Alembic migrations of the store (see graph/store/schema.py)."""
