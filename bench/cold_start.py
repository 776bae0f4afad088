"""Cold start: `postlint check examples/` against a bare `python3 -c pass`, same interpreter.

Sources are byte-compiled first (as pip does at install time). The Lark tables go to a
fresh cache directory: the first run builds them, the following runs load them. Prints
the median wall time of each and the ratio (issue target: 4x).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, byte_compile, median_of, run_measured

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def main() -> int:
    byte_compile()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "POSTLINT_CACHE_DIR": cache}
        check = [*POSTLINT, "check", "--format", "concise", str(ROOT / "examples")]
        first = run_measured(check, env)
        bare = median_of(RUNS, [sys.executable, "-c", "pass"], env)
        ours = median_of(RUNS, check, env)
    print(f"python3 -c pass: {bare.wall * 1000:.0f} ms (median of {RUNS})")
    print(f"postlint check examples/: {ours.wall * 1000:.0f} ms (median of {RUNS})")
    print(f"first run, tables not cached yet: {first.wall * 1000:.0f} ms")
    print(f"ratio: {ours.wall / bare.wall:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
