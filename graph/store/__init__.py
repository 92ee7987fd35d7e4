"""The store: SQLModel tables, engines and sessions (SQLite or PostgreSQL),
insert-or-update by natural key, row counts. Imports nothing else of graph."""
