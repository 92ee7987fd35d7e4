"""Reading the models.dev folder into a `Catalogue`: every `*.toml` of
`models/<lab>/` and `providers/<provider>/`, parsed and checked. Touches no
store."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tokenatlas.graph.sources.contract import row_error
from tokenatlas.graph.sources.models_dev.checks import Checker, check_lab, check_listing

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class LabModel:
    file: str  # relative path, the locator of everything it states
    lab: str
    id: str
    data: dict[str, Any]

    @property
    def lab_id(self) -> str:
        return f"{self.lab}/{self.id}"


@dataclass(frozen=True)
class Listing:
    file: str
    provider: str
    path_id: str  # the id under which the provider serves the model
    data: dict[str, Any]


@dataclass
class Catalogue:
    root: Path
    labs: list[LabModel] = field(default_factory=list)
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)  # folder -> provider.toml
    listings: list[Listing] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files that are not *.toml


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise row_error(path, 0, f"cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise row_error(path, 0, f"not UTF-8 ({exc.reason})") from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        reason = _TOML_LINE.sub("", str(exc)).strip()
        raise row_error(path, m.group(1) if m else 0, f"not valid TOML: {reason}") from exc


def _tomls(folder: Path, catalogue: Catalogue) -> Iterator[tuple[Path, str]]:
    """Every `*.toml` under `folder` with its path below it (posix), in a
    stable order; other files are noted as ignored."""
    base = str(folder)
    for top, dirs, files in os.walk(base):
        dirs.sort()
        below = os.path.relpath(top, base).replace(os.sep, "/")
        prefix = "" if below == "." else f"{below}/"
        for name in sorted(files):
            if name.endswith(".toml"):
                yield Path(top, name), prefix + name
            else:
                rel = os.path.relpath(os.path.join(top, name), catalogue.root)
                catalogue.ignored.append(rel.replace(os.sep, "/"))


def read(path: Path) -> Catalogue:
    """Parse and check every TOML file; raise `LoadError` naming the file
    and the line (or key) of the first problem. Touches no store."""
    if not path.is_dir():
        raise row_error(path, 0, "must be the models.dev folder (with models/ and providers/)")
    catalogue = Catalogue(path)
    models_dir, providers_dir = path / "models", path / "providers"
    for folder in (models_dir, providers_dir):
        if not folder.is_dir():
            raise row_error(folder, 0, "missing: not a models.dev folder")
    for file, below in _tomls(models_dir, catalogue):
        lab, _, rest = below.partition("/")
        if not rest:
            raise row_error(file, 0, "a lab model lies under models/<lab>/")
        rel = f"models/{below}"
        data, text = _parse(file)
        check_lab(Checker(file, text, data))
        catalogue.labs.append(LabModel(rel, lab, rest[: -len(".toml")], data))
    for folder in sorted(p for p in providers_dir.iterdir() if p.is_dir()):
        toml = folder / "provider.toml"
        if not toml.is_file():
            raise row_error(toml, 0, "missing: every provider folder has a provider.toml")
        data, text = _parse(toml)
        Checker(toml, text, data).str_("name", required=True)
        catalogue.providers[folder.name] = data
        if not (folder / "models").is_dir():
            continue
        for file, below in _tomls(folder / "models", catalogue):
            rel = f"providers/{folder.name}/models/{below}"
            data, text = _parse(file)
            check_listing(Checker(file, text, data))
            catalogue.listings.append(Listing(rel, folder.name, below[: -len(".toml")], data))
    if not catalogue.labs:
        raise row_error(models_dir, 0, "no lab models")
    return catalogue
