"""Every answer has a bounded size: lists are capped or paged, and the limits
on a request's shape are refused with a readable error and a code."""

from __future__ import annotations

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType

from api.lists import Capped
from api.schema import schema


def _list_fields():
    for name, kind in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(kind, GraphQLObjectType):
            continue
        for field_name, field in kind.fields.items():
            inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if isinstance(inner, GraphQLList):
                yield name, field_name, field


def test_every_list_field_is_capped_or_a_page_and_says_so():
    unbounded = []
    for type_name, field_name, field in _list_fields():
        if type_name.endswith("Connection") and field_name == "edges":
            continue  # a page: its connection's `first` bounds it
        definition = field.extensions["strawberry-definition"]
        caps = [e for e in definition.extensions if isinstance(e, Capped)]
        if not caps or f"At most {caps[0].cap:,} items" not in (field.description or ""):
            unbounded.append(f"{type_name}.{field_name}")
    assert not unbounded, f"lists without a stated cap: {unbounded}"
