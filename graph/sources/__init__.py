"""Everything that writes the graph: the curated seeds, the price list, the
weekly usage snapshots and one module per public dataset, all following the
import contract in `contract`; `load` brings a whole store up."""
