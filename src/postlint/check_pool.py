"""The worker pool of `postlint check`: lint units in forked processes, results in input order."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.units import UnitPlan
from postlint.jobs import automatic_jobs, idle_cores, total_size
from postlint.report.base import Finding


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
    assumed_version: str | None = None  # the default release, when nothing chose one


def worker_count(wanted: int | None, items: Sequence[Any]) -> int:
    """Worker processes: `wanted` (--jobs), else as many as the work and the idle cores pay
    for (postlint.jobs); 1 means no pool."""
    count = len(items)
    if wanted is None:
        plans = [item for item in items if isinstance(item, UnitPlan)]
        size = total_size(path for plan in plans for path, _kind in plan.files)
        wanted = automatic_jobs(count, size, idle_cores())
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
