"""--fix that runs out of passes keeps what it applied and says to run again (no exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.cli import main

# Two bare CRs in one entry: PL410 offers a fix for an entry's first one only, so the
# second waits for the next pass.
MAIN_CF = "myhostname = mail.example.com\rmydomain = example.com\rmyorigin = $mydomain\n"
SETTLED = "myhostname = mail.example.com\nmydomain = example.com\nmyorigin = $mydomain\n"


def _fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--fix", "--unsafe-fixes", "--select", "PL410", str(tmp_path)])
    return code, capsys.readouterr().err


def test_out_of_passes_keeps_the_applied_fixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.cf").write_bytes(MAIN_CF.encode())
    monkeypatch.setattr("postlint.engine.fixes.MAX_PASSES", 1)
    code, err = _fix(tmp_path, capsys)
    assert code == 1  # findings remain; not 2 ("could not do its job")
    assert "fixes still left after" in err and "run the command again" in err
    first_pass = (tmp_path / "main.cf").read_bytes().decode()
    assert first_pass not in (MAIN_CF, SETTLED)  # one pass applied, then kept
    monkeypatch.undo()
    code, err = _fix(tmp_path, capsys)
    assert (tmp_path / "main.cf").read_bytes().decode() == SETTLED
    assert "fixes still left" not in err


def test_enough_passes_settle_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.cf").write_bytes(MAIN_CF.encode())
    _code, err = _fix(tmp_path, capsys)
    assert (tmp_path / "main.cf").read_bytes().decode() == SETTLED
    assert "fixes still left" not in err
