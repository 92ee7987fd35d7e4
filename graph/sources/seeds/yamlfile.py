"""Reading curated YAML with line numbers, and checking its shape.

Every mapping read here knows the line it started on, so a validation error
names the file, the line and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from tokenatlas.graph.errors import LoadError


class Row(dict):
    """A YAML mapping that remembers where it was written."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_row(loader: _LineLoader, node: yaml.MappingNode) -> Row:
    row = Row(loader.construct_mapping(node, deep=True))
    row.line = node.start_mark.line + 1
    return row


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_row)


# YAML 1.1 reads 4.69e12 (no dot or sign in the exponent) as a string; a
# curator means a number.
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise LoadError(where, f"not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    except OSError as exc:
        raise LoadError(str(path), f"cannot be read ({exc.strerror})") from exc


@dataclass(frozen=True)
class F:
    """One allowed key of a mapping: its type(s) and whether it is required."""

    types: type | tuple[type, ...]
    required: bool = False
    nullable: bool = True


def where(path: Path, row: Any) -> str:
    line = getattr(row, "line", 0)
    return f"{path}:{line}" if line else str(path)


def check_row(path: Path, row: Any, spec: dict[str, F], what: str) -> Row:
    """Check one mapping against `spec`: required keys present, no unknown key,
    values of the stated types. Returns the row."""
    if not isinstance(row, dict):
        raise LoadError(
            where(path, row), f"each {what} must be a mapping, got {type(row).__name__}"
        )
    for name in row:
        if name not in spec:
            allowed = ", ".join(sorted(spec))
            raise LoadError(
                where(path, row), f"unknown key '{name}' in {what} (allowed: {allowed})"
            )
    for name, f in spec.items():
        if name not in row or row[name] is None:
            if f.required and (name not in row or not f.nullable):
                raise LoadError(where(path, row), f"{what} is missing required key '{name}'")
            continue
        value = row[name]
        types = f.types if isinstance(f.types, tuple) else (f.types,)
        # bool is an int in Python; YAML's true/false must not pass as a number.
        ok = (bool in types) if isinstance(value, bool) else isinstance(value, types)
        if not ok:
            expected = " or ".join(t.__name__ for t in types)
            raise LoadError(
                where(path, row),
                f"'{name}' of {what} must be {expected}, got {type(value).__name__} {value!r}",
            )
    return row if isinstance(row, Row) else Row(row)


def read_list(path: Path, spec: dict[str, F], what: str) -> list[Row]:
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise LoadError(str(path), f"must hold a list of {what}s")
    return [check_row(path, row, spec, what) for row in data]
