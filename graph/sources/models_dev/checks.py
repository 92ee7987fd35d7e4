"""Checking one parsed models.dev file: every key the importer reads has
the type it expects, or `LoadError` names the file, the line (found by
`line_of`) and the key."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from tokenatlas.graph.sources.contract import row_error

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")
# Boolean fields of a model that become facts.
FLAGS = ("reasoning", "tool_call", "structured_output", "attachment")


def line_of(text: str, where: tuple[str | int, ...]) -> int | None:
    """The line that states the key at `where` (table path with array indices)."""
    current: tuple[str | int, ...] = ()
    counts: dict[tuple[str | int, ...], int] = defaultdict(int)
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            name = tuple(p.strip().strip('"') for p in line[2 : line.find("]]")].split("."))
            current = (*name, counts[name])
            counts[name] += 1
        elif line.startswith("["):
            current = tuple(p.strip().strip('"') for p in line[1 : line.find("]")].split("."))
        elif "=" in line:
            name = tuple(p.strip().strip('"') for p in line.split("=", 1)[0].split("."))
            full = (*current, *name)
            if where[: len(full)] == full:
                return number
    return None


class Checker:
    """Type checks of one parsed file, raising LoadError with file and line."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]):
        self.path, self.text, self.data = path, text, data

    def fail(self, where: tuple[str | int, ...], reason: str):
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else p for p in where).replace(".[", "[")
        line = line_of(self.text, where)
        place = line if line else dotted
        raise row_error(self.path, place, f"{dotted} {reason}")

    def get(self, where: tuple[str | int, ...]) -> Any:
        value: Any = self.data
        for part in where:
            if isinstance(part, int):
                value = value[part]
            elif isinstance(value, dict):
                value = value.get(part)
            else:
                return None
            if value is None:
                return None
        return value

    def str_(self, *where: str | int, required: bool = False) -> None:
        value = self.get(where)
        if value is None:
            if required:
                self.fail(where, "is missing")
            return
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, f"must be a non-empty string, got {value!r}")

    def bool_(self, *where: str | int) -> None:
        value = self.get(where)
        if value is not None and not isinstance(value, bool):
            self.fail(where, f"must be true or false, got {value!r}")

    def int_(self, *where: str | int) -> None:
        value = self.get(where)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(where, f"must be a whole number, got {value!r}")
        if value is not None and value < 0:
            self.fail(where, f"must be >= 0, got {value!r}")

    def number(self, *where: str | int) -> None:
        value = self.get(where)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"must be a number, got {value!r}")
        if value < 0 or value != value:
            self.fail(where, f"must be a number >= 0, got {value!r}")

    def table(self, *where: str | int) -> dict[str, Any]:
        value = self.get(where)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(where, f"must be a table, got {value!r}")
        return value

    def tables(self, *where: str | int) -> list[dict[str, Any]]:
        value = self.get(where)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(where, "must be an array of tables")
        return value

    def strings(self, *where: str | int) -> None:
        value = self.get(where)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            self.fail(where, f"must be a list of strings, got {value!r}")

    def date_(self, *where: str | int) -> None:
        """A date as models.dev writes it: YYYY-MM-DD, or YYYY-MM when the day
        is not known. (A well-formed but impossible day, such as the real
        `2025-25-11`, passes here and is left out of the facts.)"""
        value = self.get(where)
        if value is None:
            return
        if not isinstance(value, str) or not (DATE.match(value) or MONTH.match(value)):
            self.fail(where, f"must be a date (YYYY-MM-DD or YYYY-MM), got {value!r}")

    def common(self) -> None:
        """Fields lab models and listings share."""
        self.str_("name")
        self.str_("family")
        self.date_("release_date")
        self.date_("last_updated")
        self.str_("knowledge")
        self.str_("license")
        self.bool_("open_weights")
        for flag in FLAGS:
            self.bool_(flag)
        self.table("limit")
        for k in ("context", "input", "output"):
            self.int_("limit", k)
        self.table("modalities")
        self.strings("modalities", "input")
        self.strings("modalities", "output")

    def costs(self, *where: str | int) -> None:
        cost = self.table(*where)
        for k, v in cost.items():
            if k == "tiers":
                for i, tier in enumerate(self.tables(*where, "tiers")):
                    spec = tier.get("tier")
                    if not isinstance(spec, dict):
                        self.fail((*where, "tiers", i, "tier"), "must be a table like {size = N}")
                    self.int_(*where, "tiers", i, "tier", "size")
                    if spec.get("size") is None:
                        self.fail((*where, "tiers", i, "tier", "size"), "is missing")
                    self.str_(*where, "tiers", i, "tier", "type")
                    for tk in tier:
                        if tk != "tier":
                            self.number(*where, "tiers", i, tk)
            elif isinstance(v, dict):
                self.fail((*where, k), "must be a number, got a table")
            else:
                self.number(*where, k)


def check_lab(c: Checker) -> None:
    c.str_("name", required=True)
    c.common()
    for i, _ in enumerate(c.tables("weights")):
        c.str_("weights", i, "url", required=True)
    for i, _ in enumerate(c.tables("links")):
        c.str_("links", i, "url", required=True)
    for i, b in enumerate(c.tables("benchmarks")):
        c.str_("benchmarks", i, "name", required=True)
        if b.get("score") is None:
            c.fail(("benchmarks", i, "score"), "is missing")
        c.number("benchmarks", i, "score")
        for k in ("metric", "harness", "variant", "dataset", "version", "source"):
            c.str_("benchmarks", i, k)
        c.date_("benchmarks", i, "date")


def check_listing(c: Checker) -> None:
    c.common()
    c.str_("base_model")
    c.costs("cost")
    modes = c.table("experimental", "modes")
    for mode in modes:
        c.table("experimental", "modes", mode)
        c.costs("experimental", "modes", mode, "cost")
    if c.get(("name",)) is None and c.get(("base_model",)) is None:
        c.fail(("name",), "is missing (and there is no base_model)")
