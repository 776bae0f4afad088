"""Where `edits.insert_parameter` puts a new main.cf line (the public edit builder that
rules use): after the last line of the most specific family the file has."""

from __future__ import annotations

import pytest

from postlint.api import edits, parse_main_cf


def _inserted(text: str, name: str, value: str) -> str:
    tree = parse_main_cf(text)
    edit = edits.insert_parameter(tree, name, value)
    return text[: edit.start] + edit.content + text[edit.end :]


# smtp_tls_loglevel looks for the smtp_tls_ family, then the server twin's smtpd_tls_, then
# smtp_; a more specific family wins wherever it is in the file.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "smtp_tls_CAfile = /ca.pem\n"
            "smtpd_tls_cert_file = /c.pem\n"
            "smtp_tls_mandatory_ciphers = high\n"
            "smtpd_tls_key_file = /k.pem\n"
            "smtp_helo_name = mail\n",
            "smtp_tls_CAfile = /ca.pem\n"
            "smtpd_tls_cert_file = /c.pem\n"
            "smtp_tls_mandatory_ciphers = high\n"
            "smtp_tls_loglevel = 1\n"
            "smtpd_tls_key_file = /k.pem\n"
            "smtp_helo_name = mail\n",
        ),
        (
            "smtp_helo_name = mail\n"
            "smtpd_tls_cert_file = /c.pem\n"
            "smtpd_tls_key_file = /k.pem\n"
            "smtp_bind_address = 192.0.2.1\n",
            "smtp_helo_name = mail\n"
            "smtpd_tls_cert_file = /c.pem\n"
            "smtpd_tls_key_file = /k.pem\n"
            "smtp_tls_loglevel = 1\n"
            "smtp_bind_address = 192.0.2.1\n",
        ),
        (
            "smtp_helo_name = mail\nsmtp_bind_address = 192.0.2.1\nmyhostname = mail\n",
            "smtp_helo_name = mail\nsmtp_bind_address = 192.0.2.1\n"
            "smtp_tls_loglevel = 1\nmyhostname = mail\n",
        ),
        ("myhostname = mail\n", "myhostname = mail\nsmtp_tls_loglevel = 1\n"),
        ("myhostname = mail", "myhostname = mail\nsmtp_tls_loglevel = 1"),
        (
            "myhostname = mail\nsmtp_tls_CAfile = /ca.pem",
            "myhostname = mail\nsmtp_tls_CAfile = /ca.pem\nsmtp_tls_loglevel = 1",
        ),
        (
            "smtp_tls_CAfile = /ca.pem\r\nmyhostname = mail\r\n",
            "smtp_tls_CAfile = /ca.pem\r\nsmtp_tls_loglevel = 1\r\nmyhostname = mail\r\n",
        ),
    ],
)
def test_a_new_line_goes_after_its_closest_family(text: str, expected: str) -> None:
    assert _inserted(text, "smtp_tls_loglevel", "1") == expected


def test_a_family_repeated_through_a_long_file_gets_the_line_after_its_last_member() -> None:
    lines = [f"smtp_tls_option_{i} = {i}\nsmtpd_tls_option_{i} = {i}\n" for i in range(200)]
    text = "".join(lines) + "myhostname = mail\n"
    expected = text.replace(
        "smtp_tls_option_199 = 199\n", "smtp_tls_option_199 = 199\nsmtp_tls_loglevel = 1\n"
    )
    assert _inserted(text, "smtp_tls_loglevel", "1") == expected


def test_a_file_repeating_its_names_gets_the_line_after_the_familys_last_line() -> None:
    # A few names over many lines (looked for by the last line of each name): smtp_tls_
    # is absent, so the server twin's family smtpd_tls_ wins over smtp_, and its last line
    # is the key file's, in the middle of the file, not the last certificate line.
    block = "smtp_helo_name = mail\nsmtpd_tls_cert_file = /c.pem\nmyhostname = mail\n"
    text = block * 50 + "smtpd_tls_key_file = /k.pem\n" + "smtp_helo_name = mail\n" * 50
    expected = text.replace(
        "smtpd_tls_key_file = /k.pem\n", "smtpd_tls_key_file = /k.pem\nsmtp_tls_loglevel = 1\n"
    )
    assert _inserted(text, "smtp_tls_loglevel", "1") == expected
    # With the family's own first choice written once, early on: right after it.
    early = "smtp_tls_CAfile = /ca.pem\n"
    assert _inserted(early + text, "smtp_tls_loglevel", "1") == (
        early + "smtp_tls_loglevel = 1\n" + text
    )
