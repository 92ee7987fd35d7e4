"""Everything that writes the graph: one module (or package) per public
dataset, each following the importer contract in `contract`, and the curated
seeds, the price list and the weekly usage snapshots, which differ where
their data does (README.md says how); `load` brings a whole store up."""
