"""Full `postlint check` (all default rules) on big main.cf files vs `postconf -n`.

Workloads (a main.cf with the example master.cf beside it unless said otherwise):
- realistic (100,000 lines): a relay's main.cf made big by long continued lists (client
  networks, relay domains), valid values, a handful of findings;
- dense (100,000 lines): a finding on nearly every line, the worst case for rules and report;
- unknown (10,000 names): PL402 with a suggestion search on every line;
- switches (10,000 lines): the legacy TLS switches repeated, PL301 on every line;
- overrides (100,000 -o names): unknown names on one master.cf service (PL402 each), with a
  one-line main.cf; it once took minutes, so it shows that the -o path stays linear.
Both tools run as child processes, in turn, in the same invocation; CPU is user+system of
that child (postconf's: the mean of enough runs to make 0.2 s, one run being a few clock
ticks), memory its peak RSS. Prints postlint/postconf CPU ratios (issue 19 targets:
realistic 5x, dense 20x, unknown 20x, switches 20x; overrides: linear) and postlint's peak
memory (realistic under 150 MB). Under each, the floor of that workload, measured in turn
with the other two: `postlint check --select PL410` on the same directory, a rule that makes
no finding there, so the run is start-up, parsing, the model and an empty report; what the
full run costs above it is the work per finding. BENCH_ONLY=name[,name] picks workloads;
BENCH_LINES scales the big three; BENCH_FORMAT picks postlint's output format (json; concise
is what a terminal or pre-commit prints, and locates no fix edits). BENCH_BASELINE=DIR also
measures, in turn with this tree, the postlint whose `postlint` and `postlint_rules` packages
are in DIR (as bench/parallel.py does: an older commit's src/postlint and rules linted there).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, Usage, byte_compile, old_mtimes, postconf, run_measured
from workloads import (
    large_main_cf,
    legacy_switches_main_cf,
    realistic_main_cf,
    unknown_names_main_cf,
    unknown_overrides_master_cf,
)

LINES = int(os.environ.get("BENCH_LINES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
FORMAT = os.environ.get("BENCH_FORMAT", "json")
MAIN_ONLY = "myhostname = mail.example.com\n"
# The floor's one rule: it looks for CR and NUL characters with two scans in C and finds
# none in any workload (checked by a run that is not measured: one that finds something
# says so, as its floor would not be one).
FLOOR_RULE = "PL410"
# name: (main.cf, master.cf or None for the example master.cf)
WORKLOADS = {
    "realistic": lambda: (realistic_main_cf(LINES), None),
    "dense": lambda: (large_main_cf(LINES), None),
    "unknown": lambda: (unknown_names_main_cf(10_000), None),
    "switches": lambda: (legacy_switches_main_cf(10_000), None),
    "overrides": lambda: (MAIN_ONLY, unknown_overrides_master_cf(LINES)),
}


# postconf's CPU on a small file is a few clock ticks, so one run's figure swings by a
# third: each sample is the mean of as many runs as make this much CPU (at most 50).
BASELINE_FLOOR = 0.2


def baseline_cpu(command: list[str]) -> float:
    """Mean CPU seconds of one postconf run, over runs adding up to BASELINE_FLOOR."""
    total, runs = 0.0, 0
    while total < BASELINE_FLOOR and runs < 50:
        total += run_measured(command).cpu
        runs += 1
    return total / runs


def floor_finds_nothing(directory: Path) -> bool:
    """Whether the floor's rule reports nothing on `directory` (one run, JSON output)."""
    command = [*POSTLINT, "check", "--select", FLOOR_RULE, "--format", "json", str(directory)]
    done = subprocess.run(command, capture_output=True)
    return done.returncode == 0 and json.loads(done.stdout) == []


def measured(label: str, runs: list[Usage], postconf_runs: list[float]) -> str:
    """`label`: median CPU, and its ratio to postconf's measured in the same rounds (median
    and range) if postconf is installed."""
    line = f"{label} {statistics.median(u.cpu for u in runs):.3f} s CPU"
    ratios = [u.cpu / base for u, base in zip(runs, postconf_runs, strict=False)]
    if ratios:
        line += (
            f", {statistics.median(ratios):.1f}x postconf -n "
            f"(range {min(ratios):.1f}-{max(ratios):.1f}x over {len(ratios)} runs)"
        )
    return line


def main() -> int:
    byte_compile()
    postconf_path = postconf()
    has_postconf = postconf_path is not None
    chosen = os.environ.get("BENCH_ONLY", ",".join(WORKLOADS)).split(",")
    variants: dict[str, dict[str, str] | None] = {"": None}
    if os.environ.get("BENCH_BASELINE"):
        # Its packages first on the path: `postlint` and `postlint_rules` (the entry point
        # names the module, so its rules are the baseline's too).
        variants[" (baseline)"] = {**os.environ, "PYTHONPATH": os.environ["BENCH_BASELINE"]}
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            directory = Path(tmp) / name
            directory.mkdir()
            main_cf, master_cf = WORKLOADS[name]()
            (directory / "main.cf").write_text(main_cf)
            if master_cf is None:
                shutil.copy(ROOT / "examples" / "master.cf", directory / "master.cf")
            else:
                (directory / "master.cf").write_text(master_cf)
            old_mtimes(directory)
            baseline = [str(postconf_path), "-c", str(directory), "-n"]
            # Per variant (this tree, and the baseline's packages if given): the full run
            # and the floor, each a list of samples; all measured in turn, run by run.
            full = [*POSTLINT, "check", "--format", FORMAT, str(directory)]
            floor = [*POSTLINT, "check", "--select", FLOOR_RULE, "--format", FORMAT, str(directory)]
            samples: dict[tuple[str, str], list[Usage]] = {}
            postconf_runs: list[float] = []
            for _ in range(RUNS):
                for label, env in variants.items():
                    for kind, command in (("check", full), ("floor", floor)):
                        samples.setdefault((label, kind), []).append(run_measured(command, env))
                if has_postconf:
                    postconf_runs.append(baseline_cpu(baseline))
            for label in variants:
                ours, floors = samples[label, "check"], samples[label, "floor"]
                peak = max(u.max_rss_mb for u in ours)
                head = f"{name:9s}{label}:"
                print(
                    f"{head} {measured('postlint check', ours, postconf_runs)}, peak {peak:.0f} MB"
                )
                under = " " * len(head)
                line = f"{under} {measured(f'floor --select {FLOOR_RULE}', floors, postconf_runs)}"
                if not label and not floor_finds_nothing(directory):
                    line += f" (NOT a floor: {FLOOR_RULE} made findings here)"
                print(line, flush=True)
    if not has_postconf:
        print("postconf is not installed: no baseline ratio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
