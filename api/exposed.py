"""GraphQL types over the domain's own objects.

A type declared with `@exposes(DomainClass, description=...)` is resolved from
instances of `DomainClass` itself (a store row from `graph.store.tables`, or a
result dataclass from `graph.analytics`): resolvers return the domain object,
never a copy of it.

- A field declared as an annotation, `tokens: BigInt = strawberry.field(
  description=...)`, reads the domain attribute of the same name.
- A method is a field whose value the API derives; Strawberry passes the
  domain object as `self`, so `self.period.start` reads the domain object.

At import, `exposes` checks that every annotation field names an attribute of
the domain class, so a renamed column or dataclass field fails loudly instead
of drifting apart. `graph/` never imports Strawberry: the GraphQL view of a
domain class lives here, beside the area that serves it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

T = TypeVar("T", bound=type)


def attributes(domain: type) -> set[str]:
    """Names an instance of `domain` answers: dataclass and model fields,
    class attributes and properties."""
    names = set(dir(domain))
    if dataclasses.is_dataclass(domain):
        names |= {f.name for f in dataclasses.fields(domain)}
    names |= set(getattr(domain, "model_fields", {}))
    return names


def exposes(*domain: type, description: str, name: str | None = None) -> Callable[[T], T]:
    """Declare a Strawberry type resolved from instances of `domain`."""

    def wrap(cls: T) -> T:
        if any(issubclass(base, strawberry.relay.Node) for base in cls.__mro__[1:]):
            # Relay nodes are checked by type when resolved through `node(id:)`.
            def is_type_of(kind: type, obj: Any, _info: Any) -> bool:
                return isinstance(obj, (kind, *domain))

            cls.is_type_of = classmethod(is_type_of)  # type: ignore[attr-defined]
        order = {n: i for i, n in enumerate(cls.__dict__)}
        typed = strawberry.type(cls, name=name, description=description)
        known = set().union(*(attributes(d) for d in domain))
        definition = typed.__strawberry_definition__  # type: ignore[attr-defined]
        missing = [
            f.python_name
            for f in definition.fields
            if f.base_resolver is None and f.python_name not in known
        ]
        if missing:
            names = ", ".join(d.__name__ for d in domain)
            raise TypeError(f"{cls.__name__}: {names} has no attribute {', '.join(missing)}")
        # Fields in the order the class declares them, methods included
        # (Strawberry lists method fields after annotated ones); inherited
        # fields such as a node's `id` first.
        definition.fields.sort(key=lambda f: order.get(f.python_name, -1))
        typed.__domain__ = domain  # type: ignore[attr-defined]
        return typed

    return wrap


E = TypeVar("E", bound=type)


def exposes_enum(
    domain: E, *, description: str, values: dict[str, str], name: str | None = None
) -> E:
    """Register a domain enum as a GraphQL enum, declared once in `graph/`:
    arguments receive the domain's own members. `values` describes every
    member by name, no more and no fewer."""
    members = [m.name for m in domain]  # type: ignore[attr-defined]
    if sorted(members) != sorted(values):
        raise TypeError(f"{domain.__name__}: describe exactly {', '.join(members)}")
    typed = strawberry.enum(domain, name=name, description=description)
    for value in typed.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]
    return typed
