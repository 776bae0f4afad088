"""A fix that one finding carries for several (Fix.resolves) counts each of them: as fixable
in the summary of a lint, and as fixed after --fix. Only the first finding of an entry
carried the fix, so the summary said "3 problems (1 fixable)" and --fix "1 fixed"."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.cli import main

CASES = {
    # Three no-break spaces in one value (PL420): one fix for the entry.
    "PL420": (
        {"main.cf": "smtpd_banner = $myhostname\u00a0ESMTP\u00a0Postfix\u00a0here\n"},
        3,
        True,
    ),
    # Two options of one service typed with an en dash (PL514): one fix for the service.
    "PL514": (
        {
            "main.cf": "myhostname = mail.example.com\n",
            "master.cf": (
                "submission inet n - n - - smtpd\n"
                "  \u2013o smtpd_tls_security_level=encrypt\n"
                "  \u2013o smtpd_sasl_auth_enable=yes\n"
            ),
        },
        2,
        False,
    ),
}


@pytest.mark.parametrize("code", CASES)
def test_each_finding_a_shared_fix_repairs_is_counted(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, count, unsafe = CASES[code]
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    args = ["check", "--select", code, "--postfix-version", "3.11", "--output-format", "concise"]
    args += ["--unsafe-fixes"] if unsafe else []
    main([*args, str(tmp_path)])
    command = "postlint --fix --unsafe-fixes" if unsafe else "postlint --fix"
    summary = f"Found {count} problems ({count} fixable with `{command}`).\n"
    assert capsys.readouterr().out.endswith(summary)
    main([*args, "--fix", str(tmp_path)])
    assert capsys.readouterr().err == f"{count} fixed, 0 remaining.\n"
