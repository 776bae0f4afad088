"""The worker pool of `postlint check`: lint units in several processes, results in input order.

`--jobs N` runs N processes: this one and N-1 workers forked from it once the rules, the
catalogue and every config are loaded, so a worker starts with nothing to import or read.
All N take batches of consecutive units from one pipe they all read; batches shrink as
the work runs out (guided scheduling), so the processes finish together however much each
unit costs, with few messages. A worker sends each batch's results back pickled through its
own pipe; this process takes them in between its own batches, so receiving them is shared
out like the linting, and its own results are never pickled at all.

When a unit fails, one process would have stopped there: every process then stops before
the next unit past it (a shared mark holds the lowest failing index), so a unit another
process had already finished is the only work done past the failure. With --fix such a unit
was written, whole (check_cli says so); it is never reported as linted.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import queue
import signal
import struct
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from postlint.check_result import PoolError, UnitResult
from postlint.check_transport import dumps, loads

# Each process takes 1/(SHARES x processes) of the units not yet taken: big batches first,
# single units at the end.
SHARES = 4
_HEADER = struct.Struct("<Q")  # the length of one pickled message on a worker's pipe
_RECORD = struct.Struct("<II")  # a batch: its first unit's index and how many units
_MARK = struct.Struct("<Q")  # the lowest index of a failed unit (the unit count: none)
PIPE_RECORDS = 4096 // _RECORD.size


# Tuples, not attrs classes: nothing to generate at import (every run of several processes
# imports this module), and they pickle as they are.
class _Failure(NamedTuple):
    """The exception linting unit `index` raised, and where (re-raised in input order)."""

    index: int
    error: BaseException
    where: str  # the worker's traceback, kept as the cause of the re-raised error


class _Batch(NamedTuple):
    start: int
    results: list[UnitResult]
    failure: _Failure | None


class _Mark:
    """The lowest index of a unit that failed, in memory every process shares (forked
    with it): a process starts no unit past it.

    One 8-byte word: a race between two failing processes can leave the higher index, which
    only lets a process lint a unit or two more; the error reported is still the first.
    """

    def __init__(self, count: int):
        self._memory = mmap.mmap(-1, _MARK.size)  # anonymous and shared across fork
        _MARK.pack_into(self._memory, 0, count)

    def allows(self, index: int) -> bool:
        return index <= _MARK.unpack_from(self._memory, 0)[0]

    def failed(self, index: int) -> None:
        if index < _MARK.unpack_from(self._memory, 0)[0]:
            _MARK.pack_into(self._memory, 0, index)

    def close(self) -> None:
        self._memory.close()


class _Dispenser:
    """Hands out batches of consecutive unit indices, each to exactly one process.

    Every batch is an 8-byte record in a pipe that all processes read and nobody writes to
    once the pool starts: a pipe read of a record that is there is atomic, so there is no
    lock for a process to die holding, and an empty pipe reads as the end at once.
    """

    def __init__(self, count: int, processes: int):
        records = []
        start = 0
        # Few enough records to fit a pipe's smallest buffer (one page), so writing them
        # never waits for a reader: at most PIPE_RECORDS - 1 of `least` units, and the rest.
        least = -(-count // (PIPE_RECORDS - 1))
        while start < count:
            remaining = count - start
            size = min(remaining, max(least, -(-remaining // (SHARES * processes))))
            records.append(_RECORD.pack(start, size))
            start += size
        self._pipe, write = os.pipe()
        with os.fdopen(write, "wb") as out:  # closed: readers see the end once it is empty
            out.write(b"".join(records))

    def take(self) -> range:
        record = os.read(self._pipe, _RECORD.size)
        if not record:
            return range(0)
        start, size = _RECORD.unpack(record)
        return range(start, start + size)

    def stop(self) -> None:
        """No more batches: a unit failed, and one process would not have linted past it."""
        while os.read(self._pipe, PIPE_RECORDS * _RECORD.size):
            pass

    def close(self) -> None:
        os.close(self._pipe)


def _run_batch(
    process: Callable[[Any], UnitResult],
    items: Sequence[Any],
    batch: range,
    mark: _Mark,
    worker: bool,
) -> _Batch:
    results: list[UnitResult] = []
    for index in batch:
        if not mark.allows(index):
            break  # an earlier unit failed: one process would not have got here
        try:
            results.append(process(items[index]))
        except Exception as exc:
            mark.failed(index)
            # A worker's traceback does not travel with the pickled exception: send it along.
            where = traceback.format_exc() if worker else ""
            return _Batch(batch.start, results, _Failure(index, exc, where))
    return _Batch(batch.start, results, None)


def _send(pipe: Any, message: object) -> None:
    try:
        data = dumps(message)
    except Exception:  # an exception pickle cannot carry: send what it says
        assert isinstance(message, _Batch) and message.failure is not None
        failure = message.failure
        error = RuntimeError(f"{type(failure.error).__name__}: {failure.error}")
        data = dumps(message._replace(failure=failure._replace(error=error)))
    pipe.write(_HEADER.pack(len(data)))
    pipe.write(data)
    pipe.flush()


def _work(
    process: Callable[[Any], UnitResult],
    items: Sequence[Any],
    dispenser: _Dispenser,
    mark: _Mark,
    fd: int,
) -> None:
    """A worker's whole life: batches until none are left, then a None to say it is done."""
    with os.fdopen(fd, "wb") as pipe:
        while batch := dispenser.take():
            done = _run_batch(process, items, batch, mark, worker=True)
            _send(pipe, done)
            if done.failure is not None:
                dispenser.stop()
                break
        _send(pipe, None)


def _fork_worker(
    process: Callable[[Any], UnitResult],
    items: Sequence[Any],
    dispenser: _Dispenser,
    mark: _Mark,
    inherited: list[int],
) -> tuple[int, int]:
    """Start a worker; its process id and the end of its pipe this process reads."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: it must never return into the caller's code
        status = 0
        try:
            for fd in (read, *inherited):
                os.close(fd)
            _work(process, items, dispenser, mark, write)
        except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: leave quietly
            status = 130
        except BrokenPipeError:  # this process is gone
            status = 141
        except BaseException:
            traceback.print_exc()
            status = 70
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _read_messages(fd: int, inbox: queue.SimpleQueue[tuple[int, bytes | None]]) -> None:
    """A thread per worker: move its messages off the pipe as they come, so the worker never
    waits for this process to finish a batch of its own (None: end of pipe)."""
    with os.fdopen(fd, "rb") as pipe:
        while len(header := pipe.read(_HEADER.size)) == _HEADER.size:
            (size,) = _HEADER.unpack(header)
            data = pipe.read(size)
            if len(data) < size:
                break
            inbox.put((fd, data))
    inbox.put((fd, None))


class _Collector:
    """Results by unit index, and the first failure in input order."""

    def __init__(self) -> None:
        self.results: dict[int, UnitResult] = {}
        self.failure: _Failure | None = None

    def add(self, batch: _Batch) -> None:
        for offset, result in enumerate(batch.results):
            self.results[batch.start + offset] = result
        failure = batch.failure
        if failure is not None and (self.failure is None or failure.index < self.failure.index):
            self.failure = failure

    def in_order(
        self, count: int, past_failure: Callable[[UnitResult], None] | None
    ) -> Iterator[UnitResult]:
        end = count if self.failure is None else self.failure.index
        for index in range(end):
            yield self.results[index]
        if self.failure is not None:
            if past_failure is not None:
                for index in sorted(i for i in self.results if i > end):
                    past_failure(self.results[index])
            error = self.failure.error
            if self.failure.where and error.__cause__ is None:
                error.__cause__ = _WorkerTraceback(self.failure.where)
            raise error


class _WorkerTraceback(Exception):
    """Where a worker raised an error, shown as the cause when the error is not one of the
    one-line ones."""


def run_parallel(
    process: Callable[[Any], UnitResult],
    items: Sequence[Any],
    jobs: int,
    past_failure: Callable[[UnitResult], None] | None = None,
) -> Iterator[UnitResult]:
    """`process` each item in `jobs` processes; results come in input order, and an error
    where one process would have stopped, after the results before it. `past_failure` is
    given, in input order just before that error, each result of a unit past the failed one
    that another process had finished (one process would never have done it)."""
    collector = _Collector()
    dispenser = _Dispenser(len(items), jobs)
    mark = _Mark(len(items))
    # Everything loaded so far (rules, catalogue, grammars) lives as long as the run: keep
    # it out of the collector's generations, so a worker never walks (and so never copies)
    # the pages it shares with this process.
    gc.freeze()
    workers: dict[int, int] = {}  # pipe -> process id
    interrupted = True
    try:
        for _ in range(jobs - 1):
            pid, fd = _fork_worker(process, items, dispenser, mark, list(workers))
            workers[fd] = pid
        inbox: queue.SimpleQueue[tuple[int, bytes | None]] = queue.SimpleQueue()
        for fd in workers:  # threads only after the last fork
            threading.Thread(target=_read_messages, args=(fd, inbox), daemon=True).start()
        running = set(workers)
        while batch := dispenser.take():
            done = _run_batch(process, items, batch, mark, worker=False)
            collector.add(done)
            if done.failure is not None:
                dispenser.stop()
            _receive(inbox, running, collector, workers, wait=False)
        while running:
            _receive(inbox, running, collector, workers, wait=True)
        interrupted = False
    finally:
        gc.unfreeze()
        dispenser.close()
        _stop(workers, interrupted)
        mark.close()
    return collector.in_order(len(items), past_failure)


def _receive(
    inbox: queue.SimpleQueue[tuple[int, bytes | None]],
    running: set[int],
    collector: _Collector,
    workers: dict[int, int],
    wait: bool,
) -> None:
    """Take in what workers sent (all there is, or at least one message when `wait`)."""
    while running:
        try:
            fd, data = inbox.get(block=wait)
        except queue.Empty:
            return
        wait = False
        message = None if data is None else loads(data)
        if message is None:  # done, or gone
            running.discard(fd)
            if data is None:
                _ended(workers.pop(fd))
        else:
            assert isinstance(message, _Batch)
            collector.add(message)


def _ended(pid: int) -> None:
    """A worker's pipe closed: fine after it said it was done; otherwise say how it ended."""
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return
    if code in (130, -signal.SIGINT):
        raise KeyboardInterrupt
    raise PoolError(f"a worker process ended unexpectedly (exit status {code})")


def _stop(workers: dict[int, int], interrupted: bool) -> None:
    """Wait for every worker still running; after an error or Ctrl-C here, stop them first
    (SIGINT: a fix being written is finished or cleaned up, as with Ctrl-C)."""
    pids = list(workers.values())
    workers.clear()
    if not interrupted:  # each said it was done: it is exiting
        for pid in pids:
            os.waitpid(pid, 0)
        return
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + 5
    for pid in pids:
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:  # stuck: no longer asked
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.01)
