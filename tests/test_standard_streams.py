"""Every command on a full disk or with a standard stream closed (`>&-`, `2>&-`, `<&-`, as a
shell script or cron may run it): one line on stderr and exit 2, never a traceback, and
nothing meant for stderr in stdout."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

INLINE = "alias_maps = hash:/etc/aliases # aliases\n"
FULL_DISK = "postlint: error: cannot write the output: No space left on device\n"


def postlint(*args: str, cwd: Path, **streams: Any) -> subprocess.CompletedProcess[str]:
    return run(list(args), cwd, streams={"stdin": subprocess.DEVNULL, **streams})


def closing(fd: int) -> Callable[[], None]:
    """Close `fd` in the child just before postlint starts, as `>&-` does in a shell."""
    return lambda: os.close(fd)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    (tmp_path / "main.cf").write_text(INLINE)
    (tmp_path / "master.cf").write_text("")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["check", "--help"],
        ["explain", "--help"],
        ["show", "--help"],
        ["show", "-c", ".", "-d"],
        ["show", "-c", ".", "-n"],
        ["rules"],
        ["rules", "--output-format", "json"],
        ["rule", "PL101"],
    ],
)
def test_a_full_disk_is_one_line_in_every_command(args: list[str], config: Path) -> None:
    with open("/dev/full", "w") as full:
        result = postlint(*args, cwd=config, stdout=full.fileno())
    assert (result.returncode, result.stderr) == (2, FULL_DISK)


@pytest.mark.parametrize("args", [["check", "."], ["--version"], ["show", "-c", ".", "-n"]])
def test_a_closed_stdout_is_one_line(args: list[str], config: Path) -> None:
    result = postlint(*args, cwd=config, stdout=None, preexec_fn=closing(1))
    assert result.returncode == 2
    assert result.stderr == "postlint: error: cannot write the output: standard output is closed\n"


def test_fix_with_a_closed_stdout_writes_nothing(config: Path) -> None:
    # Nothing could report what was changed: the config stays as it was.
    result = postlint("--fix", ".", cwd=config, stdout=None, preexec_fn=closing(1))
    assert result.returncode == 2
    assert (config / "main.cf").read_text() == INLINE


def test_a_closed_stderr_keeps_its_messages_out_of_stdout(config: Path) -> None:
    # print(file=sys.stderr) falls back to stdout when stderr is None: the JSON would break.
    result = postlint("--output-format", "json", ".", cwd=config, preexec_fn=closing(2))
    assert result.returncode == 1
    assert "PL401" in [d["code"] for d in json.loads(result.stdout)]
    missing = postlint("--output-format", "json", "nosuch", cwd=config, preexec_fn=closing(2))
    assert (missing.returncode, missing.stdout) == (2, "")


@pytest.mark.parametrize("args", [["check", "-"], ["server"]])
def test_a_closed_stdin_is_one_line(args: list[str], config: Path) -> None:
    # Not read as an empty config (check) or an editor that went away (server).
    result = postlint(*args, cwd=config, stdin=None, preexec_fn=closing(0))
    assert result.returncode == 2
    assert result.stderr == "postlint: error: cannot read standard input: it is closed\n"
    assert result.stdout == ""
