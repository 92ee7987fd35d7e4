"""Errors the domain raises in normal use, with a code the API exposes.

Nothing here knows about GraphQL: `api/` maps these to GraphQL errors.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    AMBIGUOUS = "AMBIGUOUS"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    NOT_DERIVABLE = "NOT_DERIVABLE"


class TokenAtlasError(Exception):
    """An expected failure whose message is meant for the user."""

    code: ErrorCode = ErrorCode.INVALID_ARGUMENT

    def __init__(self, message: str, *, code: ErrorCode | None = None, **extensions: object):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.extensions = extensions


class NotFoundError(TokenAtlasError):
    code = ErrorCode.NOT_FOUND


class AmbiguousNameError(TokenAtlasError):
    code = ErrorCode.AMBIGUOUS


class LoadError(Exception):
    """A seed or data file that cannot be loaded: nothing of it was written.

    `where` names the file and, when known, the line or key.
    """

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
