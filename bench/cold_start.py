"""Cold start: `postlint check examples/` against a bare `python3 -c pass`, same interpreter.

Sources are byte-compiled first (as pip does at install time); the Lark parse tables ship
in the package (no user cache). Runs alternate between the two commands so that load on
a shared machine hits both alike. Prints the median wall and CPU time of each and the
ratios (issue target: 6x, stretch 5x).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, alternating, byte_compile, run_measured

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def main() -> int:
    byte_compile()
    check = [*POSTLINT, "check", "--format", "concise", str(ROOT / "examples")]
    bare_command = [sys.executable, "-c", "pass"]
    run_measured(check)  # the first run after compiling pays for a cold file cache
    bare, ours = alternating(RUNS, bare_command, check)
    for label, usage in (("python3 -c pass", bare), ("postlint check examples/", ours)):
        print(
            f"{label}: {usage.wall * 1000:.0f} ms wall, {usage.cpu * 1000:.0f} ms CPU "
            f"(median of {RUNS})"
        )
    print(f"ratio: {ours.wall / bare.wall:.1f}x wall, {ours.cpu / bare.cpu:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
