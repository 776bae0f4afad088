"""Runs lints and fixes off the event loop, one at a time, so a slow lint never blocks a reply."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")
_Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]


class LintWorker:
    """One daemon thread working through a queue of jobs.

    One thread because the engine keeps per-document parse state that is not thread-safe.
    A daemon thread (not a ThreadPoolExecutor, whose threads are joined at interpreter exit)
    because a pathological config may keep a lint busy for a long time, and `exit` must still
    end the process at once.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def run(self, job: Callable[[], T]) -> asyncio.Future[T]:
        """Queue job; the future resolves on the calling loop."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((loop, future, job))
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="postlint-lint", daemon=True)
            self._thread.start()
        return future

    def run_detached(self, job: Callable[[], object]) -> None:
        """Queue job without waiting for it; a failure is logged, not raised."""
        self.run(job).add_done_callback(_log_failure)

    def _work(self) -> None:
        while True:
            loop, future, job = self._jobs.get()
            if future.cancelled():
                continue
            result: Any = None
            error: Exception | None = None
            try:
                result = job()
            except Exception as exc:
                error = exc
            try:
                loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # the loop is closed: the server is exiting
                return


def _log_failure(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("postlint: %s", future.exception())


def _settle(future: asyncio.Future[Any], result: Any, error: Exception | None) -> None:
    if future.done():  # cancelled while the job ran
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
