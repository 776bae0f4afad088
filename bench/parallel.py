"""Many configurations: `postlint check` on N directories with --jobs 1 and --jobs 2.

Each directory holds the example main.cf and master.cf. Prints the wall time of each and
the speed-up (issue target: at least 1.7x with 2 cores), and how many cores this machine
offers (with one core there is nothing to gain).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, byte_compile, median_of

DIRECTORIES = int(os.environ.get("BENCH_DIRS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def main() -> int:
    byte_compile()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(DIRECTORIES):
            host = Path(tmp) / f"host{i:04d}"
            host.mkdir()
            for name in ("main.cf", "master.cf"):
                shutil.copy(ROOT / "examples" / name, host / name)
        times = {}
        for jobs in (1, 2):
            command = [*POSTLINT, "check", "--format", "json", "--jobs", str(jobs), tmp]
            times[jobs] = median_of(RUNS, command).wall
            print(f"--jobs {jobs}: {times[jobs]:.2f} s wall for {DIRECTORIES} directories")
    print(f"speed-up with 2 workers: {times[1] / times[2]:.2f}x ({cores} cores available)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
