"""The layout of graph/ and api/, read from the source with `ast` (nothing
here imports them): graph never imports api, the store imports nothing else
of graph, and graph's folders import one another one way only, as ALLOWED
states. Every import form counts: `import graph.x`, `from graph.x import y`,
`from graph import x`, relative imports (`from .. import x`), imports inside
functions or under TYPE_CHECKING, and `importlib.import_module("...")` with a
literal name."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

GRAPH_FOLDERS = {"analytics", "lineage", "factcheck", "sources", "provenance", "resolve", "store"}

# What each part may import besides itself. A part is a folder of graph/, a module
# at graph's top level (`errors`), graph's own __init__ (`__init__`) or the whole of
# `api`. The flow, one way:
#   api -> factcheck -> lineage -> analytics -> provenance -> resolve -> store
#   api -> sources -> lineage / provenance / resolve -> store
# and graph.errors is importable by every part but the store.
ALLOWED: dict[str, set[str]] = {
    "api": GRAPH_FOLDERS | {"errors"},
    "analytics": {"provenance", "resolve", "store", "errors"},
    # Lineage pages through the catalogue's pages and cursors.
    "lineage": {"analytics", "provenance", "resolve", "store", "errors"},
    # Claims are checked with the same rules the analytics and lineage answer by.
    "factcheck": {"analytics", "lineage", "provenance", "resolve", "store", "errors"},
    # After its imports a load derives the lineage index (graph.lineage.derive).
    "sources": {"lineage", "provenance", "resolve", "store", "errors"},
    "provenance": {"resolve", "store", "errors"},
    "resolve": {"store", "errors"},
    "store": set(),
    "errors": set(),
    "__init__": set(),
}


@dataclass(frozen=True)
class Import:
    path: Path  # relative to the repository
    line: int
    module: str  # the absolute dotted name imported

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


def part_of_file(path: Path) -> str:
    """The part a source file belongs to (see ALLOWED)."""
    parts = path.with_suffix("").parts
    if parts[0] == "api":
        return "api"
    return parts[1]  # a folder, `errors`, or `__init__` for graph/__init__.py


def part_of_module(module: str) -> str | None:
    """The part an imported module belongs to; None outside graph and api.
    Installed, they are tokenatlas.graph and tokenatlas.api."""
    parts = module.removeprefix("tokenatlas.").split(".")
    if parts[0] == "api":
        return "api"
    if parts[0] != "graph":
        return None
    return parts[1] if len(parts) > 1 and parts[1] != "*" else "__init__"


def imports(path: Path, source: str) -> Iterator[Import]:
    """Every module `source` (the text of the file at `path`, relative to the
    repository) imports, with relative names made absolute."""
    package = list(path.with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = []
            if node.level:  # `.` is the file's package, each further dot one up
                up = node.level - 1
                base = package[: len(package) - up] if up <= len(package) else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if "." in module:
                yield Import(path, node.lineno, module)
                continue
            # `from graph import x` and `from . import x`: each x may be a module.
            for alias in node.names:
                name = module if alias.name == "*" else f"{module}.{alias.name}".lstrip(".")
                yield Import(path, node.lineno, name)
        elif isinstance(node, ast.Call) and _calls_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield Import(path, node.lineno, first.value)


def _calls_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def source_files() -> list[Path]:
    files = sorted(
        p.relative_to(REPO) for top in ("graph", "api") for p in (REPO / top).rglob("*.py")
    )
    assert files, f"no Python files under {REPO}/graph or {REPO}/api"
    return files


def all_imports() -> list[Import]:
    return [i for p in source_files() for i in imports(p, (REPO / p).read_text())]


def forbidden(found: Iterable[Import]) -> list[str]:
    """One line per import that ALLOWED does not allow: file, line, module, rule."""
    out = []
    for imp in found:
        mine, theirs = part_of_file(imp.path), part_of_module(imp.module)
        if theirs is None or theirs == mine:
            continue
        allowed = ALLOWED.get(mine)
        if allowed is None:
            out.append(f"{imp}: {mine} has no row in ALLOWED (tests/test_layout.py)")
        elif theirs not in allowed:
            may = f"only {', '.join(sorted(allowed))}" if allowed else "nothing else of graph"
            out.append(f"{imp}: {mine} may import {may}")
    return out


def fail_on(problems: list[str]) -> None:
    """Fail with one line per problem (file:line imports module: the rule)."""
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# --------------------------------------------------------------------------
# The tree


def test_graph_never_imports_api():
    found = all_imports()
    problems = [
        f"{imp}: graph never imports api"
        for imp in found
        if imp.path.parts[0] == "graph" and part_of_module(imp.module) == "api"
    ]
    fail_on(problems)
    assert any(part_of_module(imp.module) not in (None, "api") for imp in found), (
        "no graph imports were read"
    )


def test_store_imports_nothing_else_of_graph():
    problems = [
        f"{imp}: graph/store imports nothing of graph outside graph/store"
        for imp in all_imports()
        if part_of_file(imp.path) == "store" and part_of_module(imp.module) not in (None, "store")
    ]
    fail_on(problems)


def test_graph_parts_import_one_way():
    fail_on(forbidden(all_imports()))


def test_every_part_has_a_row():
    folders = {p.name for p in (REPO / "graph").iterdir() if (p / "__init__.py").is_file()}
    parts = {part_of_file(p) for p in source_files()} | folders
    assert parts - ALLOWED.keys() == set(), "parts without a row in ALLOWED"
    assert folders == GRAPH_FOLDERS, "GRAPH_FOLDERS is not graph's folders"


def test_the_table_flows_one_way():
    """ALLOWED has no cycle, keeps the store and errors at the bottom and api on top."""
    assert ALLOWED["store"] == set() and ALLOWED["errors"] == set()
    assert all("api" not in allowed for part, allowed in ALLOWED.items() if part != "api")
    done: set[str] = set()

    def visit(part: str, path: tuple[str, ...]) -> None:
        assert part not in path, f"ALLOWED has a cycle: {' -> '.join((*path, part))}"
        if part not in done:
            for target in ALLOWED.get(part, set()):
                visit(target, (*path, part))
            done.add(part)

    for part in ALLOWED:
        visit(part, ())


# --------------------------------------------------------------------------
# The checker, on files that break the rules


def _problems(path: str, source: str) -> list[str]:
    return forbidden(imports(Path(path), source))


def test_every_import_form_is_read():
    source = "\n".join(
        [
            "import graph.analytics.share",
            "from graph.sources import load",
            "from graph import lineage",
            "from ..analytics import share",
            "from .. import factcheck",
            "from . import tables",
            "from ..errors import ErrorCode",
            "def f():",
            "    import importlib",
            "    return importlib.import_module('api.app')",
        ]
    )
    named = [
        (1, "graph.analytics.share"),
        (2, "graph.sources"),
        (3, "graph.lineage"),
        (4, "graph.analytics"),
        (5, "graph.factcheck"),
        (7, "graph.errors"),
        (10, "api.app"),
    ]
    assert _problems("graph/store/x.py", source) == [
        f"graph/store/x.py:{line} imports {module}: store may import nothing else of graph"
        for line, module in named
    ]


def test_a_backward_edge_is_named():
    found = _problems("graph/resolve/lookup.py", "from graph.analytics.share import share\n")
    assert found == [
        "graph/resolve/lookup.py:1 imports graph.analytics.share: resolve may import only "
        "errors, store"
    ]
    assert _problems("graph/analytics/share.py", "from .periods import Period\n") == []
    assert _problems("api/app.py", "from graph.store.db import make_engine\n") == []


# Sizes a newcomer can hold in their head. A module or class that earns more
# is named here with the reason.
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 150
LARGER_BY_RIGHT: dict[str, str] = {
    "graph/store/migrations/versions/0001_baseline.py": "generated: one create_table per table",
}


def _sizes() -> Iterator[tuple[str, int, int]]:
    """(where, lines, limit) for every module and class under graph/ and api/."""
    for root in ("graph", "api"):
        for path in sorted((REPO / root).rglob("*.py")):
            text = path.read_text()
            name = path.relative_to(REPO).as_posix()
            yield name, len(text.splitlines()), MAX_MODULE_LINES
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.ClassDef):
                    start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                    end = node.end_lineno or node.lineno
                    yield f"{name}:{node.name}", end - start + 1, MAX_CLASS_LINES


def test_modules_and_classes_stay_small():
    too_big = [
        f"{where}: {lines} lines (at most {limit})"
        for where, lines, limit in _sizes()
        if lines > limit and where not in LARGER_BY_RIGHT
    ]
    assert not too_big, "split by concern, or say why in LARGER_BY_RIGHT:\n" + "\n".join(too_big)
