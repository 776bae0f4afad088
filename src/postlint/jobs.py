"""How many worker processes `postlint check` starts when --jobs does not say.

Workers cost: a fork each, and every finding is pickled in the worker and unpickled in the
parent (measured: ~20% more CPU in all on 100 small configurations). They pay only when
each has enough linting to do and a core of its own to do it on; otherwise one process is
faster (200 small files on a busy 2-core machine: 2 workers were 8% slower than 1).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

# A worker needs at least this much to lint: about half a second of work at ~1 MB/s.
BYTES_PER_WORKER = 512 * 1024
# ... and at least this many configurations, so the work splits evenly.
UNITS_PER_WORKER = 8


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def idle_cores() -> int:
    """Cores not already kept busy by other processes (the 1-minute load average)."""
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # no load average on this system
        busy = 0
    return max(1, available_cores() - busy)


def total_size(paths: Iterable[Path]) -> int:
    size = 0
    for path in paths:
        with contextlib.suppress(OSError):  # reported when the file is read, not here
            size += path.stat().st_size
    return size


def automatic_jobs(units: int, size: int, cores: int) -> int:
    """Workers for `units` configurations of `size` bytes in all, with `cores` idle."""
    return max(1, min(cores, units // UNITS_PER_WORKER, size // BYTES_PER_WORKER))
