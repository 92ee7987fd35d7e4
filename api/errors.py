"""How errors reach clients: expected failures (graph.errors) keep their
message and gain `extensions.code`; anything else is masked and logged."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from graph.errors import TokenAtlasError

MASKED_MESSAGE = "Internal error: the server could not answer this."


class ErrorCodes(SchemaExtension):
    """Expected failures keep their message and gain `extensions.code`."""

    def on_operation(self):
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            original = error.original_error
            if isinstance(original, TokenAtlasError):
                error.extensions = {"code": original.code.value, **original.extensions}


def is_unexpected(error: GraphQLError) -> bool:
    """True for an error that is not the client's doing: a bug, a lost store."""
    original = error.original_error
    return original is not None and not isinstance(original, TokenAtlasError | GraphQLError)


def mask_unexpected() -> MaskErrors:
    return MaskErrors(should_mask_error=is_unexpected, error_message=MASKED_MESSAGE)
