"""--fix is crash-safe: killed at any moment, it leaves the old file or the new one, never a mix."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from postlint.postfix.catalogue import builtin_catalogue


def _config() -> bytes:
    """Big enough (12 MB) that writing it takes a while; with safe fixes to apply."""
    names = [p.name for p in builtin_catalogue() if p.kind == "string" and p.status == "builtin"]
    lines = ["myhostname = mail.example.com"]
    lines += [f"{name} = value{i} # note {i}" for i, name in enumerate(names[:100])]
    lines += ["# " + "padding " * 1000] * 1500
    return ("\n".join(lines) + "\n").encode()


def _fix(directory: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "postlint", "check", "--fix", "main.cf"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_fix_in_a_loop_never_leaves_a_partial_file(tmp_path: Path) -> None:
    original = _config()
    config = tmp_path / "main.cf"
    config.write_bytes(original)
    config.chmod(0o640)
    start = time.perf_counter()
    assert _fix(tmp_path).wait(timeout=120) == 1
    duration = time.perf_counter() - start
    fixed = config.read_bytes()
    assert fixed != original and b"# note 7\n" in fixed

    # Kill points over the whole run, denser near the end where the file is written.
    early = [duration * (0.1 + 0.15 * k) for k in range(5)]
    late = [duration * (0.8 + 0.035 * k) for k in range(8)]
    seen = set()
    for delay in early + late:
        config.write_bytes(original)
        process = _fix(tmp_path)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = config.read_bytes()
        assert now in (original, fixed), f"partial file after a kill at {delay:.2f} s"
        assert config.stat().st_mode & 0o777 == 0o640
        seen.add("new" if now == fixed else "old")
    assert "old" in seen  # the early kills at least stopped it before it wrote

    # Whatever a killed run left behind (a hidden temp file at most) does not get in the way.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "main.cf"]
    assert all(name.startswith(".main.cf.") and name.endswith(".tmp") for name in leftovers)
    config.write_bytes(original)
    assert _fix(tmp_path).wait(timeout=120) == 1
    assert config.read_bytes() == fixed
