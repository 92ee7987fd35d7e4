"""The curated seeds (`seeds/`): licences, vendors, models, benchmarks and
the press articles with their claims. `read_seeds` validates everything
(`reading`, against the shapes in `shapes`), `write_seeds` writes it
(`writing`); `graph.sources.load.seed` runs both, before the price list and
the datasets, which resolve their names against this catalog."""

from tokenatlas.graph.sources.seeds.reading import read_seeds, seeds_digest, seeds_dir
from tokenatlas.graph.sources.seeds.shapes import CATALOG_SOURCE_ID, Article, SeedCounts, SeedData
from tokenatlas.graph.sources.seeds.writing import write_seeds

__all__ = [
    "CATALOG_SOURCE_ID",
    "Article",
    "SeedCounts",
    "SeedData",
    "read_seeds",
    "seeds_digest",
    "seeds_dir",
    "write_seeds",
]
