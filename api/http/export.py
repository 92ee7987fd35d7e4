"""A GraphQL answer as a table: CSV or NDJSON, one row per item of the
answer's one path of lists.

The answer may hold lists nested one inside another (`series` with its
`points`, a connection's `edges`): they flatten into one row per innermost
item, the fields outside each list repeated on each of its rows; an item
whose inner list is empty keeps one row, its inner cells empty. Two lists
side by side have no single row shape, and neither has an answer with no
list: both are refused (`NotATable`), naming the lists.

Columns are the selected leaves in selection order, named by their path
below the lists (`vendor.name`, `source.title`); when two paths would get
one name, they keep the list they are in (`points.week`). Values are as
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

CSV = "text/csv"
NDJSON = "application/x-ndjson"
TABLES = (CSV, NDJSON)

Path = tuple[str, ...]  # a leaf's field names from the root; a list's name ends with "[]"


class NotATable(ValueError):
    """The answer has no list, or two lists side by side."""


def _lists_in(value: Any) -> bool:
    if isinstance(value, list):
        return True
    return isinstance(value, dict) and any(_lists_in(v) for v in value.values())


def _rows(value: dict, at: Path) -> Iterator[dict[Path, Any]]:
    """The rows of an object: its leaves, and one row per item of the one
    list below it (if any)."""
    before: dict[Path, Any] = {}
    after: dict[Path, Any] = {}
    listed: tuple[str, Any] | None = None
    for name, v in value.items():
        if _lists_in(v):
            if listed is not None:
                where = ".".join(p for p in at if not p.endswith("[]")) or "the answer"
                raise NotATable(
                    f"'{listed[0]}' and '{name}' are two lists side by side in {where}: "
                    "an export follows one path of lists; ask for one of them"
                )
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


def rows_of(data: dict | None) -> Iterator[dict[Path, Any]]:
    """Every row of an answer's data; `NotATable` when it has no list."""
    if not data or not _lists_in(data):
        fields = ", ".join(data or {}) or "nothing"
        raise NotATable(
            f"the answer ({fields}) holds no list: an export needs one (a connection's "
            "edges, rows, series points...)"
        )
    return _rows(data, ())


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


def table(data: dict | None, media: str) -> Iterator[str]:
    """The answer as CSV (a header, then a line per row) or NDJSON (an
    object per row, keyed by column name). Raises `NotATable` before the
    first line when the answer is not one."""
    columns: dict[Path, None] = {}
    for row in rows_of(data):  # a first pass: the shape checked, every column in order
        columns.update(dict.fromkeys(row))
    # a null object is no column of its own where other rows have its fields
    paths = [p for p in columns if not any(len(q) > len(p) and q[: len(p)] == p for q in columns)]
    return _lines(data, paths, media)


def _lines(data: dict | None, paths: list[Path], media: str) -> Iterator[str]:
    names = column_names(paths)
    if media == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")

        def line(values: list[str]) -> str:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(values)
            return buffer.getvalue()

        yield line(names)
        for row in rows_of(data):
            yield line([_cell(row.get(p)) for p in paths])
        return
    for row in rows_of(data):
        item = {n: row.get(p) for n, p in zip(names, paths, strict=True)}
        yield json.dumps(item, ensure_ascii=False, default=str) + "\n"
