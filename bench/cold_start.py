"""Cold start: `postlint check examples/` against a bare `python3 -c pass`, same interpreter.

Sources are byte-compiled first (as pip does at install time); the Lark parse tables ship
in the package (no user cache). Runs alternate between the commands so that load on a
shared machine hits all alike. Prints the median wall and CPU time of each and the ratios
(issue target: 6x, stretch 5x), then where the CPU time goes: each stage is a command
that does a little more than the one before (the interpreter, importing what `check`
imports, loading the plugins as `--version` does, the whole check), and the breakdown is
the difference of their medians.

BENCH_RUNS (15) rounds. BENCH_BASELINE=DIR also measures, in the same rounds, the
`postlint check` whose `postlint` and `postlint_rules` packages are in DIR (for example main:
`git archive REV | tar -x -C X`, then DIR/postlint linked to X/src/postlint and
DIR/postlint_rules to X/rules), and prints this tree's time against it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, Usage, byte_compile, median_usage, run_measured

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
# What `postlint check` imports before it reads any file, with the collector off as the
# command has it (cli.main).
IMPORT_CHECK = "import gc; gc.disable(); import postlint.check_cli"


Command = tuple[list[str], dict[str, str] | None]  # argv, environment (None: inherited)


def _medians(runs: int, commands: list[Command]) -> list[Usage]:
    """Median usage of each command, the commands run in turn on every round."""
    samples: list[list[Usage]] = [[] for _ in commands]
    for _ in range(runs):
        for (command, env), found in zip(commands, samples, strict=True):
            found.append(run_measured(command, env))
    return [median_usage(found) for found in samples]


def main() -> int:
    byte_compile()
    check = [*POSTLINT, "check", "--format", "concise", str(ROOT / "examples")]
    stages = [
        ("python3 -c pass", [sys.executable, "-c", "pass"]),
        ("import what check imports", [sys.executable, "-c", IMPORT_CHECK]),
        ("+ plugins (postlint --version)", [*POSTLINT, "--version"]),
        ("postlint check examples/", check),
    ]
    commands: list[Command] = [(command, None) for _label, command in stages]
    baseline = os.environ.get("BENCH_BASELINE")
    if baseline:  # byte_compile() compiled its packages too
        commands.append((check, {**os.environ, "PYTHONPATH": baseline}))
    for command, env in commands[-2:]:
        run_measured(command, env)  # the first run after compiling pays for a cold file cache
    usages = _medians(RUNS, commands)
    if baseline:
        base = usages.pop()
        print(
            f"baseline ({baseline}) check: {base.wall * 1000:.0f} ms wall, "
            f"{base.cpu * 1000:.0f} ms CPU = {base.cpu / usages[0].cpu:.1f}x CPU of python3 "
            f"-c pass; this tree / baseline: {usages[-1].cpu / base.cpu:.2f}x CPU"
        )
    bare, ours = usages[0], usages[-1]
    for label, usage in ((stages[0][0], bare), (stages[-1][0], ours)):
        print(
            f"{label}: {usage.wall * 1000:.0f} ms wall, {usage.cpu * 1000:.0f} ms CPU "
            f"(median of {RUNS})"
        )
    print(f"ratio: {ours.wall / bare.wall:.1f}x wall, {ours.cpu / bare.cpu:.1f}x CPU")
    print("where the CPU time goes (difference of medians):")
    previous = 0.0
    for (label, _command), usage in zip(stages, usages, strict=True):
        print(f"  {label:32} {usage.cpu * 1000:5.0f} ms  (+{(usage.cpu - previous) * 1000:.0f})")
        previous = usage.cpu
    return 0


if __name__ == "__main__":
    sys.exit(main())
