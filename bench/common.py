"""Helpers shared by the benchmark scripts: child-process CPU, wall time and peak memory, and
where the baseline programs are."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
POSTLINT = [sys.executable, "-m", "postlint"]


def postconf() -> str | None:
    """The real postconf, the baseline of the throughput benchmarks (None: not installed).

    Found where the tests find it (tests/tools.py): in the system directories, not on PATH,
    because Debian's postfix puts it in /usr/sbin, which neither an ordinary user's PATH nor
    a venv-only one has.
    """
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    from tests.tools import system_tool

    return system_tool("postconf")


@attrs.frozen
class Usage:
    cpu: float  # user + system seconds
    wall: float
    max_rss_mb: float
    returncode: int


def run_measured(command: list[str], env: dict[str, str] | None = None) -> Usage:
    """Run a command with output discarded; CPU and peak RSS of that child alone (wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Usage(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)


def median_usage(samples: list[Usage]) -> Usage:
    """The median CPU and wall time of runs of one command, their peak memory."""
    return Usage(
        statistics.median(s.cpu for s in samples),
        statistics.median(s.wall for s in samples),
        max(s.max_rss_mb for s in samples),
        samples[-1].returncode,
    )


def byte_compile() -> None:
    """What `pip install` does: compile the sources once, so runs do not measure compiling.

    A BENCH_BASELINE tree is compiled too: with PYTHONDONTWRITEBYTECODE set (common in CI),
    Python never writes its bytecode, and every baseline run would pay for compiling."""
    folders = [ROOT / "src", ROOT / "rules"]
    baseline = os.environ.get("BENCH_BASELINE")
    if baseline:
        # Its packages are often symlinks to another checkout, which compileall skips.
        folders += [entry.resolve() for entry in Path(baseline).iterdir() if entry.is_dir()]
    for folder in folders:
        compileall.compile_dir(str(folder), quiet=1)


def old_mtimes(directory: Path) -> None:
    """postconf ignores files it considers too new to be trusted in some setups; age them."""
    for path in directory.iterdir():
        os.utime(path, (946684800, 946684800))
