"""Lark's parse tables are cached between runs, and a bad cache location is never an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _check(cache_dir: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSTLINT_CACHE_DIR": cache_dir}
    return subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--format", "concise", str(EXAMPLES)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_tables_are_written_once_and_reused(tmp_path: Path) -> None:
    first = _check(str(tmp_path))
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["main_cf.lark.tables", "master_cf.lark.tables", "value.lark.tables"]
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    second = _check(str(tmp_path))
    assert second.stdout == first.stdout and second.returncode == first.returncode
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == stamps


def test_unusable_cache_location_is_silent(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    reference = _check(str(tmp_path / "fresh"))
    result = _check(str(blocker / "cache"))
    assert result.stderr == reference.stderr
    assert result.stdout == reference.stdout and result.returncode == reference.returncode


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    reference = _check(str(tmp_path))
    for table in tmp_path.iterdir():
        table.write_bytes(b"garbage\n")
    result = _check(str(tmp_path))
    assert result.stdout == reference.stdout and result.stderr == reference.stderr


def test_directory_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    reference = _check(str(tmp_path / "own"))
    result = _check(str(shared))
    assert list(shared.iterdir()) == []
    assert result.stdout == reference.stdout and result.stderr == reference.stderr


def test_no_home_directory_means_no_cache_not_an_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    env["POSTLINT_CACHE_DIR"] = ""
    result = subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--format", "concise", str(EXAMPLES)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
