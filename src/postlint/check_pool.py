"""The worker pool of `postlint check`: lint units in forked processes, results in input order."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from postlint.engine.diagnostics import Diagnostic
from postlint.report.base import Finding

# Without --jobs, a worker is started per this many units (process start-up is not free).
UNITS_PER_WORKER = 8


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@attrs.define
class UnitResult:
    """What linting one unit produced, in a form a worker process can send back."""

    findings: list[Finding] = attrs.Factory(list)
    checked: list[str] = attrs.Factory(list)
    fixed: int = 0
    follow_ups: int = 0  # fixes for findings that earlier fixes raised
    diff: str | None = None
    shown: list[tuple[str, Diagnostic]] = attrs.Factory(list)
    warnings: list[str] = attrs.Factory(list)


def worker_count(wanted: int | None, count: int) -> int:
    """Worker processes for `count` units: `wanted` (--jobs), else one per core once there
    are enough units to share; 1 means no pool."""
    if wanted is None:
        wanted = min(available_cores(), count // UNITS_PER_WORKER)
    if wanted <= 1 or count <= 1 or not hasattr(os, "fork"):
        return 1
    return min(wanted, count)


# What a forked worker runs, and on what (set just before the pool starts, inherited by
# fork, so neither is pickled).
_ACTIVE: tuple[Callable[[Any], UnitResult], Sequence[Any]] | None = None


def _work(index: int) -> UnitResult:
    assert _ACTIVE is not None
    process, items = _ACTIVE
    return process(items[index])


def run_parallel(
    process: Callable[[Any], UnitResult], items: Sequence[Any], jobs: int
) -> list[UnitResult]:
    """`process` each item in forked workers; results come back in input order, errors as
    raised."""
    # Imported here: they cost a cold start ~10 ms and a single configuration needs neither.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _ACTIVE
    _ACTIVE = (process, items)
    count = len(items)
    # Everything loaded so far (rules, catalogue, grammars) lives as long as the run: keep
    # it out of the collector's generations, so a worker never walks (and so never copies)
    # the pages it shares with this process.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            chunk = max(1, count // (jobs * 4))
            return list(pool.map(_work, range(count), chunksize=chunk))
    finally:
        _ACTIVE = None
        gc.unfreeze()
