"""Progress of a long command on its terminal: a bar per dataset, or one
plain line per dataset when the output is not a terminal (a log, CI)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """A bar per dataset on a terminal; one plain line per dataset otherwise."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr  # looked up now: tests and callers replace it
        self.tty = self.stream.isatty()

    def __call__(self, name: str):
        started = time.perf_counter()
        state = {"last": 0.0}

        def tick(done: int, total: int) -> None:
            now = time.perf_counter()
            if self.tty and (now - state["last"] > 0.1 or done == total):
                state["last"] = now
                filled = int(30 * done / max(total, 1))
                bar = "#" * filled + "." * (30 - filled)
                self.stream.write(f"\r{name:<22} [{bar}] {done}/{total}")
                if done == total:
                    self.stream.write("\n")
                self.stream.flush()
            elif not self.tty and done == total:
                print(
                    f"{name}: {total} rows in {now - started:.1f} s", file=self.stream, flush=True
                )

        return tick
