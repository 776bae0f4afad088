"""Running the postlint command line as a user would, for tests that go through the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def run(
    args: list[str],
    cwd: Path,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    streams: dict[str, Any] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m postlint ARGS` in `cwd` (no colour), with `env` added to the environment;
    stdout and stderr captured unless `streams` (subprocess.run's stdin=, stdout=,
    preexec_fn=) says otherwise."""
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args],
        cwd=cwd,
        input=stdin,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        **{"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **(streams or {})},
    )


def imported_modules(
    args: list[str], cwd: Path
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`python -X importtime -m postlint ARGS`: the result and every module the run imported
    (what a start costs depends on it)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "postlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
