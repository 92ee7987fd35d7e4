"""The analytics enums, as GraphQL sees them: the domain's own enums from
graph.analytics, each member described once here."""

from __future__ import annotations

from tokenatlas.api.exposed import exposes_enum
from tokenatlas.graph.analytics.pricing import Component
from tokenatlas.graph.analytics.share import ShareGroup, ShareScope

exposes_enum(
    ShareGroup,
    description="What a share groups tokens by.",
    values={
        "MODEL": "Canonical model: endpoint variants (:free, dated ids) sum into it.",
        "VENDOR": "The vendor that develops the model.",
        "COUNTRY": "ISO 3166-1 alpha-2 country of the model's vendor.",
    },
)
exposes_enum(
    ShareScope,
    description="What a share is a share of: its denominator.",
    values={
        "TRACKED": "The tokens the period's observations hold (e.g. a top-10 snapshot's sum).",
        "PLATFORM": "The platform's whole volume, from a platform-total observation of the "
        "period; null with a reason where the source has none.",
    },
)
PriceComponent = exposes_enum(
    Component,
    name="PriceComponent",
    description="Which price of a model a ratio compares.",
    values={
        "INPUT": "Input (prompt) tokens, uncached.",
        "OUTPUT": "Output (completion) tokens.",
        "CACHE_READ": "Input tokens read from the prompt cache.",
        "BLENDED": "inputShare x input price + (1 - inputShare) x output price.",
    },
)

__all__ = ["PriceComponent", "ShareGroup", "ShareScope"]
