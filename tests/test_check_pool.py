"""The pool behind `postlint check --jobs`: order, errors and lost workers, on plain work."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator

import pytest

from postlint.check_pool import PoolError, UnitResult, run_parallel
from postlint.files import InputError


def _numbered(item: int) -> UnitResult:
    return UnitResult(checked=[f"unit{item}"])


def test_results_come_in_input_order_from_every_process() -> None:
    results = list(run_parallel(_numbered, range(200), 3))
    assert [r.checked for r in results] == [[f"unit{i}"] for i in range(200)]


def test_the_first_error_in_input_order_comes_after_the_results_before_it() -> None:
    def failing(item: int) -> UnitResult:
        if item in (37, 150):
            raise InputError(f"unit{item}: broken")
        return _numbered(item)

    seen: list[str] = []
    with pytest.raises(InputError, match="unit37: broken"):
        for result in run_parallel(failing, range(200), 2):
            seen.extend(result.checked)
    assert seen == [f"unit{i}" for i in range(37)]


@contextlib.contextmanager
def in_a_worker(action: Callable[[int], UnitResult]) -> Iterator[Callable[[int], UnitResult]]:
    """Work that runs `action` in a worker; this process waits at unit 0 until a worker has
    started on some unit, however busy the machine, so the worker's part does run."""
    parent = os.getpid()
    started, signal = os.pipe()

    def process(item: int) -> UnitResult:
        if os.getpid() != parent:
            os.write(signal, b".")
            return action(item)
        if item == 0:
            os.read(started, 1)
        return _numbered(item)

    try:
        yield process
    finally:
        os.close(started)
        os.close(signal)


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    # As if killed: no results, no message.
    with (
        in_a_worker(lambda item: os._exit(9)) as dying,
        pytest.raises(PoolError, match="exit status 9"),
    ):
        list(run_parallel(dying, range(100), 2))


def test_an_error_pickle_cannot_carry_arrives_as_what_it_said() -> None:
    class LocalError(Exception):  # pickle finds a class by name: not a local one
        pass

    def fail(item: int) -> UnitResult:
        raise LocalError(f"unit{item}: broken")

    with (
        in_a_worker(fail) as failing,
        pytest.raises(RuntimeError, match=r"^LocalError: unit\d+: broken$"),
    ):
        list(run_parallel(failing, range(100), 2))


def test_no_unit_past_a_failure_starts_once_it_is_known() -> None:
    # Unit 0 fails once units 13 and 14 (the next batch, so the other process) have
    # started; unit 14 ends only after that failure. Unit 15 must then not start, and the
    # two done past the failure are handed to past_failure (with --fix they were written).
    log_read, log_write = os.pipe()  # every unit started past unit 0
    go_read, go_write = os.pipe()  # one byte a unit: for unit 0 to wait on
    failed_read, failed_write = os.pipe()

    def process(item: int) -> UnitResult:
        if item == 0:
            os.read(go_read, 1)
            os.read(go_read, 1)
            os.write(failed_write, b"x")
            raise InputError("unit0: broken")
        os.write(log_write, f"{item:7d} ".encode())
        os.write(go_write, b".")
        if item == 14:
            os.read(failed_read, 1)
            time.sleep(0.2)  # for the failing process to set the mark
        return _numbered(item)

    past: list[str] = []
    try:
        with pytest.raises(InputError, match="unit0: broken"):
            list(run_parallel(process, range(100), 2, lambda r: past.extend(r.checked)))
        os.close(log_write)
        started = [int(word) for word in os.read(log_read, 4096).split()]
    finally:
        for fd in (log_read, go_read, go_write, failed_read, failed_write):
            os.close(fd)
    assert started == [13, 14]
    assert past == ["unit13", "unit14"]
