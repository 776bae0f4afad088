"""Behaviour checked through the command line against what Postfix does: mynetworks items
Postfix cannot use, upgrade JSON without placeholder text, PL407 with an inline comment,
-o overrides seen by the rules they concern, and --fix with --jobs after a failure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_cli import postlint

SMTPD = "smtp      inet  n       -       y       -       -       smtpd\n"
SMTP = "smtp      unix  -       -       y       -       -       smtp\n"


def _json(*args: str) -> list[dict[str, object]]:
    result = postlint(*args, "--output-format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_mynetworks_items_postfix_cannot_use_are_reported(tmp_path: Path) -> None:
    # Postfix's net/mask parser refuses the first three (a warning and 451 for clients of
    # that family); the fourth has text it skips silently, so it never matches.
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\n"
        "mynetworks = 127.0.0.0/8 10.0.0.0/99 300.1.2.3/8 [::1]/200 10.0.0.0/8junk\n"
    )
    found = _json("check", "--select", "PL422", str(tmp_path))
    by_column = {f["location"]["column"]: f for f in found}  # type: ignore[index]
    line = "mynetworks = 127.0.0.0/8 10.0.0.0/99 300.1.2.3/8 [::1]/200 10.0.0.0/8junk"
    for item, severity in [
        ("10.0.0.0/99", "error"),
        ("300.1.2.3/8", "error"),
        ("[::1]/200", "error"),
        ("10.0.0.0/8junk", "warning"),
    ]:
        finding = by_column[line.index(item) + 1]
        assert item in str(finding["message"]) and finding["severity"] == severity
    assert len(found) == 4


def test_upgrade_json_gives_null_where_nothing_replaces_a_name(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\ntls_legacy_public_key_fingerprints = yes\n"
    )
    args = ("upgrade", str(tmp_path), "--from", "3.5", "--to", "3.11")
    result = postlint(*args, "--output-format", "json")
    assert result.returncode == 0, result.stderr
    assert "(none" not in result.stdout
    (name,) = json.loads(result.stdout)["names"]
    assert name["name"] == "tls_legacy_public_key_fingerprints"
    assert name["replacement"] is None
    text = postlint(*args).stdout
    # The same words as the text output, after the same detail.
    assert f"(removed, main.cf): {name['detail']}\n" in text
    assert name["detail"].endswith("; nothing replaces it")


def test_pl407_quotes_a_value_with_an_inline_comment(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\nsmtputf8_enable = no # off\n")
    (found,) = _json("check", "--select", "PL407", "--postfix-version", "3.7", str(tmp_path))
    assert str(found["message"]).startswith(
        "smtputf8_enable = 'no # off' is not yes or no: '# off' is part of the value, "
        "Postfix has no inline comments;"
    )


@pytest.mark.parametrize(
    ("code", "main", "master", "expected"),
    [
        # An -o cipher list replaces the list for that service.
        (
            "PL110",
            "",
            SMTPD + "submission inet n - y - - smtpd\n  -o tls_high_cipherlist=AES256-SHA\n",
            ["-o tls_high_cipherlist"],
        ),
        # An -o certificate on a service with chain files is ignored there.
        (
            "PL116",
            "smtpd_tls_chain_files = /etc/ssl/private/mail.pem\n",
            SMTPD + "submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/etc/ssl/s.pem\n",
            ["-o smtpd_tls_cert_file"],
        ),
        # A service that clears the chain files uses main.cf's certificate: keep it.
        (
            "PL116",
            "smtpd_tls_chain_files = /etc/ssl/private/mail.pem\n"
            "smtpd_tls_cert_file = /etc/ssl/certs/old.pem\n",
            SMTPD + "10025 inet n - n - - smtpd\n  -o smtpd_tls_chain_files=\n",
            [],
        ),
        # The smtp transport logs in to the relayhost: the server settings are not a slip.
        (
            "PL204",
            "relayhost = [smtp.example.net]:587\nsmtpd_sasl_security_options = noanonymous\n",
            SMTPD + SMTP + "  -o smtp_sasl_auth_enable=yes\n  -o smtp_sasl_security_options=\n",
            [],
        ),
        # The relayhost is trivial-rewrite's, which picks the next hop (an -o relayhost on
        # the smtp transport routes nothing: tests/test_relayhost_reader.py).
        (
            "PL204",
            "smtpd_sasl_security_options = noanonymous\n",
            SMTPD + SMTP + "rewrite unix - - y - - trivial-rewrite\n"
            "  -o relayhost=[smtp.example.net]:587\n",
            ["smtpd_sasl_security_options configures"],
        ),
    ],
)
def test_rules_see_master_cf_overrides(
    tmp_path: Path, code: str, main: str, master: str, expected: list[str]
) -> None:
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\n" + main)
    (tmp_path / "master.cf").write_text(master)
    found = _json("check", "--select", code, str(tmp_path))
    assert len(found) == len(expected)
    assert all(str(f["message"]).startswith(e) for e, f in zip(expected, found, strict=True))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fix_with_jobs_names_what_was_written_past_a_failure(tmp_path: Path, jobs: str) -> None:
    # One process stops at the broken configuration; with --jobs another may have fixed
    # some after it. Each is written whole, and each must be named: nothing changes unsaid,
    # also before the failure (the report that would say so is not printed).
    for i in range(40):
        host = tmp_path / f"host{i:02d}"
        host.mkdir()
        (host / "main.cf").write_text("myhostname = mx.example.com\nalias_maps = hash:x # a\n")
        (host / "master.cf").write_text(SMTPD)
    broken = tmp_path / "host04" / "main.cf"
    broken.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    result = postlint("check", "--fix", "--jobs", jobs, str(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == f"postlint: error: {broken}: binary file, not a Postfix configuration"
    written = {
        host.name
        for host in tmp_path.iterdir()
        if host.name > "host04" and "x # a" not in (host / "main.cf").read_text()
    }
    warned = {
        os.path.basename(line.split(": ")[2])
        for line in lines[:-1]
        if line.endswith(": fixed by another process before the error below stopped the run")
    }
    assert warned == written
    # Before the failure, as with one process: all fixed, and named.
    assert all("x # a" not in (tmp_path / f"host0{i}" / "main.cf").read_text() for i in range(4))
    before = [
        os.path.basename(line.split(": ")[2])
        for line in lines[:-1]
        if line.endswith(": fixed before the error below stopped the run")
    ]
    assert before == [f"host0{i}" for i in range(4)]
    assert len(lines) == 1 + len(before) + len(written)
