"""The schema: the root Query gathers each area's root fields (catalog,
provenance, analytics); extensions give expected errors their code, mask the
unexpected ones and close the request's store session."""

from __future__ import annotations

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from api.analytics.query import AnalyticsQuery
from api.catalog.query import CatalogQuery
from api.errors import ErrorCodes, is_unexpected, mask_unexpected
from api.provenance.query import ProvenanceQuery
from api.scalars import SCALAR_MAP


@strawberry.type(description="Entry points into the tokenatlas knowledge graph.")
class Query(CatalogQuery, ProvenanceQuery, AnalyticsQuery):
    pass


class CloseSession(SchemaExtension):
    def on_operation(self):
        yield
        context = self.execution_context.context
        if hasattr(context, "close"):
            context.close()


class Schema(strawberry.Schema):
    """Logs only what is not the client's doing: an unknown name or a page
    too large is an answer, not a server error."""

    def process_errors(self, errors, execution_context=None) -> None:
        super().process_errors([e for e in errors if is_unexpected(e)], execution_context)


schema = Schema(
    query=Query,
    config=StrawberryConfig(scalar_map=SCALAR_MAP),
    extensions=[mask_unexpected, ErrorCodes, CloseSession],
)
