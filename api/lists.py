"""Bounded lists: every list field returns at most a stated number of items.

A list that can grow is either a connection (`first` 1..100, see
api/pagination.py) or declared with `extensions=[Capped(n)]`: the field
returns its first `n` items, says so in its description, and tells the cost
estimate (api/http/cost.py) how many items it may multiply the fields below it
by. `estimate` narrows that worst case from the arguments when they bound it
(a workload's models, a series' date range).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from strawberry.extensions.field_extension import FieldExtension

# The arguments of a field and of every field above it, nearest first.
Scope = Sequence[Mapping[str, Any]]


class Capped(FieldExtension):
    """At most `cap` items, the first in the field's own order."""

    def __init__(
        self,
        cap: int,
        *,
        rest: str | None = None,
        estimate: Callable[[Scope], int | None] | None = None,
    ):
        self.cap = cap
        self.rest = rest
        self.estimate = estimate

    def apply(self, field) -> None:
        note = f" At most {self.cap:,} items" + (f"; {self.rest}." if self.rest else ".")
        field.description = (field.description or "") + note

    def items(self, scope: Scope) -> int:
        """How many items the field may return, given the arguments in scope."""
        guess = self.estimate(scope) if self.estimate else None
        return self.cap if guess is None else max(0, min(self.cap, guess))

    # Positional-only: a field may have an argument called `source` or `info`.
    def resolve(self, next_, root, info, /, **kwargs):
        return _first(next_(root, info, **kwargs), self.cap)

    async def resolve_async(self, next_, root, info, /, **kwargs):
        return _first(await next_(root, info, **kwargs), self.cap)


def _first(items: Any, cap: int) -> Any:
    return items if items is None or len(items) <= cap else list(items)[:cap]


def argument_length(name: str, *, depth: int = 0) -> Callable[[Scope], int | None]:
    """The number of items in the list argument `name` of the field `depth`
    levels up (0: the field itself), when given."""

    def estimate(scope: Scope) -> int | None:
        value = scope[depth].get(name) if len(scope) > depth else None
        return len(value) if isinstance(value, list) else None

    return estimate


def argument_value(name: str, *, depth: int = 0) -> Callable[[Scope], int | None]:
    """The integer argument `name` of the field `depth` levels up, when given."""

    def estimate(scope: Scope) -> int | None:
        value = scope[depth].get(name) if len(scope) > depth else None
        return value if isinstance(value, int) else None

    return estimate


def days_between(start: str, end: str, *, depth: int) -> Callable[[Scope], int | None]:
    """Days in the range the field `depth` levels up asks for (its `start` and
    `end` date arguments, inclusive): periods are at least a day long."""

    def estimate(scope: Scope) -> int | None:
        args = scope[depth] if len(scope) > depth else {}
        first, last = args.get(start), args.get(end)
        if first is None or last is None or not hasattr(first, "toordinal"):
            return None
        return last.toordinal() - first.toordinal() + 1

    return estimate
