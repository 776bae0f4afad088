"""Config text quoted in messages is shortened in one place (`postlint.api.shorten`):
a 2 MB value does not come back whole in a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.api import shorten
from postlint.cli import main


def test_short_text_is_quoted_as_written() -> None:
    assert shorten("hash:/etc/postfix/transport") == "hash:/etc/postfix/transport"
    assert shorten("x" * 120) == "x" * 120  # up to the limit


def test_long_text_keeps_both_ends_and_says_how_much_was_cut() -> None:
    text = "start-" + "a" * 2_000_000 + ".example"
    short = shorten(text)
    assert short.startswith("start-aaa")
    assert short.endswith("aaa.example")
    kept = len(short) - len("[... 1,999,924 characters cut ...]")
    assert f"[... {len(text) - kept:,} characters cut ...]" in short
    assert len(short) < 130


def test_a_two_megabyte_hostname_is_not_echoed_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "a" * 2_000_000 + ".example"
    (tmp_path / "main.cf").write_text(
        f"myhostname = {huge}\nmyhostname = mail.example.com\n"
        f"smtpd_client_restrictions = permit_{huge}\n"
    )
    main(["check", str(tmp_path / "main.cf"), "--select", "PL403,PL416", "--format", "concise"])
    out = capsys.readouterr().out
    findings = [line for line in out.splitlines() if " PL4" in line]
    assert len(findings) == 2
    assert all(len(line) < 500 and "characters cut" in line for line in findings)
