"""The knowledge graph: everything tokenatlas knows and derives, without GraphQL.

One folder per concern; data flows one way, never into `api`: factcheck
checks claims with analytics and lineage; analytics and lineage read
provenance, resolve and store; sources write
through provenance and resolve into the store; provenance builds on resolve
and store, resolve on store. tests/test_layout.py holds the allowed imports.

- `analytics/`  share, price ratios, workload cost, benchmark parity, catalogue reads
- `lineage/`    derivations over the lineage DAG (networkx)
- `factcheck/`  claims evaluated against the data
- `sources/`    one module per dataset, the import contract they share, the seeds
- `provenance/` facts with their source, precedence, conflicts
- `resolve/`    names to canonical models and vendors
- `store/`      tables, engines and sessions, upsert; imports nothing else of graph

`errors.py` holds the error codes every layer above the store raises.
"""
