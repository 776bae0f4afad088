"""Which findings a suppression comment silences: `ignore` the next entry only (or the
master.cf entry it sits in), `file-ignore` the whole file, before and after it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_postlint

HOST = "myhostname = mail.example.com\n"
# Three PL401 findings (an inline `#` comment in each value), on lines 3, 4 and 5.
COMMENTED = (
    "alias_maps = hash:/etc/aliases # one\n"
    "smtpd_banner = $myhostname # two\n"
    "relayhost = [smtp.example.net] # three\n"
)


def _findings(tmp_path: Path, name: str, text: str, codes: str) -> list[tuple[str, int]]:
    (tmp_path / name).write_text(text)
    result = run_postlint("--output-format", "json", "--select", codes, name, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return [(f["code"], f["location"]["row"]) for f in json.loads(result.stdout)]


def test_ignore_silences_the_next_entry_only(tmp_path: Path) -> None:
    lines = COMMENTED.splitlines(keepends=True)
    text = HOST + lines[0] + "# postlint: ignore[PL401]\n" + lines[1] + lines[2]
    found = _findings(tmp_path, "main.cf", text, "PL401,PL901")
    assert found == [("PL401", 2), ("PL401", 5)]


def test_ignore_before_a_continued_entry_covers_its_continuation_lines(tmp_path: Path) -> None:
    text = (
        HOST + "# postlint: ignore[PL401]\nalias_maps = hash:/etc/aliases,\n"
        "    hash:/etc/more # two\n" + COMMENTED.splitlines(keepends=True)[2]
    )
    found = _findings(tmp_path, "main.cf", text, "PL401,PL901")
    assert found == [("PL401", 5)]


def test_file_ignore_silences_the_whole_file_before_and_after_it(tmp_path: Path) -> None:
    lines = COMMENTED.splitlines(keepends=True)
    text = HOST + lines[0] + "# postlint: file-ignore[PL401]\n" + lines[1] + lines[2]
    assert _findings(tmp_path, "main.cf", text, "PL401,PL901") == []


def test_an_ignore_inside_a_master_cf_entry_silences_that_entry_only(tmp_path: Path) -> None:
    # PL502: blanks around '=' inside an -o value (Postfix reads them apart).
    text = (
        "smtp inet n - n - - smtpd\n"
        "  -o syslog_name = postfix/smtp\n"
        "submission inet n - n - - smtpd\n"
        "  # postlint: ignore[PL502]\n"
        "  -o syslog_name = postfix/submission\n"
        "relay unix - - n - - smtp\n"
        "  -o syslog_name = postfix/relay\n"
    )
    found = _findings(tmp_path, "master.cf", text, "PL502,PL901")
    assert found == [("PL502", 2), ("PL502", 7)]
