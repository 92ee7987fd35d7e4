"""Fact-check: the articles' claims evaluated against what the data derives,
measure by measure, with the gaps explained as hypotheses.

Claims are stored by `graph.sources.seeds`; their evaluation lands here."""
