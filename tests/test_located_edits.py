"""Fix edits are located (rows, columns) only for the formats that print them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postlint.cli import main
from postlint.report import base


def _switches(directory: Path) -> Path:
    directory.mkdir()
    # Each line repeats a switch: PL301 and PL403 each with a one-edit fix on most lines.
    (directory / "main.cf").write_text("smtpd_use_tls = yes\n" * 30 + "smtp_use_tls = no\n" * 30)
    return directory


@pytest.fixture
def located(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []
    real = base._located_edit

    def counting(edit: base.Edit) -> base.LocatedEdit:
        seen.append(edit)
        return real(edit)

    monkeypatch.setattr(base, "_located_edit", counting)
    return seen


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "concise"],
        ["--format", "full"],
        ["--format", "github"],
        ["--format", "junit"],
        ["--format", "gitlab"],
        ["--format", "concise", "--statistics"],
    ],
)
def test_formats_that_show_no_edit_locate_none(
    options: list[str],
    located: list[object],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", *options, str(_switches(tmp_path / "conf"))])
    assert "PL301" in capsys.readouterr().out
    assert located == []


def test_concise_counts_the_same_fixable_findings_as_json(
    located: list[object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _switches(tmp_path / "conf")
    main(["check", "--format", "json", str(directory)])
    findings = json.loads(capsys.readouterr().out)
    edits = [e for f in findings if f["fix"] for e in f["fix"]["edits"]]
    assert len(located) == len(edits) > 60  # JSON prints every edit: each located once
    safe = sum(1 for f in findings if f["fix"] and f["fix"]["applicability"] == "safe")
    main(["check", "--format", "concise", str(directory)])
    assert f"({safe} fixable with `postlint --fix`)" in capsys.readouterr().out


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based row and column of an offset, counted the plain way."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize("ending", ["", "\n", "\r\n"])
def test_edit_locations_are_the_offsets_rows_and_columns(
    ending: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whole-line deletions end where the next line starts (row + 1, column 1), also on the
    last line and without a final newline: the JSON edit locations, applied to the text,
    give exactly the fixed file that --diff shows."""
    directory = tmp_path / "conf"
    directory.mkdir()
    body = "smtpd_use_tls = yes\nsmtp_use_tls = no\n" * 3 + "x = 1\nsmtpd_use_tls = yes"
    text = body.replace("\n", ending or "\n") + ending
    (directory / "main.cf").write_bytes(text.encode())
    main(["check", "--format", "json", str(directory)])
    findings = json.loads(capsys.readouterr().out)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    edits = [e for f in findings if f["fix"] for e in f["fix"]["edits"]]
    assert len(edits) >= 8
    for edit in edits:
        start, end = edit["location"], edit["end_location"]
        begin = starts[start["row"] - 1] + start["column"] - 1
        finish = starts[end["row"] - 1] + end["column"] - 1
        assert _position(text, begin) == (start["row"], start["column"])
        assert _position(text, finish) == (end["row"], end["column"])
        assert begin <= finish <= len(text)
