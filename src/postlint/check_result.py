"""What `check` produced for one unit, and how many processes to lint with.

Apart from the pool (check_pool.py): every `check` needs these, and only a run with more
than one process needs the pool's machinery (pickle, threads, signals).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.units import UnitPlan
from postlint.jobs import automatic_jobs, idle_cores, total_size
from postlint.records import Record
from postlint.report.base import Finding


class UnitResult(Record):
    """What linting one unit produced, in a form a worker process can send back."""

    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "findings",
        "checked",
        "fixed",
        "follow_ups",
        "diff",
        "shown",
        "warnings",
        "assumed_version",
    )

    def __init__(
        self,
        findings: list[Finding] | None = None,
        checked: list[str] | None = None,
        fixed: int = 0,
        follow_ups: int = 0,  # fixes for findings that earlier fixes raised
        diff: str | None = None,
        shown: list[tuple[str, Diagnostic]] | None = None,
        warnings: list[str] | None = None,
        assumed_version: str | None = None,  # the default release, when nothing chose one
    ) -> None:
        self.findings = [] if findings is None else findings
        self.checked = [] if checked is None else checked
        self.fixed = fixed
        self.follow_ups = follow_ups
        self.diff = diff
        self.shown = [] if shown is None else shown
        self.warnings = [] if warnings is None else warnings
        self.assumed_version = assumed_version


class PoolError(Exception):
    """A worker process ended without sending its results (killed, out of memory)."""


def worker_count(wanted: int | None, items: Sequence[Any]) -> int:
    """Processes: `wanted` (--jobs), else as many as the work and the idle cores pay for
    (postlint.jobs); 1 means no pool."""
    count = len(items)
    if wanted is None:
        plans = [item for item in items if isinstance(item, UnitPlan)]
        size = total_size(path for plan in plans for path, _kind in plan.files)
        wanted = automatic_jobs(count, size, idle_cores())
    if wanted <= 1 or count <= 1 or not hasattr(os, "fork"):
        return 1
    return min(wanted, count)
