"""Catalog: models, vendors, licences, endpoints (types), their figures (prices,
usage, benchmark results) and the root fields that list and look them up."""
