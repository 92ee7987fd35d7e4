"""Lineage: the derivation DAG (finetune, quantization, adapter, merge,
distillation) built with networkx from the stored edges, and what is derived
from it (families, descendants, licence inheritance).

Today lineage edges are read by `graph.analytics.catalog.lineage_of`; the
derivations land here, as pure functions over a graph."""
