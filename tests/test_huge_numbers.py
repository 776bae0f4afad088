"""Numbers of thousands of digits (a hostile main.cf) are read as numbers Postfix rejects,
not handed to int(), which refuses more than 4,300 digits: no rule crashes on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_postlint

DIGITS = "9" * 5000
LINES = (
    f"mynetworks = 10.0.0.0/{DIGITS}",
    f"mynetworks = [::1]/{DIGITS}",
    f"message_size_limit = {DIGITS}\nmailbox_size_limit = 1{DIGITS}",
    f"default_process_limit = -{DIGITS}",
    f"compatibility_level = 3.{DIGITS}",
    f"smtpd_milters = inet:localhost:{DIGITS}",
)


@pytest.mark.parametrize("line", LINES, ids=lambda line: line.split(" =")[0])
def test_no_rule_crashes_on_a_number_of_thousands_of_digits(line: str, tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(f"{line}\n")
    (tmp_path / "master.cf").write_text("")
    result = run_postlint(
        "check", "--postfix-version", "3.7", "--output-format", "json", ".", cwd=tmp_path
    )
    assert result.returncode in (0, 1), result.stderr
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert "PL999" not in codes


def test_an_integer_of_thousands_of_digits_is_out_of_range(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(f"message_size_limit = {DIGITS}\n")
    result = run_postlint(
        "check", "--select", "PL407", "--postfix-version", "3.7", ".", cwd=tmp_path
    )
    assert "has too many digits for a number Postfix reads" in result.stdout
