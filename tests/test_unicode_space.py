"""A no-break space pasted into main.cf: reported, and shown as an escape wherever it is echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.cli import main


def test_a_name_with_a_no_break_space_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.cf").write_text("myhostname\u00a0= mail.example.com\n")
    code = main(["check", str(tmp_path), "--select", "PL402,PL420"])
    out = capsys.readouterr().out
    assert code == 1
    # It looked like "unknown parameter myhostname  is ignored; did you mean myhostname?"
    assert "unknown parameter myhostname\\xa0 is ignored" in out
    assert "main.cf:1:11: PL420 [warning] U+00A0 NO-BREAK SPACE is not a space" in out
    assert "\u00a0" not in out
