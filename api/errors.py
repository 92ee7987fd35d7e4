"""How errors reach clients. Every error carries `extensions.code`:

- the domain's own (graph.errors.ErrorCode: NOT_FOUND, AMBIGUOUS,
  INVALID_ARGUMENT, LIMIT_EXCEEDED, NOT_DERIVABLE), message kept;
- the request's, raised here as `Rejected` before anything runs
  (BAD_REQUEST, GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
  LIMIT_EXCEEDED, TIMEOUT...), with the HTTP status they answer with;
- INTERNAL_SERVER_ERROR for anything unexpected: the message is masked and
  the error logged with its traceback.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from graphql import GraphQLError
from tokenatlas.graph.errors import ErrorCode, TokenAtlasError

log = logging.getLogger("tokenatlas.errors")

MASKED_MESSAGE = "Internal error: the server could not answer this."


class Code(StrEnum):
    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    NOT_FOUND = ErrorCode.NOT_FOUND.value
    INVALID_ARGUMENT = ErrorCode.INVALID_ARGUMENT.value
    LIMIT_EXCEEDED = ErrorCode.LIMIT_EXCEEDED.value
    TIMEOUT = "TIMEOUT"
    UNAVAILABLE = "UNAVAILABLE"  # the store is not ready yet (first seed running)
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class Rejected(Exception):
    """A request refused before (or instead of) execution.

    `document` marks a failure of the GraphQL document or its variables
    (parse, validation, limits): 400 for application/graphql-response+json,
    200 for application/json clients, as the GraphQL-over-HTTP spec says.
    Otherwise `status` is the HTTP status whatever the media type."""

    def __init__(
        self,
        message: str,
        code: Code,
        *,
        status: int = 400,
        document: bool = False,
        extensions: dict[str, Any] | None = None,
        locations: Any = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.document = document
        self.extensions = extensions or {}
        self.locations = locations
        self.headers = headers or {}

    def formatted(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message}
        if self.locations:
            error["locations"] = [loc.formatted for loc in self.locations]
        error["extensions"] = {"code": self.code.value, **self.extensions}
        return error


def format_error(error: GraphQLError) -> dict:
    """One execution error as the response carries it, always with a code.

    The domain's errors keep their code; a value the client sent that a
    scalar or id could not read is INVALID_ARGUMENT; anything else is ours to
    fix: logged, and masked unless graphql-core itself wrote the message."""
    original = error.original_error
    if isinstance(original, TokenAtlasError):
        code, extensions = original.code.value, original.extensions
    elif isinstance(original, GraphQLError):
        code, extensions = Code.INVALID_ARGUMENT.value, original.extensions or {}
    elif original is None:
        log.error("GraphQL execution error at %s: %s", error.path, error.message)
        code, extensions = Code.INTERNAL_SERVER_ERROR.value, {}
    else:
        log.error("unexpected error at %s", error.path, exc_info=original)
        masked = GraphQLError(
            MASKED_MESSAGE, error.nodes, error.source, error.positions, error.path
        )
        return {**masked.formatted, "extensions": {"code": Code.INTERNAL_SERVER_ERROR.value}}
    return {
        **error.formatted,
        "extensions": {**(error.extensions or {}), **extensions, "code": code},
    }
