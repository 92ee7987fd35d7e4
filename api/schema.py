"""The schema: the root Query gathers each area's root fields; extensions
give expected errors their code and mask the unexpected ones."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.schema.config import StrawberryConfig

from api.analytics_query import AnalyticsQuery
from api.catalog_query import CatalogQuery
from api.provenance_query import ProvenanceQuery
from api.types import BIGINT_SCALAR, DECIMAL_SCALAR, BigInt
from graph.errors import TokenAtlasError


@strawberry.type(description="Entry points into the tokenatlas knowledge graph.")
class Query(CatalogQuery, ProvenanceQuery, AnalyticsQuery):
    pass


class ErrorCodes(SchemaExtension):
    """Expected failures keep their message and gain `extensions.code`."""

    def on_operation(self):
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            original = error.original_error
            if isinstance(original, TokenAtlasError):
                error.extensions = {"code": original.code.value, **original.extensions}


class CloseSession(SchemaExtension):
    def on_operation(self):
        yield
        context = self.execution_context.context
        if hasattr(context, "close"):
            context.close()


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, TokenAtlasError | GraphQLError)


class Schema(strawberry.Schema):
    """Logs only what is not the client's doing: an unknown name or a page
    too large is an answer, not a server error."""

    def process_errors(self, errors, execution_context=None) -> None:
        super().process_errors([e for e in errors if _is_unexpected(e)], execution_context)


schema = Schema(
    query=Query,
    config=StrawberryConfig(scalar_map={BigInt: BIGINT_SCALAR, Decimal: DECIMAL_SCALAR}),
    extensions=[
        lambda: MaskErrors(
            should_mask_error=_is_unexpected,
            error_message="Internal error: the server could not answer this.",
        ),
        ErrorCodes,
        CloseSession,
    ],
)
