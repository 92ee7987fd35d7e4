"""The models.dev catalogue (`models.dev/`, MIT): lab models with their facts
and benchmark scores, and provider listings with their prices.

- `models/<lab>/<id>.toml`: one model as its lab ships it. The lab folder is
  the vendor. The model is resolved from its id, `<lab>/<id>`, its display
  name and the Hugging Face repositories of its `[[weights]]`, so that it
  merges into the model the catalog (or another dataset) already holds;
  dated duplicates (`claude-opus-4-5` and `claude-opus-4-5-20251101`) land on
  one node, whose facts come from the undated file. Family, release date
  (`release_month` when only YYYY-MM is given), open weights, limits,
  modalities, flags and knowledge cutoff become facts; Hugging Face ids
  become aliases. A model that entered without a vendor gets the lab's.
- `[[benchmarks]]`: one result each (score, metric, harness, dataset /
  version / variant, source URL, date when stated). A score whose source is
  the vendor's own page (its Hugging Face organisation or its domain) has
  the vendor's tier.
- `providers/<provider>/provider.toml` and `providers/<provider>/models/**.toml`:
  a provider serving a model. `base_model` names the lab model; without it
  the listing's path id (and name) is resolved, and a model that resolves to
  nothing is created (its first listing states its facts). `[cost]` (USD
  per million tokens), its context `[[cost.tiers]]` and
  `[experimental.modes.<mode>.cost]` become prices of that provider dated by
  the dataset; `request` (USD per request) is not a token price and is left
  out. OpenRouter's path ids are its API ids: they become endpoints.

Resolution never guesses (see `matching.Matcher.choose`): ids outrank display names,
exact matches outrank loose rules, a curated model of another vendor is never
merged into, a name that already means another model is never made an alias,
and a Hugging Face repository listed by several lab models (a "turbo" serving
of the same weights, a "latest" pointer) counts only for the one it is named
after.

Only `*.toml` files are part of the catalogue (as in models.dev's own
build); a stray copy without the extension is ignored. A well-formed but
impossible date (the real `2025-25-11`) is left out of the facts.

The package: `catalogue` reads the folder (`checks` types every key), `names`
and `facts` read what one file says, `matching` chooses the model a file
means, `labs` and `listings` write the two kinds of file (`run` is what they
share).
"""

from __future__ import annotations

from datetime import date

from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.models_dev.catalogue import Catalogue, read
from tokenatlas.graph.sources.models_dev.labs import LabWriter
from tokenatlas.graph.sources.models_dev.listings import ListingWriter
from tokenatlas.graph.sources.models_dev.matching import Matcher
from tokenatlas.graph.sources.models_dev.run import Run

__all__ = ["AS_OF", "DATASET", "FILE", "SOURCE", "TIER", "read", "write"]

DATASET = "models-dev"
FILE = "models.dev"


def write(ctx: ImportContext, catalogue: Catalogue, *, as_of: date) -> None:
    """Lab models first (they hold the richest names), then the listings."""
    run = Run(ctx, catalogue, as_of, Matcher(ctx))
    labs, listings = LabWriter(run), ListingWriter(run)
    labs.write()
    listings.write()
    ctx.flush()


SOURCE = dict(
    kind="dataset",
    title="models.dev catalogue",
    publisher="models.dev (anomalyco/models.dev)",
    url="https://models.dev",
    licence="MIT",
    notes=(
        "lab models (facts, Hugging Face weights, benchmark scores with their cited source) "
        "and provider listings with prices in USD per million tokens; "
        "repository anomalyco/models.dev as of 2026-07-02"
    ),
)
TIER = Tier.CATALOGUE
AS_OF = date(2026, 7, 2)
