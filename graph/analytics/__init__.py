"""Market analytics over the store: usage share (`share`), prices, ratios and
workload cost (`pricing`, with the rule that picks a model's price in
`price_rule`), benchmark parity (`parity`), and the catalogue reads the API
pages through (`catalog`). Exact decimals throughout."""
