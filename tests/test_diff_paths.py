"""--diff names files the way git does, so `git apply` and `patch -p1` accept any directory
name an admin (or another user) chose, and the header brings no raw control to a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tools import require_system_tool

INLINE = b"alias_maps = hash:/etc/aliases # aliases\n"
FIXED = b"# aliases\nalias_maps = hash:/etc/aliases\n"

# Directory names a header must survive: a space (patch stops a name there), a tab and a
# newline (they end the name or the line), a terminal escape, a byte that is not UTF-8, a
# quote and a backslash (the quoting's own characters), UTF-8 text.
NAMES = [b"sp ace", b"t\tab", b"nl\nx", b"esc\x1b[31m", b"hi\xff", b'q"uote', b"back\\slash"]
NAMES.append("café".encode())


def diff(directory: str, cwd: Path) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "postlint", "--diff", "--select", "PL401", directory],
        cwd=cwd,
        capture_output=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 1, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", NAMES, ids=lambda n: n.decode("ascii", "backslashreplace"))
def test_diff_applies_whatever_the_directory_is_called(name: bytes, tmp_path: Path) -> None:
    directory = os.fsdecode(name)
    (tmp_path / directory).mkdir()
    (tmp_path / directory / "main.cf").write_bytes(INLINE)
    patch = diff(directory, tmp_path)
    header = patch.split(b"\n@@")[0]
    assert header.count(b"\n") == 1, header  # the name did not break the header's two lines
    assert b"\x1b" not in header
    git = require_system_tool("git")
    check = subprocess.run([git, "apply", "--check", "-"], cwd=tmp_path, input=patch)
    assert check.returncode == 0
    patch_tool = require_system_tool("patch")
    subprocess.run([patch_tool, "-p1", "--quiet"], input=patch, cwd=tmp_path, check=True)
    assert (tmp_path / directory / "main.cf").read_bytes() == FIXED


def test_plain_names_are_written_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_bytes(INLINE)
    assert diff("main.cf", tmp_path).startswith(b"--- a/main.cf\n+++ b/main.cf\n@@")


def test_a_config_above_the_working_directory_is_named_from_the_root(tmp_path: Path) -> None:
    # `../etc/main.cf` as given: git apply and patch refuse a name with `..` in it.
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "main.cf").write_bytes(INLINE)
    (tmp_path / "work").mkdir()
    patch = diff("../etc", tmp_path / "work")
    name = str(tmp_path / "etc" / "main.cf").lstrip("/")
    assert patch.startswith(f"--- a/{name}\n+++ b/{name}\n".encode())
    git = require_system_tool("git")
    subprocess.run([git, "apply", "--check", "-"], cwd="/", input=patch, check=True)
    patch_tool = require_system_tool("patch")
    subprocess.run([patch_tool, "-p1", "--quiet"], input=patch, cwd="/", check=True)
    assert (tmp_path / "etc" / "main.cf").read_bytes() == FIXED
