"""Full `postlint check` (all default rules) on 100,000-line main.cf files vs `postconf -n`.

Two workloads, both with the example master.cf beside them:
- realistic: a relay's main.cf made big by long continued lists (client networks, relay
  domains), valid values, a handful of findings;
- dense: a finding on nearly every line (random parameters with nonsense values), the worst
  case for rules and report.
Both tools run as child processes in the same invocation; CPU is user+system of that child,
memory its peak RSS. Prints the ratio postlint CPU / postconf CPU (issue target: 10x) and
postlint's peak memory (target: 250 MB).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POSTLINT, ROOT, byte_compile, median_of, old_mtimes
from workloads import large_main_cf, realistic_main_cf

LINES = int(os.environ.get("BENCH_LINES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def main() -> int:
    byte_compile()
    has_postconf = shutil.which("postconf") is not None
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("realistic", realistic_main_cf), ("dense", large_main_cf)):
            directory = Path(tmp) / name
            directory.mkdir()
            (directory / "main.cf").write_text(make(LINES))
            shutil.copy(ROOT / "examples" / "master.cf", directory / "master.cf")
            old_mtimes(directory)
            ours = median_of(RUNS, [*POSTLINT, "check", "--format", "json", str(directory)])
            line = f"{name:9s}: postlint check {ours.cpu:.2f} s CPU, peak {ours.max_rss_mb:.0f} MB"
            if has_postconf:
                base = median_of(RUNS, ["postconf", "-c", str(directory), "-n"])
                line += f"; postconf -n {base.cpu:.3f} s CPU; ratio {ours.cpu / base.cpu:.1f}x"
            print(line)
    if not has_postconf:
        print("postconf is not installed: no baseline ratio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
