"""Analytics: share, shareSeries, priceRatio, workloadCost, benchmarkParity. Types in
share, pricing and parity; root fields in query; enums and number formats apart."""
