"""Many configurations: `postlint check` on N directories with --jobs 1 and --jobs 2.

Each directory holds the example main.cf and master.cf. Runs of the two alternate, so that
load from other processes hits both alike. Prints the wall-time speed-up (issue target: at
least 1.7x with 2 cores) with its range, and the CPU both spent: on a machine whose cores
are busy with other work, the wall-time speed-up is capped by the share of CPU this process
gets, while the CPU ratio shows what parallelism costs (workers, results sent back).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, byte_compile, run_measured

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
        samples: dict[int, list] = {1: [], 2: []}
        for _ in range(RUNS):
            for jobs in (1, 2):
                command = [*POSTLINT, "check", "--format", "json", "--jobs", str(jobs), tmp]
                samples[jobs].append(run_measured(command))
    for jobs, runs in samples.items():
        wall = statistics.median(u.wall for u in runs)
        cpu = statistics.median(u.cpu for u in runs)
        print(f"--jobs {jobs}: {wall:.2f} s wall, {cpu:.2f} s CPU for {DIRECTORIES} directories")
    speedups = [one.wall / two.wall for one, two in zip(samples[1], samples[2], strict=True)]
    cpu_cost = statistics.median(u.cpu for u in samples[2]) / statistics.median(
        u.cpu for u in samples[1]
    )
    print(
        f"speed-up with 2 workers: median {statistics.median(speedups):.2f}x "
        f"(range {min(speedups):.2f}-{max(speedups):.2f}x over {RUNS} pairs); "
        f"CPU of --jobs 2 / --jobs 1: {cpu_cost:.2f}x; {cores} cores available, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
