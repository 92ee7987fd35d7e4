"""The installable package: the wheel holds the code under one package,
`tokenatlas`, with the seeds, the bundled snapshots, the migrations and the
schema; installed into a fresh environment and run from another directory on
a fresh data home, it serves the market's questions."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

from tests.live import live_server

REPO = Path(__file__).resolve().parent.parent


def _wheel(out: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = out.glob("tokenatlas-*.whl")
    return wheel


def _fresh_environment(root: Path, wheel: Path) -> Path:
    """A new venv with the wheel installed, its dependencies seen from ours
    (a path entry: our editable install of this checkout is not among them)."""
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    python = root / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(packages) / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return root / "bin"


def test_the_wheel_holds_one_package_with_its_data(tmp_path):
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.startswith("tokenatlas-")}
    assert tops == {"tokenatlas"}
    for needed in (
        "tokenatlas/schema.graphql",
        "tokenatlas/seeds/models.yaml",
        "tokenatlas/seeds/snapshots/snapshots.yaml",
        "tokenatlas/seeds/snapshots/models.dev.tar.xz",
        "tokenatlas/graph/store/migrations/env.py",
        "tokenatlas/graph/store/migrations/script.py.mako",
        "tokenatlas/graph/store/migrations/versions/0001_baseline.py",
        "tokenatlas/api/web/static/vendor/assets.json",
        "tokenatlas/api/web/static/vendor/graphiql-3.8.3/graphiql.min.js",
        "tokenatlas/api/web/static/vendor/graphiql-3.8.3/LICENSE",
        "tokenatlas/api/web/static/graphiql.js",
        "tokenatlas/queries/share-by-country.graphql",
    ):
        assert needed in names
    assert wheel.stat().st_size < 5_000_000


def test_installed_from_the_wheel_it_serves_from_anywhere(tmp_path):
    bin_dir = _fresh_environment(tmp_path / "venv", _wheel(tmp_path / "dist"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    no_top_level = subprocess.run(
        [str(bin_dir / "python"), "-c", "import api"], cwd=elsewhere, capture_output=True
    )
    assert no_top_level.returncode != 0, "installed code must live under tokenatlas"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TOKENATLAS_SEEDS_DIR", "PYTHONPATH"}
    }
    env["XDG_DATA_HOME"] = str(tmp_path / "data-home")
    command = [str(bin_dir / "tokenatlas"), "serve"]
    with live_server(None, command=command, env=env, cwd=elsewhere) as base:
        query = (
            '{ share(week: "2026-03-12", groupBy: COUNTRY) { periodStart rows { key tokens } } }'
        )
        request = urllib.request.Request(
            f"{base}/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            share = json.loads(response.read())["data"]["share"]
        # GraphiQL, its assets and the named queries come from the installed package
        page = urllib.request.Request(f"{base}/graphql", headers={"Accept": "text/html"})
        with urllib.request.urlopen(page, timeout=10) as response:
            assert "/static/vendor/graphiql-3.8.3/graphiql.min.js" in response.read().decode()
        script = f"{base}/static/vendor/graphiql-3.8.3/graphiql.min.js"
        with urllib.request.urlopen(script, timeout=10) as response:
            assert len(response.read()) > 1_000_000
        with urllib.request.urlopen(f"{base}/q/share-by-country.csv", timeout=10) as response:
            assert response.read().decode().startswith("scope,key,label,")
    assert share["periodStart"] == "2026-03-09"
    assert {r["key"]: r["tokens"] for r in share["rows"]}["CN"] == 4_690_000_000_000
    assert (tmp_path / "data-home" / "tokenatlas" / "tokenatlas.sqlite").exists()


def test_every_package_of_the_checkout_is_in_the_wheel_list():
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        "tokenatlas." + ".".join(init.parent.relative_to(REPO).parts)
        for top in ("api", "graph")
        for init in (REPO / top).rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
