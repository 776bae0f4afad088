"""PL301 on repeated legacy switches: small fixes per finding, same end result.

A file may repeat a switch many times; each finding's fix stays a few edits (an
overridden duplicate is deleted on its own), and `--fix` makes the same file as one fix
rewriting every switch would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from call_count import calls_made

from postlint.cli import main

MASTER = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "relay     unix  -       -       n       -       -       smtp\n"
)
SERVER_KEYS = (
    "smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n"
    "smtpd_tls_key_file = /etc/ssl/private/mail.key\n"
)


def _config(tmp_path: Path, main_cf: str) -> Path:
    (tmp_path / "main.cf").write_text(main_cf)
    (tmp_path / "master.cf").write_text(MASTER)
    return tmp_path


def _pl301_fixes(directory: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    main(["check", "--select", "PL301", "--unsafe-fixes", "--format", "json", str(directory)])
    return [f["fix"] for f in json.loads(capsys.readouterr().out) if f["code"] == "PL301"]


def _fixed(directory: Path, *flags: str) -> str:
    main(["check", "--select", "PL301", "--fix", *flags, str(directory)])
    return (directory / "main.cf").read_text()


def test_each_repeated_switch_gets_a_fix_of_a_few_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    switches = "smtpd_use_tls = no\nsmtpd_use_tls = yes\nsmtpd_enforce_tls = no\n" * 50
    directory = _config(tmp_path, "myhostname = mail.example.com\n" + switches)
    fixes = _pl301_fixes(directory, capsys)
    assert len(fixes) == 150
    assert max(len(fix["edits"]) for fix in fixes) <= 3
    assert {fix["applicability"] for fix in fixes} == {"safe"}
    assert _fixed(directory) == "myhostname = mail.example.com\nsmtpd_tls_security_level = may\n"


def test_overridden_duplicates_wait_for_an_unsafe_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Meant for the server: the rewrite is unsafe, so deleting the overridden duplicates
    # alone must not happen under a plain --fix either.
    text = SERVER_KEYS + "smtp_use_tls = no\nsmtp_use_tls = yes\n" * 20
    directory = _config(tmp_path, text)
    fixes = _pl301_fixes(directory, capsys)
    assert len(fixes) == 40
    assert max(len(fix["edits"]) for fix in fixes) <= 3
    assert {fix["applicability"] for fix in fixes} == {"unsafe"}
    assert _fixed(directory) == text
    assert _fixed(directory, "--unsafe-fixes") == (
        SERVER_KEYS + "smtpd_tls_security_level = may\nsmtp_tls_security_level = may\n"
    )


def _services_with_switches(count: int) -> str:
    """`count` smtpd listeners and smtp transports, each with its own -o switches."""
    return "".join(
        f"in{i}      inet  n       -       y       -       -       smtpd\n"
        f"  -o smtpd_use_tls=yes\n  -o smtpd_enforce_tls={'yes' if i % 2 else 'no'}\n"
        f"out{i}     unix  -       -       n       -       -       smtp\n"
        f"  -o smtp_use_tls=yes -o smtp_enforce_tls={'yes' if i % 3 else 'no'}\n"
        for i in range(count)
    )


def test_switches_in_main_cf_and_many_services_cost_linear_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each main.cf prefix's fix gives every service whose level would change an -o of its
    # own, and each service's -o switches get their fix: both walk the services, which
    # must cost the same per service however many there are.
    main_cf = "smtpd_use_tls = yes\nsmtp_enforce_tls = no\nlmtp_use_tls = yes\nsmtp_use_tls = yes\n"

    def calls(name: str, count: int) -> tuple[int, int]:
        directory = tmp_path / name
        directory.mkdir()
        (directory / "main.cf").write_text(main_cf)
        (directory / "master.cf").write_text(_services_with_switches(count))
        capsys.readouterr()
        args = ["check", "--select", "PL301", "--format", "json", str(directory)]
        made, _code = calls_made(lambda: main(args))
        findings = json.loads(capsys.readouterr().out)
        return made, len(findings)

    calls("warm-up", 10)
    small, small_findings = calls("small", 100)
    large, large_findings = calls("large", 200)
    assert (small_findings, large_findings) == (4 + 4 * 100, 4 + 4 * 200)
    assert large <= 2.6 * small, (small, large)
