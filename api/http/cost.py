"""What an answer costs, in nodes: estimated before running, counted after.

A node is one item of a list or one edge of a page. The estimate is GitHub's
rule: each list field may return as many items as its cap (api/lists.py) or,
for a page, its `first`, and those multiply down the tree, so
`models(first: 100) { edges { node { vendor { models { slug } } } } }`
costs 100 + 100 x 1,000. A request whose estimate exceeds the limit is
refused before it runs; the response's `extensions.cost` gives both figures
(Shopify's convention) so a front end sees what a query costs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values
from tokenatlas.api.lists import Capped
from tokenatlas.api.pagination import DEFAULT_PAGE


def requested_nodes(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: VariableValues | None,
) -> int:
    """The most nodes the operation can return (introspection not counted)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    walk = _Walk(schema, fragments, variables)
    walk.selections(operation.selection_set, root, 1, ())
    return walk.total


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues | None,
    ):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.total = 0

    def selections(
        self, node: SelectionSetNode, parent: Any, multiplier: int, scope: Sequence[Mapping]
    ) -> None:
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent, multiplier, scope)
            elif isinstance(selection, InlineFragmentNode):
                kind = parent
                if selection.type_condition is not None:
                    kind = self.schema.get_type(selection.type_condition.name.value)
                self.selections(selection.selection_set, kind, multiplier, scope)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                kind = self.schema.get_type(fragment.type_condition.name.value)
                self.selections(fragment.selection_set, kind, multiplier, scope)

    def field(
        self, node: FieldNode, parent: Any, multiplier: int, scope: Sequence[Mapping]
    ) -> None:
        name = node.name.value
        if name.startswith("__") or not hasattr(parent, "fields") or name not in parent.fields:
            return
        definition: GraphQLField = parent.fields[name]
        try:
            args = get_argument_values(definition, node, self.variables)
        except GraphQLError:
            args = {}
        inner = [args, *scope]
        items = _items(parent.name, name, definition, inner)
        if items is not None:
            multiplier *= items
            self.total += multiplier
        if node.selection_set is not None:
            self.selections(node.selection_set, get_named_type(definition.type), multiplier, inner)


def _items(
    parent: str, name: str, definition: GraphQLField, scope: Sequence[Mapping]
) -> int | None:
    """How many items the field may return; None for a field of one value."""
    if parent.endswith("Connection") and name == "edges":
        first = scope[1].get("first") if len(scope) > 1 else None
        return first if isinstance(first, int) and first > 0 else DEFAULT_PAGE
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    for extension in getattr(strawberry_field, "extensions", None) or ():
        if isinstance(extension, Capped):
            return extension.items(scope)
    return None


def counted_nodes(data: Any) -> int:
    """The nodes an answer holds: the items of every list in it."""
    total, stack = 0, [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            total += len(item)
            stack.extend(item)
    return total
