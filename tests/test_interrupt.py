"""A Ctrl-C that lands in a callback Python cannot raise from still stops the command."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import weakref
from postlint import cli
from postlint.check_cli import run as check

class Key:
    pass

def interrupted_in_callback(_ref):
    raise KeyboardInterrupt  # as if Ctrl-C arrived while a freed cache key was removed

def lint_with_an_interrupted_callback(args):
    key = Key()
    ref = weakref.ref(key, interrupted_in_callback)
    del key  # the callback runs here, and Python cannot raise from it
    return check(args)

import postlint.check_cli
postlint.check_cli.run = lint_with_an_interrupted_callback
raise SystemExit(cli.main(["check", "--isolated", "-"]))
"""


def test_ctrl_c_in_a_callback_exits_130_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input="myhostname = mx.example.com\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
