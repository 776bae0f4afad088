"""Parse + model a 100,000-line main.cf; compare with `postconf -n` CPU time in the same run.

Prints lines per second and the ratio postlint CPU / postconf CPU (lower is better).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import postconf
from workloads import large_main_cf

from postlint.postfix.model import Config
from postlint.postfix.versions import Version
from postlint.syntax import parse_main_cf

LINES = int(os.environ.get("BENCH_LINES", "100000"))


def postlint_cpu(text: str) -> float:
    start = time.process_time()
    tree = parse_main_cf(text)
    config = Config(tree, None, Version(3, 7))
    for name in config.main_values:
        config.effective(name)
    _ = config.user_defined
    return time.process_time() - start


def postconf_cpu(program: str, directory: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([program, "-c", str(directory), "-n"], capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    text = large_main_cf(LINES)
    ours = min(postlint_cpu(text) for _ in range(3))
    print(f"postlint parse+model: {LINES} lines, {ours:.3f} s CPU, {LINES / ours:,.0f} lines/s")
    program = postconf()
    if program is None:
        print("postconf not installed: no baseline")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "main.cf").write_text(text)
        (d / "master.cf").write_text("")
        for f in d.iterdir():
            os.utime(f, (946684800, 946684800))
        base = min(postconf_cpu(program, d) for _ in range(3))
    print(f"postconf -n baseline: {base:.3f} s CPU")
    print(f"ratio postlint/postconf: {ours / base:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
