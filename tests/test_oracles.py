"""The test oracles themselves: tests/policy.py and tests/oracle.py must name a change the
fix-safety policy forbids, or a change no fix declared, and must let the allowed ones pass.

An oracle that accepts everything makes every fix test pass; these pairs are what each
oracle exists to catch (a strict oracle that rejects everything fails the allowed pairs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import check_declared_changes, prepare
from policy import PolicyCheck

from postlint.postfix.versions import Version
from postlint.testing import make_unit

VERSION = Version(3, 11)
HOST = "compatibility_level = 3.6\nmyhostname = mail.example.com\n"
MASTER = "smtp inet n - n - - smtpd\nsmtp unix - - n - - smtp\n"
SUBMISSION = "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"


def _violations(
    main_before: str, main_after: str, master_before: str = MASTER, master_after: str | None = None
) -> list[str]:
    before = make_unit(HOST + main_before, master_before)
    after = make_unit(HOST + main_after, master_before if master_after is None else master_after)
    return PolicyCheck(before, after, VERSION).violations()


# (before, after) main.cf lines that no safe fix may produce.
FORBIDDEN_MAIN = {
    "explicit value changed": (
        "smtp_tls_security_level = may\n",
        "smtp_tls_security_level = encrypt\n",
    ),
    "restriction added": ("", "smtpd_helo_required = yes\n"),
    "allowed name, other value": ("", "smtp_tls_security_level = encrypt\n"),
    "allowed name, value written": ("disable_vrfy_command = no\n", "disable_vrfy_command = yes\n"),
    "level over a legacy switch": (
        "smtp_use_tls = no\n",
        "smtp_use_tls = no\nsmtp_tls_security_level = may\n",
    ),
    "value lost with the comment": (
        "alias_maps = hash:/etc/aliases # aliases\n",
        "# aliases\nalias_maps = hash:/etc/other\n",
    ),
    "explicit value dropped": ("smtpd_helo_required = yes\n", ""),
    "deprecated name renamed with another value": (
        "virtual_maps = hash:/etc/postfix/virtual\n",
        "virtual_alias_maps = hash:/etc/postfix/other\n",
    ),
    # disable_dns_lookups served the SMTP and the LMTP client: one level alone changes smtp.
    "half a rename": ("disable_dns_lookups = yes\n", "lmtp_dns_support_level = disabled\n"),
    "renamed with another value": (
        "smtp_use_tls = yes\n",
        "smtp_tls_security_level = encrypt\n",
    ),
}


@pytest.mark.parametrize("pair", FORBIDDEN_MAIN.values(), ids=list(FORBIDDEN_MAIN))
def test_policy_names_a_forbidden_main_cf_change(pair: tuple[str, str]) -> None:
    assert _violations(*pair)


# (before, after) master.cf texts that no safe fix may produce.
FORBIDDEN_MASTER = {
    "-o value changed": (
        SUBMISSION,
        "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n",
    ),
    "-o dropped": (SUBMISSION, "submission inet n - n - - smtpd\n"),
    "-o added": (
        SUBMISSION,
        SUBMISSION + "  -o smtpd_helo_required=yes\n",
    ),
    "service removed": (MASTER + SUBMISSION, MASTER),
    "field changed": (MASTER, MASTER.replace("n - - smtp\n", "n - 10 smtp\n")),
    "chroot changed": (MASTER, MASTER.replace("inet n - n", "inet n - y")),
}


@pytest.mark.parametrize("pair", FORBIDDEN_MASTER.values(), ids=list(FORBIDDEN_MASTER))
def test_policy_names_a_forbidden_master_cf_change(pair: tuple[str, str]) -> None:
    assert _violations("", "", *pair)


# (before, after) main.cf lines the policy allows: the oracle must not flag them.
ALLOWED_MAIN = {
    "nothing": ("", ""),
    "opportunistic TLS added": ("", "smtp_tls_security_level = may\n"),
    "no VRFY added": ("", "disable_vrfy_command = yes\n"),
    "inline comment moved": (
        "alias_maps = hash:/etc/aliases # aliases\n",
        "# aliases\nalias_maps = hash:/etc/aliases\n",
    ),
    "overridden duplicate dropped": (
        "smtpd_helo_required = no\nsmtpd_helo_required = yes\n",
        "smtpd_helo_required = yes\n",
    ),
    "both DNS levels take over": (
        "disable_dns_lookups = yes\n",
        "smtp_dns_support_level = disabled\nlmtp_dns_support_level = disabled\n",
    ),
    "deprecated name renamed": (
        "virtual_maps = hash:/etc/postfix/virtual\n",
        "virtual_alias_maps = hash:/etc/postfix/virtual\n",
    ),
}


@pytest.mark.parametrize("pair", ALLOWED_MAIN.values(), ids=list(ALLOWED_MAIN))
def test_policy_lets_an_allowed_change_pass(pair: tuple[str, str]) -> None:
    assert _violations(*pair) == []


def test_policy_lets_blanks_inside_an_override_go() -> None:
    spaced = "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level = encrypt\n"
    assert _violations("", "", spaced, SUBMISSION) == []


# The postconf oracle: every difference in postconf's view must be a declared change.
def _dirs(tmp_path: Path, before: str, after: str, master_after: str = MASTER) -> tuple[Path, Path]:
    old, new = tmp_path / "before", tmp_path / "after"
    for directory, main, master in ((old, before, MASTER), (new, after, master_after)):
        directory.mkdir()
        (directory / "main.cf").write_text(HOST + main)
        (directory / "master.cf").write_text(master)
        prepare(directory, directory)
    return old, new


def test_postconf_oracle_passes_a_declared_change(needs_postconf: str, tmp_path: Path) -> None:
    old, new = _dirs(tmp_path, "", "disable_vrfy_command = yes\n")
    check_declared_changes(old, new, {"disable_vrfy_command": "yes"})


@pytest.mark.parametrize(
    ("after", "declared"),
    [
        pytest.param("disable_vrfy_command = yes\n", {}, id="undeclared change"),
        pytest.param("", {"disable_vrfy_command": "yes"}, id="declared change never made"),
        pytest.param(
            "disable_vrfy_command = yes\n", {"disable_vrfy_command": "no"}, id="other value"
        ),
        pytest.param(
            "disable_vrfy_command = yes\nsmtpd_helo_required = yes\n",
            {"disable_vrfy_command": "yes"},
            id="one change more than declared",
        ),
        pytest.param(
            "disable_vrfy_command = yes\nnot_a_parameter = 1\n",
            {"disable_vrfy_command": "yes"},
            id="new postconf warning",
        ),
    ],
)
def test_postconf_oracle_names_what_no_fix_declared(
    needs_postconf: str, tmp_path: Path, after: str, declared: dict[str, str | None]
) -> None:
    old, new = _dirs(tmp_path, "", after)
    with pytest.raises(AssertionError):
        check_declared_changes(old, new, declared)


def test_postconf_oracle_names_an_undeclared_override_change(
    needs_postconf: str, tmp_path: Path
) -> None:
    changed = MASTER + "  -o smtp_helo_timeout=10s\n"
    old, new = _dirs(tmp_path, "", "", changed)
    with pytest.raises(AssertionError):
        check_declared_changes(old, new, {})
    check_declared_changes(old, new, {"smtp/unix/smtp_helo_timeout": "10s"})


def test_postconf_oracle_names_an_undeclared_master_field_change(
    needs_postconf: str, tmp_path: Path
) -> None:
    # Only -M shows it: no parameter changes.
    changed = MASTER.replace("n - - smtp\n", "n - 10 smtp\n")
    old, new = _dirs(tmp_path, "", "", changed)
    with pytest.raises(AssertionError):
        check_declared_changes(old, new, {})
    check_declared_changes(old, new, {"smtp/unix": "process_limit 10"})
