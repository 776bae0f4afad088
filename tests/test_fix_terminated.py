"""--fix stopped by SIGTERM or SIGHUP (a service manager, `timeout`, a closed terminal, a
cancelled CI job) between the renames of one configuration's files: as with Ctrl-C, the
files already renamed are put back, so the configuration is all old, and no temp file is
left; the process then ends by that signal."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

# The first rename happens; the signal arrives before the second.
SCRIPT = """
import os, signal, sys
from postlint import cli

real_replace = os.replace
calls = []

def replace_then_signal(src, dst):
    calls.append(dst)
    real_replace(src, dst)
    if len(calls) == 1:
        os.kill(os.getpid(), int(sys.argv[2]))

os.replace = replace_then_signal
raise SystemExit(cli.main(["check", "--isolated", "--fix", "-q", sys.argv[1]]))
"""

# PL114 moves smtpd_tls_wrappermode from main.cf to the smtps service: both files change.
MAIN_CF = "myhostname = mx.example.com\nsmtpd_tls_wrappermode = yes\n"
MASTER_CF = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "smtps     inet  n       -       y       -       -       smtpd\n"
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_between_renames_leaves_the_configuration_old(
    tmp_path: Path, signum: signal.Signals
) -> None:
    (tmp_path / "main.cf").write_text(MAIN_CF)
    (tmp_path / "master.cf").write_text(MASTER_CF)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(int(signum))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signum, result.stderr
    assert (tmp_path / "main.cf").read_text() == MAIN_CF
    assert (tmp_path / "master.cf").read_text() == MASTER_CF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.cf", "master.cf"]
