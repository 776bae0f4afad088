"""The terminal sessions the README and the docs show are what postlint prints today.

A page shows `$ command` lines in ```console/```text blocks, each followed by its output
(stdout, then stderr). Every block that shows some output is run where the page says (a copy
of `examples/`, or upstream's stock 2.10.1 configuration as `etc/postfix` for the upgrade
walk-through): its commands in order on one copy (`postlint` as this checkout's, anything
else with bash), so a `--fix` followed by a report shows the fixed state, as a reader would
see it. Each output shown is compared: exactly, except where the page marks a cut (a `...`
line skips lines, a line ending in `... [cut here: ...]` is a prefix). A block without any
output (the README's list of what to try next) is not run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SHARED

STOCK = SHARED / "corpus" / "realworld" / "003-postfix-upstream-v2.10.1"
BLOCK = re.compile(r"^```(?:console|text)\n(.*?)^```", re.S | re.M)
CUT = " ... [cut here"


def sessions(page: str) -> list[list[tuple[str, list[str]]]]:
    """Each block's commands with the output lines shown after each."""
    found = []
    for block in BLOCK.findall((REPO / page).read_text(encoding="utf-8")):
        commands: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands:
                commands[-1][1].append(line)
        if any(shown for _command, shown in commands) and any(
            command.startswith("postlint ") for command, _shown in commands
        ):
            found.append(commands)
    return found


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the actual lines are the shown ones, with the page's cuts allowed."""
    position, skipping = 0, False
    for line in shown:
        if line == "...":
            skipping = True
            continue
        while True:
            if position >= len(actual):
                return False
            got = actual[position]
            position += 1
            same = got.startswith(line.split(CUT)[0]) if CUT in line else got == line
            if same:
                skipping = False
                break
            if not skipping:
                return False
    return skipping or position == len(actual)


def run_session(commands: list[tuple[str, list[str]]], cwd: Path) -> None:
    for command, shown in commands:
        if command.startswith("postlint "):
            argv = [sys.executable, "-m", "postlint", *shlex.split(command, comments=True)[1:]]
        else:
            argv = ["bash", "-c", command]
        result = subprocess.run(
            argv,
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=120,
        )
        actual = (result.stdout + result.stderr).splitlines()
        assert matches(shown, actual), f"$ {command}\n" + "\n".join(actual)


def with_examples(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    return tmp_path


@pytest.mark.parametrize("page", ["README.md", "docs/explain.md"])
def test_sessions_on_the_examples_print_what_the_page_shows(page: str, tmp_path: Path) -> None:
    blocks = sessions(page)
    assert blocks, f"{page} shows no postlint session"
    for number, commands in enumerate(blocks):
        run_session(commands, with_examples(tmp_path / str(number)))


def test_upgrade_walk_through_prints_what_the_page_shows(tmp_path: Path) -> None:
    if not STOCK.is_dir():
        pytest.fail(f"{STOCK} is missing: ../shared must sit beside the checkout")
    blocks = sessions("docs/upgrade.md")
    assert len(blocks) >= 4
    for number, commands in enumerate(blocks):
        cwd = tmp_path / str(number)
        (cwd / "etc" / "postfix").mkdir(parents=True)
        for name in ("main.cf", "master.cf"):
            # Bytes only: the shared copy is read-only, and --fix writes.
            (cwd / "etc" / "postfix" / name).write_bytes((STOCK / name).read_bytes())
        run_session(commands, cwd)


def test_a_cut_is_allowed_only_where_the_page_marks_it() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "..."], ["a", "b"])
    assert matches(["a long line ... [cut here: 3 names]"], ["a long line that goes on"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a"], ["a", "b"])
    assert not matches(["a", "...", "e"], ["a", "b", "d"])
