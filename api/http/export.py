"""A GraphQL answer as a table: CSV or NDJSON, one row per item of the
answer's one path of lists.

The answer may hold lists nested one inside another (`series` with its
`points`, a connection's `edges`): they flatten into one row per innermost
item, the fields outside each list repeated on each of its rows; an item
whose inner list is empty keeps one row, its inner cells empty. Two lists
side by side have no single row shape, and neither has an answer with no
list: both are refused (`NotATable`), naming the lists.

The shape is read from the query itself, before it runs (`columns_of`):
columns are the selected leaves in selection order, whether or not the
answer has values for them, named by their path below the lists
(`vendor.name`, `source.title`); when two paths would get one name, they
take their whole path (`points.week`). Values are as
in JSON: decimal strings stay strings, nulls are empty cells; in CSV, a
text a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) is quoted
with a leading apostrophe, numbers are left as they are. Rows are
produced one at a time, so an export of many rows never becomes one
string in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
)

CSV = "text/csv"
NDJSON = "application/x-ndjson"
TABLES = (CSV, NDJSON)

Path = tuple[str, ...]  # a leaf's field names from the root; a list's name ends with "[]"


class NotATable(ValueError):
    """The answer has no list, or two lists side by side."""


def columns_of(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> list[Path]:
    """The columns of an operation's answer, read from its selections and
    the schema's types; `NotATable` when it selects no list, or two side by
    side (nothing is run to find out)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def fields(parent: Any, selection_set: SelectionSetNode) -> Iterator[tuple[Any, FieldNode]]:
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                yield parent, sel
                continue
            fragment = fragments[sel.name.value] if isinstance(sel, FragmentSpreadNode) else sel
            condition = getattr(fragment, "type_condition", None)
            inner = schema.get_type(condition.name.value) if condition else parent
            yield from fields(inner, fragment.selection_set)

    def walk(parent: Any, selection_set: SelectionSetNode, at: Path) -> tuple[list[Path], bool]:
        paths: list[Path] = []
        listed: list[str] = []
        for owner, field in fields(parent, selection_set):
            key = field.alias.value if field.alias else field.name.value
            definition = getattr(owner, "fields", {}).get(field.name.value)
            kind, is_list = definition.type if definition else None, False
            while isinstance(kind, GraphQLNonNull | GraphQLList):
                is_list = is_list or isinstance(kind, GraphQLList)
                kind = kind.of_type
            name = f"{key}[]" if is_list else key
            inner, has = [(*at, name)], False
            if field.selection_set:
                inner, has = walk(kind, field.selection_set, (*at, name))
            if (is_list or has) and key not in listed:
                listed.append(key)
            paths += inner
        if len(listed) > 1:
            where = ".".join(p for p in at if not p.endswith("[]")) or "the answer"
            raise NotATable(
                f"'{listed[0]}' and '{listed[1]}' are two lists side by side in {where}: "
                "an export follows one path of lists; ask for one of them"
            )
        return list(dict.fromkeys(paths)), bool(listed)

    paths, has_list = walk(schema.query_type, operation.selection_set, ())
    if not has_list:
        asked = ", ".join(dict.fromkeys(p[0] for p in paths)) or "nothing"
        raise NotATable(
            f"the answer ({asked}) holds no list: an export needs one (a connection's "
            "edges, rows, series points...)"
        )
    return paths


def _lists_in(value: Any) -> bool:
    if isinstance(value, list):
        return True
    return isinstance(value, dict) and any(_lists_in(v) for v in value.values())


def _rows(value: dict, at: Path) -> Iterator[dict[Path, Any]]:
    """The rows of an object: its leaves, and one row per item of the one
    list below it (if any; `columns_of` has checked there is one at most)."""
    before: dict[Path, Any] = {}
    after: dict[Path, Any] = {}
    listed: tuple[str, Any] | None = None
    for name, v in value.items():
        if listed is None and _lists_in(v):
            listed = (name, v)
        else:
            (after if listed else before).update(_leaves(v, (*at, name)))
    if listed is None:
        yield {**before, **after}
        return
    name, v = listed
    if isinstance(v, dict):
        inner: Iterator[dict[Path, Any]] = _rows(v, (*at, name))
    else:
        inner = _items(v, (*at, f"{name}[]"))
    found = False
    for row in inner:
        found = True
        yield {**before, **row, **after}
    if not found:  # an empty list below keeps its owner's row, its cells empty
        yield {**before, **after}


def _items(items: list, at: Path) -> Iterator[dict[Path, Any]]:
    for item in items:
        if isinstance(item, dict):
            yield from _rows(item, at)
        else:
            yield {at: item}


def _leaves(value: Any, at: Path) -> dict[Path, Any]:
    if isinstance(value, dict):
        out: dict[Path, Any] = {}
        for name, v in value.items():
            out.update(_leaves(v, (*at, name)))
        return out
    return {at: value}


def _short(path: Path) -> Path:
    """A path without the root field and the lists it passes through (with
    a connection's `edges[].node`); a list of plain values names its column."""
    out = []
    for i, part in enumerate(path[1:], start=1):
        if part == "node" and path[i - 1] == "edges[]":
            continue
        if not part.endswith("[]"):
            out.append(part)
    if path[-1].endswith("[]"):
        out.append(path[-1][:-2])
    return tuple(out)


def column_names(paths: list[Path]) -> list[str]:
    """A name per column: its short path; where two are alike, the whole
    path (root field and lists included); a number where even those are."""
    short = [_short(p) for p in paths]
    names = []
    for path, s in zip(paths, short, strict=True):
        if short.count(s) > 1 or not s:
            s = tuple(p.removesuffix("[]") for p in path)
        name = ".".join(s)
        while name in names:
            name += "_"
        names.append(name)
    return names


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith(_FORMULA) and not _number(text):
        return "'" + text  # a spreadsheet would run it as a formula (`@cf/...`, `=...`)
    return text


def table(data: dict | None, paths: list[Path], media: str) -> Iterator[str]:
    """The answer as CSV (a header, then a line per row) or NDJSON (an
    object per row, keyed by column name), its columns `paths` (from
    `columns_of`); rows are made as they are sent."""
    names = column_names(paths)
    rows = _rows(data or {}, ())
    if media == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")

        def line(values: list[str]) -> str:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(values)
            return buffer.getvalue()

        yield line(names)
        for row in rows:
            yield line([_cell(row.get(p)) for p in paths])
        return
    for row in rows:
        item = {n: row.get(p) for n, p in zip(names, paths, strict=True)}
        yield json.dumps(item, ensure_ascii=False, default=str) + "\n"
