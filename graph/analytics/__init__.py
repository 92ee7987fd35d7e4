"""Market analytics over the store: usage share (`share`, with the choice of
the observations that stand for a period in `periods` and their grouping and
ranking in `grouping`), prices, ratios and workload cost (`pricing`, with the
rule that picks a model's price in `price_rule`), benchmark parity (`parity`),
and the catalogue reads the API pages through (`catalog`). Exact decimals
throughout."""
