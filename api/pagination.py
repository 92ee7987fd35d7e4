"""Relay-style cursor connections. Cursors are opaque keyset positions
(not offsets), so a page stays right while rows are added."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from tokenatlas.graph.analytics.catalog import MAX_PAGE, Page, encode_cursor

DEFAULT_PAGE = 20
PageSize = Annotated[
    int | None,
    strawberry.argument(description=f"Page size, at most {MAX_PAGE}; default {DEFAULT_PAGE}."),
]

After = Annotated[
    str | None, strawberry.argument(description="Cursor after which the page starts.")
]

N = TypeVar("N")


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more rows follow this page.")
    has_previous_page: bool = strawberry.field(
        description="True when rows precede this page (an `after` cursor was given)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first row of the page.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last row: pass it as `after` for the next page."
    )


@strawberry.type(description="One row of a page, with its cursor.")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="Opaque position of this row.")
    node: N = strawberry.field(description="The row.")


@strawberry.type(description="A page of rows, Relay style.")
class Connection(Generic[N]):
    edges: list[Edge[N]] = strawberry.field(description="The rows of this page.")
    page_info: PageInfo = strawberry.field(description="Paging state.")
    page: strawberry.Private[Page]

    @strawberry.field(
        description="Rows matching the filters, over all pages (counted only when asked for)."
    )
    def total_count(self) -> int:
        return self.page.count()


def connection(page: Page, position: Callable[[Any], str] = attrgetter("slug")) -> Connection:
    """A page of store rows as a connection of their types; a row's cursor
    carries its keyset `position` (its slug, unless the list says otherwise)."""
    edges = [Edge(cursor=encode_cursor(position(row)), node=row) for row in page.rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        page=page,
    )
