"""Many configurations: `postlint check` on N directories with --jobs 1 and --jobs 2.

Each directory holds the example main.cf and master.cf. Runs of the two alternate, so that
load from other processes hits both alike. Prints the wall-time speed-up (issue target: at
least 1.7x with 2 cores) with its range. On a machine whose cores are busy with other work
that ratio is capped by the share of CPU this run gets, so it also prints where the CPU goes
(bench/parallel_probe.py times each step of the run): the serial part in the main process
(start-up, finding the units, reading every config, formatting and writing the report), the
parallel part (linting in the main process and the workers, pickling results and receiving
them), and the speed-up Amdahl's law predicts from them on 2 idle cores:
  --jobs 1 CPU / (serial + parallel / 2).

BENCH_DIRS (1000) directories, BENCH_RUNS (3) pairs. BENCH_BASELINE=DIR also measures, in
turn with this tree, the postlint whose `postlint` and `postlint_rules` packages are in DIR
(for example an older commit: `git archive REV | tar -x -C X`, then DIR/postlint linked to
X/src/postlint and DIR/postlint_rules to X/rules).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Usage, byte_compile, run_measured

DIRECTORIES = int(os.environ.get("BENCH_DIRS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PROBE = Path(__file__).resolve().parent / "parallel_probe.py"
JOBS = 2


def measure(tree: Path, jobs: int, packages: str | None, scratch: Path) -> dict[str, Any]:
    """One probed run: wall time, and the probe's CPU by step (main process and workers)."""
    out = scratch / "probe.json"
    workers = scratch / "probe.json.workers"
    workers.unlink(missing_ok=True)
    env = {**os.environ, "PARALLEL_PROBE": str(out)}
    if packages:
        env["PYTHONPATH"] = packages
    command = [sys.executable, str(PROBE), "check", "--format", "json", "--jobs", str(jobs)]
    usage: Usage = run_measured([*command, str(tree)], env)
    assert usage.returncode == 1, f"postlint exited {usage.returncode}: expected findings"
    result = json.loads(out.read_text())
    last: dict[int, dict[str, float]] = {}  # each worker's last line has its totals
    if workers.exists():
        for line in workers.read_text().splitlines():
            record = json.loads(line)
            last[record["pid"]] = record
    result["workers"] = list(last.values())
    result["wall"] = usage.wall
    return result


def median(samples: list[dict[str, Any]], read: Any) -> float:
    return statistics.median(read(s) for s in samples)


def step(name: str, where: str = "cpu") -> Any:
    return lambda s: s[where].get(name, 0.0)


def worker_sum(name: str) -> Any:
    return lambda s: sum(w.get(name, 0.0) for w in s["workers"])


def summary(label: str, one: list[dict[str, Any]], two: list[dict[str, Any]]) -> None:
    speedups = [a["wall"] / b["wall"] for a, b in zip(one, two, strict=True)]
    t1 = median(one, lambda s: s["self"] + s["children"])
    main2 = median(two, lambda s: s["self"])
    workers2 = median(two, lambda s: s["children"])
    pool = median(two, step("pool", "inclusive"))
    serial = median(two, lambda s: s["self"] - s["inclusive"].get("pool", 0.0))
    parallel = median(two, lambda s: s["inclusive"].get("pool", 0.0) + s["children"])
    lint1 = median(one, step("lint here"))
    lint2 = median(two, lambda s: s["cpu"].get("lint here", 0.0) + worker_sum("lint")(s))
    here = median(two, lambda s: s["counts"].get("lint here", 0))
    print(f"{label}:")
    print(
        f"  wall: --jobs 1 {median(one, lambda s: s['wall']):.2f} s, --jobs {JOBS} "
        f"{median(two, lambda s: s['wall']):.2f} s; speed-up median "
        f"{statistics.median(speedups):.2f}x (range {min(speedups):.2f}-{max(speedups):.2f}x)"
    )
    # CPU / wall: the cores the run got. With autogroup scheduling (Linux's default for
    # desktop kernels) a session's processes share one group's fair part of the machine, so
    # on a machine other sessions keep busy a second process gets no more CPU, only a share.
    got1 = median(one, lambda s: (s["self"] + s["children"]) / s["wall"])
    got2 = median(two, lambda s: (s["self"] + s["children"]) / s["wall"])
    print(
        f"  CPU: --jobs 1 {t1:.2f} s; --jobs {JOBS} {main2 + workers2:.2f} s "
        f"(main process {main2:.2f}, workers {workers2:.2f}); cores obtained (CPU / wall): "
        f"{got1:.2f} and {got2:.2f}"
    )
    before = sum(median(two, step(n)) for n in ("find units", "read configs"))
    start = median(
        two,
        lambda s: s["self"] - sum(s["cpu"].values()),
    )
    print(
        f"  --jobs {JOBS} main process: start-up {start:.2f}, find units "
        f"{median(two, step('find units')):.2f}, read configs "
        f"{median(two, step('read configs')):.2f} | pool {pool:.2f}: lint {here:.0f} units "
        f"{median(two, step('lint here')):.2f}, receive {median(two, step('receive')):.2f}, "
        f"other {median(two, step('pool')):.2f} | format and write "
        f"{median(two, step('format and write')):.2f} s CPU"
    )
    units = median(two, worker_sum("lint calls"))
    print(
        f"  --jobs {JOBS} workers: start-up {median(two, worker_sum('start-up')):.3f}, lint "
        f"{units:.0f} units {median(two, worker_sum('lint')):.2f}, send "
        f"{median(two, worker_sum('send')):.2f} s CPU (all workers)"
    )
    print(
        f"  serial part {serial:.2f} s ({serial / t1:.0%} of --jobs 1; before the pool "
        f"{start + before:.2f}), parallel part {parallel:.2f} s (linting {JOBS} at a time "
        f"costs {lint2 / lint1:.2f}x the CPU of linting alone)"
    )
    predicted = t1 / (serial + parallel / JOBS)
    # The pool lasts as long as its busiest process: more than parallel / 2 when the work
    # was shared unevenly (fixed chunks; a process that got less CPU takes fewer batches).
    busiest = median(
        two,
        lambda s: max(
            [s["inclusive"].get("pool", 0.0), *(w.get("total", 0.0) for w in s["workers"])]
        ),
    )
    print(
        f"  predicted on {JOBS} idle cores (Amdahl): {t1:.2f} / ({serial:.2f} + "
        f"{parallel:.2f} / {JOBS}) = {predicted:.2f}x; with the pool as long as its busiest "
        f"process ({busiest:.2f} s CPU): {t1 / (serial + max(busiest, parallel / JOBS)):.2f}x"
    )


def main() -> int:
    byte_compile()
    cores = len(os.sched_getaffinity(0))
    variants = {"this tree": None}
    if os.environ.get("BENCH_BASELINE"):
        variants["baseline"] = os.environ["BENCH_BASELINE"]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tree, scratch = Path(tmp) / "hosts", Path(tmp) / "scratch"
        scratch.mkdir()
        for i in range(DIRECTORIES):
            host = tree / f"host{i:04d}"
            host.mkdir(parents=True)
            for name in ("main.cf", "master.cf"):
                shutil.copy(ROOT / "examples" / name, host / name)
        samples: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for _ in range(RUNS):
            for label, packages in variants.items():
                for jobs in (1, JOBS):
                    sample = measure(tree, jobs, packages, scratch)
                    samples.setdefault((label, jobs), []).append(sample)
    print(
        f"{DIRECTORIES} directories (examples/main.cf and master.cf each), {RUNS} runs each, "
        f"alternating; {cores} cores available, load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    for label in variants:
        summary(label, samples[(label, 1)], samples[(label, JOBS)])
    if _autogroup() and load_before > cores - 1:
        print(
            "note: autogroup scheduling is on and the machine was busy: all processes of a "
            "run share its session's part of the CPU, so the wall-time speed-up is capped "
            "by the cores obtained, whatever the pool does; the prediction is what idle "
            "cores give"
        )
    return 0


def _autogroup() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
