"""The pool behind `postlint check --jobs`: order, errors and lost workers, on plain work."""

from __future__ import annotations

import os

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


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    parent = os.getpid()
    started, signal = os.pipe()

    def dying(item: int) -> UnitResult:
        if os.getpid() != parent:
            os.write(signal, b".")
            os._exit(9)  # as if killed: no results, no message
        if item == 0:  # wait until the worker has some work, however busy the machine
            os.read(started, 1)
        return _numbered(item)

    try:
        with pytest.raises(PoolError, match="exit status 9"):
            list(run_parallel(dying, range(100), 2))
    finally:
        os.close(started)
        os.close(signal)
