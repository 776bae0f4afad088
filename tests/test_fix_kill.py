"""--fix is crash-safe: killed at any moment, it leaves the old file or the new one, never a mix."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from postlint.postfix.catalogue import builtin_catalogue


def _config() -> bytes:
    """1.6 MB with 100 safe fixes to apply: the write is big enough to be killed midway."""
    names = [p.name for p in builtin_catalogue() if p.kind == "string" and p.status == "builtin"]
    lines = ["myhostname = mail.example.com"]
    lines += [f"{name} = value{i} # note {i}" for i, name in enumerate(names[:100])]
    lines += ["# " + "padding " * 1000] * 200
    return ("\n".join(lines) + "\n").encode()


def _fix(directory: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "postlint", "check", "--fix", "main.cf"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _writing(directory: Path, process: subprocess.Popen[bytes]) -> bool:
    """Wait until the fix's temp file appears (the write has begun) or the run ends."""
    while process.poll() is None:
        if any(p.name.endswith(".tmp") for p in directory.iterdir()):
            return True
        time.sleep(0.0005)
    return False


def test_killing_fix_at_any_moment_never_leaves_a_partial_file(tmp_path: Path) -> None:
    original = _config()
    config = tmp_path / "main.cf"
    config.write_bytes(original)
    config.chmod(0o640)
    start = time.perf_counter()
    assert _fix(tmp_path).wait(timeout=120) == 1
    duration = time.perf_counter() - start
    fixed = config.read_bytes()
    assert fixed != original and b"# note 7\n" in fixed

    def kill_and_check(process: subprocess.Popen[bytes], when: str) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = config.read_bytes()
        assert now in (original, fixed), f"partial file after a kill {when}"
        assert config.stat().st_mode & 0o777 == 0o640

    # While it lints (usually: on a busy machine a run's length varies, so a kill timed by
    # the first run may land later; old or new is all the property asks).
    for share in (0.1, 0.5):
        config.write_bytes(original)
        process = _fix(tmp_path)
        time.sleep(duration * share)
        kill_and_check(process, f"at {share:.0%} of a run")
    # While it writes: from the moment the temp file exists until well after the rename.
    for delay in (0.0, 0.002, 0.01, 0.05):
        for _attempt in range(3):  # a busy machine may let a whole write slip by unseen
            config.write_bytes(original)
            process = _fix(tmp_path)
            if _writing(tmp_path, process):
                break
            process.wait(timeout=60)
        else:
            raise AssertionError("the temp file was never seen: no kill landed in a write")
        time.sleep(delay)
        kill_and_check(process, f"{delay * 1000:.0f} ms into the write")

    # Whatever a killed run left behind (a hidden temp file at most) does not get in the way.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "main.cf"]
    assert all(name.startswith(".main.cf.") and name.endswith(".tmp") for name in leftovers)
    config.write_bytes(original)
    assert _fix(tmp_path).wait(timeout=120) == 1
    assert config.read_bytes() == fixed
