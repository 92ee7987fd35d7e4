"""The schema: the root Query gathers each area's root fields (catalog,
provenance, analytics, fact-check). Execution, limits and error formatting are the HTTP
layer's (api/http/)."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig
from tokenatlas.api.analytics.query import AnalyticsQuery
from tokenatlas.api.catalog.query import CatalogQuery
from tokenatlas.api.factcheck.query import FactCheckQuery
from tokenatlas.api.provenance.query import ProvenanceQuery
from tokenatlas.api.scalars import SCALAR_MAP


@strawberry.type(description="Entry points into the tokenatlas knowledge graph.")
class Query(CatalogQuery, ProvenanceQuery, AnalyticsQuery, FactCheckQuery):
    pass


schema = strawberry.Schema(query=Query, config=StrawberryConfig(scalar_map=SCALAR_MAP))
