"""The shape a request may have, checked before anything runs: the document's
size, tokens, depth, aliases, and the size of every string and list it or its
variables carry. Each refusal is a `Rejected` naming the limit, its maximum
and what the request asked for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    parse,
)
from graphql.language import Visitor, visit
from tokenatlas.api.errors import Code, Rejected
from tokenatlas.api.http.settings import Limits


def exceeded(limit: str, maximum: int | float, found: int | float, message: str) -> Rejected:
    return Rejected(
        message,
        Code.LIMIT_EXCEEDED,
        document=True,
        extensions={"limit": limit, "max": maximum, "found": found},
    )


def parse_document(query: str, limits: Limits) -> DocumentNode:
    """The parsed document, refused when too long, too many tokens, or not GraphQL."""
    if len(query) > limits.max_chars:
        raise exceeded(
            "chars",
            limits.max_chars,
            len(query),
            f"The query has {len(query):,} characters; at most {limits.max_chars:,} are allowed.",
        )
    try:
        return parse(query, max_tokens=limits.max_tokens, no_location=False)
    except GraphQLError as error:
        if "tokens" in error.message and "Parsing aborted" in error.message:
            raise exceeded(
                "tokens",
                limits.max_tokens,
                limits.max_tokens + 1,
                f"The query has more than {limits.max_tokens:,} tokens.",
            ) from None
        raise Rejected(
            error.message,
            Code.GRAPHQL_PARSE_FAILED,
            document=True,
            locations=error.locations,
        ) from None


def check_shape(document: DocumentNode, limits: Limits) -> None:
    """Depth, aliases and literal sizes of a parsed document."""
    aliases = _Aliases(limits)
    visit(document, aliases)
    if aliases.count > limits.max_aliases:
        raise exceeded(
            "aliases",
            limits.max_aliases,
            aliases.count,
            f"The query uses {aliases.count} aliases; at most {limits.max_aliases} are allowed.",
        )
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            depth = _depth(definition.selection_set, fragments, frozenset())
            if depth > limits.max_depth:
                raise exceeded(
                    "depth",
                    limits.max_depth,
                    depth,
                    f"The query nests fields {depth} deep; at most {limits.max_depth} are allowed.",
                )


class _Aliases(Visitor):
    """Counts aliases; refuses string and list literals over the limits."""

    def __init__(self, limits: Limits):
        super().__init__()
        self.limits = limits
        self.count = 0

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.alias is not None:
            self.count += 1

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        _check_string(node.value, self.limits)

    def enter_list_value(self, node: ListValueNode, *_: Any) -> None:
        _check_list(len(node.values), self.limits)


def _depth(
    selections: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> int:
    """How deep fields nest below `selections`; introspection is not counted.
    A fragment cycle is left to validation, which refuses it."""
    if selections is None:
        return 0
    deepest = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                inner = fragments[name].selection_set
                deepest = max(deepest, _depth(inner, fragments, seen | {name}))
    return deepest


def check_variables(variables: dict[str, Any], limits: Limits) -> None:
    """Every string and list the variables carry, at any depth."""
    for value in _leaves(variables):
        if isinstance(value, str):
            _check_string(value, limits)
        elif isinstance(value, list):
            _check_list(len(value), limits)


def _leaves(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _check_string(value: str, limits: Limits) -> None:
    if len(value) > limits.max_string:
        raise exceeded(
            "string",
            limits.max_string,
            len(value),
            f"A string argument has {len(value):,} characters; at most "
            f"{limits.max_string:,} are allowed.",
        )


def _check_list(items: int, limits: Limits) -> None:
    if items > limits.max_list_argument:
        raise exceeded(
            "list",
            limits.max_list_argument,
            items,
            f"A list argument has {items:,} items; at most {limits.max_list_argument} are allowed.",
        )
