"""Provenance: sources, every value with its source, claims, and the conflicts
root field."""
