"""Market analytics over the store: usage share (`share`), prices, ratios and
workload cost (`pricing`), benchmark parity (`parity`), and the catalogue
reads the API pages through (`catalog`). Exact decimals throughout."""
