"""Where the tests find the programs they drive, never from whatever happens to be on PATH.

Python tools (pre-commit, ruff) come from the interpreter running the tests: its venv is the
one `scripts/test.sh` built, activated or not. System tools (postconf, nvim, git) come from
the system directories a Debian package installs into. A system tool that is missing skips
its test on a developer's machine, with the reason, and fails it in CI (`CI=true`), where
`.ci/run` has installed it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Debian's postfix puts postconf in /usr/sbin, which is not on an ordinary user's PATH.
SYSTEM_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")

INSTALLED_BY_CI = {
    "postconf": "Postfix's postconf (Debian package postfix)",
    "nvim": "Neovim (Debian package neovim)",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def venv_tool(name: str) -> list[str]:
    """The command that runs a Python tool installed next to this interpreter."""
    script = Path(sys.executable).parent / name
    assert script.exists(), f"{name} is a test dependency: pip install -e '.[test]' ({script})"
    return [str(script)]


def system_tool(name: str) -> str | None:
    """The absolute path of a program in the system directories, or None."""
    for directory in SYSTEM_DIRS:
        candidate = Path(directory) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def require_system_tool(name: str) -> str:
    """The tool's path; without it, skip (developer machine) or fail (CI) saying what is missing."""
    path = system_tool(name)
    if path is not None:
        return path
    what = INSTALLED_BY_CI.get(name, name)
    message = f"{what} not found in {', '.join(SYSTEM_DIRS)}; `.ci/run` installs it"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)
