"""`seeds/resolution.yaml`: the curator's decisions for entity resolution,
checked on load (every entry two or more names and a reason) and handed to
`graph.resolve.merge.consolidate` as `Overrides`."""

from __future__ import annotations

from pathlib import Path

from tokenatlas.graph.errors import LoadError
from tokenatlas.graph.resolve.stage import Overrides
from tokenatlas.graph.sources.seeds.yamlfile import F, check_row, read_yaml, where

_ENTRY = {"names": F(list, required=True), "reason": F(str, required=True)}
_SECTIONS = {
    "vendors": _ENTRY,
    "merge": {**_ENTRY, "served": F(str)},
    "apart": _ENTRY,
}


def read_resolution(seeds: Path) -> Overrides:
    path = seeds / "resolution.yaml"
    if not path.exists():
        return Overrides()
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise LoadError(str(path), "must hold a mapping with vendors, merge and apart")
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        allowed = ", ".join(_SECTIONS)
        raise LoadError(str(path), f"unknown section '{sorted(unknown)[0]}' (allowed: {allowed})")
    out = Overrides()
    for section, spec in _SECTIONS.items():
        rows = data.get(section) or []
        if not isinstance(rows, list):
            raise LoadError(str(path), f"'{section}' must be a list")
        for row in rows:
            row = check_row(path, row, spec, f"{section} entry")
            names = row["names"]
            if len(names) < 2 or not all(isinstance(n, str) and n.strip() for n in names):
                raise LoadError(
                    where(path, row), f"'names' of a {section} entry must list two or more names"
                )
            names = tuple(n.strip() for n in names)
            if section == "merge":
                out.merge.append((names, row.get("served"), row["reason"]))
            elif section == "apart":
                out.apart.append((names, row["reason"]))
            else:
                out.vendors.append((names, row["reason"]))
    return out
