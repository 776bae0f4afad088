"""Fixes that went wrong on real configurations, through the command line."""

from __future__ import annotations

from pathlib import Path

from conftest import run_postlint

TEMPLATE_MASTER = (
    "smtp inet n - n - - smtpd\n"
    "smtps inet n - n - - smtpd {{ smtpd_flags }}\n"
    "  -o smtpd_tls_wrappermode=yes\n"
    "  -o smtpd_sasl_auth_enable=yes\n"
    "submission inet n - n - - smtpd {{ smtpd_flags }}\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_sasl_auth_enable=yes\n"
)


def test_overrides_after_a_template_placeholder_belong_to_the_service(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtpd_tls_chain_files = /etc/ssl/mail.pem\n")
    (tmp_path / "master.cf").write_text(TEMPLATE_MASTER)
    lint = run_postlint(".", "--output-format", "concise", "--select", "PL5", cwd=tmp_path)
    assert "PL506" not in lint.stdout and "PL507" not in lint.stdout, lint.stdout
    fixed = run_postlint(".", "--fix", "--unsafe-fixes", "--select", "PL5", cwd=tmp_path)
    assert fixed.returncode in (0, 1), fixed.stderr  # no "fixes did not settle"
    assert (tmp_path / "master.cf").read_text() == TEMPLATE_MASTER


def test_outbound_only_host_gets_no_more_smtpd_tls_lines(tmp_path: Path) -> None:
    # PL201: the smtpd_ level here was meant for the client; the fixes must not build on it.
    main = (
        "inet_interfaces = loopback-only\n"
        "smtpd_tls_security_level = may\n"
        "smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n"
    )
    (tmp_path / "main.cf").write_text(main)
    lint = run_postlint(".", "--output-format", "concise", cwd=tmp_path)
    assert "you probably meant smtp_tls_security_level" in lint.stdout
    run_postlint(".", "--fix", "--unsafe-fixes", cwd=tmp_path)
    after = (tmp_path / "main.cf").read_text()
    added = [line for line in after.splitlines() if line not in main.splitlines()]
    assert "smtp_tls_security_level = may" in added
    assert not [line for line in added if line.startswith("smtpd_tls_")], added


def test_rename_never_moves_a_boolean_into_a_table_parameter(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("use_transport_maps = no\n")
    lint = run_postlint(".", "--output-format", "concise", "--select", "PL402", cwd=tmp_path)
    # Reported, but a yes/no never gets a table parameter as its suggestion.
    assert "PL402" in lint.stdout and "use_transport_maps" in lint.stdout
    assert "transport_maps?" not in lint.stdout
    run_postlint(".", "--fix", "--unsafe-fixes", "--select", "PL402", cwd=tmp_path)
    assert (tmp_path / "main.cf").read_text() == "use_transport_maps = no\n"


def test_protocol_fix_never_re_enables_what_the_admin_excluded(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtp_tls_protocols = !SSLv2, !TLSv1, !TLSv1.1\n")
    run_postlint(".", "--fix", "--unsafe-fixes", "--select", "PL107", cwd=tmp_path)
    assert (tmp_path / "main.cf").read_text() == (
        "smtp_tls_protocols = !SSLv2, !TLSv1, !TLSv1.1, !SSLv3\n"
    )


def test_safe_fixes_keep_values_the_admin_wrote(tmp_path: Path) -> None:
    main = (
        "smtpd_sasl_auth_enable = yes\n"
        "smtpd_sasl_authenticated_header = yes\n"
        "smtp_tls_security_level = none\n"
        "disable_vrfy_command = no\n"
        "smtpd_tls_mandatory_protocols = !SSLv3, !TLSv1.2\n"
    )
    (tmp_path / "main.cf").write_text(main)
    (tmp_path / "master.cf").write_text("smtp inet n - n - - smtpd\nsmtp unix - - n - - smtp\n")
    run_postlint(".", "--fix", cwd=tmp_path)
    after = (tmp_path / "main.cf").read_text().splitlines()
    assert set(main.splitlines()) <= set(after)
    assert "smtpd_helo_required = yes" not in after


def fixes_as_counted(directory: Path, code: str, found: int, fixable: int) -> None:
    """The summary's fixable count is what --fix then fixes: no fix is dropped after it was
    counted (one that would leave a line Postfix rejects is not offered at all)."""
    args = (".", "--select", code, "--unsafe-fixes")
    lint = run_postlint(*args, "--output-format", "concise", cwd=directory)
    summary = f"Found {found} problems ({fixable} fixable with `postlint --fix --unsafe-fixes`)"
    assert summary in lint.stdout
    fixed = run_postlint(*args, "--fix", cwd=directory)
    assert "dropped" not in fixed.stderr
    assert f"{fixable} fixed, {found - fixable} remaining." in fixed.stdout + fixed.stderr


def test_a_stray_cr_fix_that_postfix_would_reject_is_not_counted_as_fixable(
    tmp_path: Path,
) -> None:
    # PL410: a CR before text that is no setting ("example", "extra words") would start a
    # line Postfix rejects, or after a comment make its words a continuation line. Also:
    # the two fixed findings were reported as "0 fixed", as those left have the same code
    # and message.
    (tmp_path / "main.cf").write_bytes(
        b"myhostname = mail.example.com\rexample\nmydomain = example.com\rinet_interfaces = all\n"
        b"# a note\r about it\n"  # would join inet_interfaces' value
    )
    (tmp_path / "master.cf").write_bytes(
        b"smtp inet n - y - - smtpd\rextra words\n"
        b"pickup unix n - y 60 1 pickup\rcleanup unix n - y - 0 cleanup\n"
    )
    fixes_as_counted(tmp_path, "PL410", found=5, fixable=2)


def test_a_no_break_space_inside_a_name_gets_no_fix_postfix_would_reject(tmp_path: Path) -> None:
    # PL420: a plain space there splits the name ("smtp d_...": postconf's "missing '='").
    (tmp_path / "main.cf").write_text(
        "smtp\u00a0d_helo_required = yes\nmyhostname =\u00a0mail.example.com\n"
    )
    fixes_as_counted(tmp_path, "PL420", found=2, fixable=1)
