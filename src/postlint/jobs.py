"""How many processes `postlint check` lints in when --jobs does not say.

A second process costs: a fork, its findings pickled and read back, and its linting running
beside this one's on a shared memory bus (measured with check_pool: ~9% more CPU in all on
100 small configurations, 0.57 -> 0.62 s; ~15% with the executor it replaced). It pays only
when each process has enough linting to do and a core of its own to do it on; otherwise one
process is faster (200 small files on a busy 2-core machine: 2 processes were 8% slower
than 1). On Linux with autogroup scheduling, a busy machine gives a run's processes one
session's share of the CPU, however many there are: idle cores are what count.
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
