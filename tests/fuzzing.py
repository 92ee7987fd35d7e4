"""Generated GraphQL requests for the schema (hypothesis-graphql), and what
every answer must be: JSON, no server error, a code on every error."""

from __future__ import annotations

from typing import Any

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema
from tokenatlas.api.schema import schema


def _string(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.StringValueNode]:
    return values.map(lambda v: graphql.StringValueNode(value=v))


# Our scalars: well-formed values mostly, and some that are not.
SCALARS = {
    "Date": _string(st.one_of(st.dates().map(str), st.text(max_size=12))),
    "Decimal": _string(
        st.one_of(st.decimals(allow_nan=False, allow_infinity=False).map(str), st.text(max_size=8))
    ),
    "BigInt": st.integers(min_value=-(2**62), max_value=2**62).map(
        lambda v: graphql.IntValueNode(value=str(v))
    ),
}


def requests(mode: Mode = Mode.POSITIVE) -> st.SearchStrategy[str]:
    """Query documents for every root field; NEGATIVE breaks one rule of the schema."""
    return from_schema(schema._schema, custom_scalars=SCALARS, mode=mode)


def problems(status: int, body: Any) -> list[str]:
    """What is wrong with one answer, if anything."""
    found = []
    if status >= 500 and not (status == 503 and _codes(body) == {"TIMEOUT"}):
        found.append(f"server error {status}")
    if not isinstance(body, dict) or not ({"data", "errors"} & set(body)):
        found.append(f"not a GraphQL response: {str(body)[:200]}")
        return found
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if not code:
            found.append(f"error without a code: {error.get('message')}")
        elif code == "INTERNAL_SERVER_ERROR":
            found.append(f"internal error: {error.get('message')}")
    return found


def _codes(body: Any) -> set[str]:
    if not isinstance(body, dict):
        return set()
    return {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
