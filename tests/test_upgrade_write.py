"""`postlint upgrade --fix` writes main.cf and master.cf together or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postlint.cli import main

# Pins on the way to 3.7 (main.cf) and the postlog service maillog_file needs (master.cf).
MAIN_CF = "compatibility_level = 2\nmaillog_file = /var/log/postfix.log\n"
MASTER_CF = "smtp inet n - n - - smtpd\n"
ARGS = ("--from", "3.4", "--to", "3.7", "--fix")


def _upgrade(capsys: pytest.CaptureFixture[str], directory: Path) -> tuple[int, str]:
    code = main(["upgrade", str(directory), *ARGS])
    return code, capsys.readouterr().err


def test_both_files_are_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(MAIN_CF)
    (tmp_path / "master.cf").write_text(MASTER_CF)
    code, err = _upgrade(capsys, tmp_path)
    assert code == 0, err
    assert (tmp_path / "main.cf").read_text() != MAIN_CF
    assert (tmp_path / "master.cf").read_text().startswith(MASTER_CF + "postlog ")


def test_a_read_only_master_cf_leaves_main_cf_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "main.cf").write_text(MAIN_CF)
    (tmp_path / "master.cf").write_text(MASTER_CF)
    os.chmod(tmp_path / "master.cf", 0o444)
    code, err = _upgrade(capsys, tmp_path)
    assert code == 2 and "master.cf: file is read-only; not fixed" in err
    assert (tmp_path / "main.cf").read_text() == MAIN_CF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.cf", "master.cf"]  # no temp


def test_main_cf_and_master_cf_linked_to_one_file_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Both written to one file, the second rename undid the pins the run reported."""
    (tmp_path / "postfix.cf").write_text(MAIN_CF)
    (tmp_path / "main.cf").symlink_to("postfix.cf")
    (tmp_path / "master.cf").symlink_to("postfix.cf")
    code, err = _upgrade(capsys, tmp_path)
    assert code == 2 and "master.cf: the same file as" in err and "main.cf" in err
    assert (tmp_path / "postfix.cf").read_text() == MAIN_CF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.cf", "master.cf", "postfix.cf"]
