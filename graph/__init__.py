"""The knowledge graph: tables, sessions, loaders and analytics.

Nothing here imports the API layer.
"""
