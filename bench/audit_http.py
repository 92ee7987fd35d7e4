"""The graphql-http audit against a live server.

    python bench/audit_http.py [--database-url URL]

Installs the pinned npm package graphql-http into bench/audit (needs node and
npm), starts `tokenatlas serve` on a fresh seeded SQLite store (or URL), and
runs every audit of the GraphQL-over-HTTP spec against it; exits non-zero
unless all pass.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AUDIT = REPO / "bench" / "audit"
sys.path.insert(0, str(REPO))

from tests.live import live_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if not (shutil.which("node") and shutil.which("npm")):
        sys.exit("the audit needs node and npm on PATH")
    if not (AUDIT / "node_modules" / "graphql-http").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=AUDIT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/audit.sqlite"
        with live_server(url) as base:
            done = subprocess.run(["node", "audit.mjs", f"{base}/graphql"], cwd=AUDIT)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
