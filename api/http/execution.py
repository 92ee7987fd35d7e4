"""Running one GraphQL operation without blocking the server.

Store code is synchronous (SQLAlchemy sessions), so an operation runs in a
worker thread with an event loop of its own: its resolvers and DataLoaders
share that loop and that thread's one session, and the server's own loop
only awaits the thread. Threads are capped at the connection pool's size,
so no running operation ever waits for a connection; operations beyond that
wait for a thread, asynchronously, within their time limit.

Whatever happens (an answer, a resolver error, the time limit, the client or
the server giving up) the thread closes its session, so the connection goes
back to the pool. The time limit stops the work: SQLite interrupts the running
statement, no statement starts after it (graph.store.db.deadline), and the
operation's tasks are cancelled.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.to_thread
from graphql import DocumentNode, ExecutionResult, execute
from sqlalchemy.engine import Engine
from strawberry.execution import optimized_is_awaitable
from tokenatlas.api.context import Context
from tokenatlas.graph.store.db import deadline as statement_deadline


class TimedOut(Exception):
    """The operation ran past its time limit and was stopped."""


@dataclass
class _Job:
    document: DocumentNode
    operation_name: str | None
    variables: dict[str, Any]
    request: Any
    deadline: float  # time.monotonic()
    loop: asyncio.AbstractEventLoop | None = None
    task: asyncio.Task | None = None
    abandoned: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task) -> None:
        with self.lock:
            self.loop, self.task = loop, task
            if self.abandoned:
                task.cancel()

    def abandon(self) -> None:
        """Stop the work from another thread: the caller no longer waits."""
        with self.lock:
            self.abandoned = True
            if self.loop is not None and self.task is not None:
                self.loop.call_soon_threadsafe(self.task.cancel)


class Executor:
    """Runs operations against `schema` in at most `threads` worker threads."""

    def __init__(self, schema: Any, engine: Engine, *, threads: int):
        self.schema = schema
        self.engine = engine
        self.limiter = anyio.CapacityLimiter(threads)
        self._local = threading.local()

    async def run(
        self,
        document: DocumentNode,
        *,
        operation_name: str | None,
        variables: dict[str, Any],
        request: Any,
        timeout: float,
    ) -> ExecutionResult:
        """The result, or `TimedOut` once `timeout` seconds (waiting included) pass."""
        job = _Job(document, operation_name, variables, request, time.monotonic() + timeout)
        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(
                    self._run, job, limiter=self.limiter, abandon_on_cancel=True
                )
        except TimeoutError:
            job.abandon()
            raise TimedOut from None
        except BaseException:
            job.abandon()
            raise

    def _loop(self) -> asyncio.AbstractEventLoop:
        """This worker thread's own event loop, made once."""
        loop = getattr(self._local, "loop", None)
        if loop is None:
            loop = self._local.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
        return loop

    def _run(self, job: _Job) -> ExecutionResult:
        if job.abandoned or time.monotonic() >= job.deadline:
            raise TimedOut
        loop = self._loop()
        context = Context(engine=self.engine, request=job.request)
        try:
            with statement_deadline(job.deadline):
                task = loop.create_task(self._execute(job, context))
                job.start(loop, task)
                remaining = max(0.0, job.deadline - time.monotonic())
                try:
                    result = loop.run_until_complete(asyncio.wait_for(task, remaining))
                except (TimeoutError, asyncio.CancelledError):
                    raise TimedOut from None
            if time.monotonic() > job.deadline:
                raise TimedOut  # finished only because its statements were stopped
            return result
        finally:
            _cancel_leftovers(loop)
            context.close()

    async def _execute(self, job: _Job, context: Context) -> ExecutionResult:
        result = execute(
            self.schema._schema,
            job.document,
            variable_values=job.variables,
            operation_name=job.operation_name,
            context_value=context,
            is_awaitable=optimized_is_awaitable,
            executor_class=self.schema.execution_context_class,
        )
        if optimized_is_awaitable(result):
            result = await result
        return result


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel and reap tasks an interrupted operation left on its loop."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


__all__ = ["Executor", "TimedOut"]
