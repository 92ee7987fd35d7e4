"""A live `tokenatlas serve` in a subprocess, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 2) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


class Base(str):
    """The server's base URL, with its process."""

    proc: subprocess.Popen


@contextmanager
def live_server(
    database_url: str | None,
    *args: str,
    ready_within: float = 60,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
) -> Iterator[str]:
    """`tokenatlas serve` on `database_url` (None: the default store; extra
    serve `args`), or another server `command` taking `--port`, once /readyz
    answers 200; yields the base URL (the process as `.proc` of the returned
    str) and stops it after. `env` replaces the environment, `cwd` the
    directory it runs in (default: this checkout)."""
    port = free_port()
    env = dict(os.environ if env is None else env)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    argv = command or [sys.executable, "-m", "tokenatlas.api.cli", "serve"]
    # The server's output goes to a file: a pipe nobody reads fills up and
    # blocks the server's logging, and with it the server.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [*argv, "--port", str(port), *args],
            cwd=cwd or REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = Base(f"http://127.0.0.1:{port}")
        base.proc = proc
        try:
            _wait_until_ready(base, proc, log, ready_within)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_until_ready(base: str, proc: subprocess.Popen, log, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(f"{base}/readyz")[0] == 200:
                return
        except OSError:
            pass
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode(errors='replace')}")
        time.sleep(0.2)
    raise RuntimeError(f"server did not become ready in {seconds:g} s")
