"""Run `postlint check ARGS` in this process, timed step by step (for bench/parallel.py).

Wraps the check command's steps (finding the work, reading every config, linting a unit,
the pool, receiving results, formatting) with CPU clocks and writes one JSON object to the
file named by PARALLEL_PROBE: this process's CPU per step (exclusive: a step inside another
counts only in the inner one), the pool's CPU including its steps, and the workers' CPU
(RUSAGE_CHILDREN). Each worker appends a line to PARALLEL_PROBE + ".workers": its CPU at its
first unit (start-up), in linting and in pickling results. Steps the code under test does not
have (an older postlint) are not timed.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

START_CPU = time.process_time()  # the interpreter's own start-up

from postlint import check_cli, check_pool  # noqa: E402

PARENT = os.getpid()
OUT = os.environ["PARALLEL_PROBE"]
cpu: dict[str, float] = defaultdict(float)  # exclusive, this process
inclusive: dict[str, float] = defaultdict(float)
counts: dict[str, int] = defaultdict(int)
nested: list[float] = []  # per open timed call: CPU of the timed calls inside it
worker: dict[str, float] = {}
log: list[Any] = []  # a worker's handle on the workers' file


def timed(owner: Any, name: str, step: str) -> None:
    """Add the CPU of owner.name, in this process only, to `step`."""
    original = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != PARENT:
            return original(*args, **kwargs)
        start = time.process_time()
        nested.append(0.0)
        try:
            return original(*args, **kwargs)
        finally:
            elapsed = time.process_time() - start
            cpu[step] += elapsed - nested.pop()
            inclusive[step] += elapsed
            counts[step] += 1
            if nested:
                nested[-1] += elapsed

    setattr(owner, name, wrapper)


def in_workers(owner: Any, name: str, step: str) -> None:
    """In a worker: the CPU of owner.name, and the CPU used before its first call."""
    original: Callable[..., Any] | None = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() == PARENT:
            return original(*args, **kwargs)
        start = time.process_time()  # a forked process's clock starts at the fork
        worker.setdefault("start-up", start)
        try:
            return original(*args, **kwargs)
        finally:
            worker[step] = worker.get(step, 0.0) + time.process_time() - start
            worker[step + " calls"] = worker.get(step + " calls", 0) + 1
            worker["total"] = time.process_time()
            if not log:
                log.append(open(OUT + ".workers", "a", buffering=1))  # noqa: SIM115
            log[0].write(json.dumps({"pid": os.getpid(), **worker}) + "\n")  # the last counts

    setattr(owner, name, wrapper)


def main() -> int:
    command = check_cli.CheckCommand
    timed(command, "_work_items", "find units")
    timed(command, "_resolve", "read configs")
    timed(command, "_process", "lint here")
    timed(command, "_finish", "format and write")
    timed(check_pool, "run_parallel", "pool")  # check_cli imports it from there when it runs
    timed(check_pool, "loads", "receive")  # the pool's copy of check_transport.loads
    in_workers(command, "_process", "lint")
    in_workers(check_pool, "dumps", "send")
    from postlint.cli import main as postlint

    try:
        return postlint(sys.argv[1:])
    finally:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(OUT, "w") as out:
            json.dump(
                {
                    "interpreter": START_CPU,
                    "cpu": cpu,
                    "inclusive": inclusive,
                    "counts": counts,
                    "self": own.ru_utime + own.ru_stime,
                    "children": children.ru_utime + children.ru_stime,
                },
                out,
            )


if __name__ == "__main__":
    sys.exit(main())
