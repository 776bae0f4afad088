"""PL204 and the relayhost: trivial-rewrite(8) reads relayhost and picks the next hop
(trivial-rewrite.c, resolve.c); the smtp(8) client only compares a failing site with it
(smtp_connect.c). An -o relayhost on an smtp transport routes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import postlint

MAIN_CF = "myhostname = mx.example.com\nsmtpd_sasl_security_options = noanonymous\n"
SMTPD = "smtp      inet  n       -       y       -       -       smtpd\n"
SMTP = "smtp      unix  -       -       y       -       -       smtp\n"
REWRITE = "rewrite   unix  -       -       y       -       -       trivial-rewrite\n"
RELAYHOST = "  -o relayhost=[smtp.example.net]:587\n"


def _pl204(directory: Path, master_cf: str) -> list[dict[str, object]]:
    (directory / "main.cf").write_text(MAIN_CF)
    (directory / "master.cf").write_text(master_cf)
    result = postlint("check", "--select", "PL204", "--output-format", "json", str(directory))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_relayhost_on_the_smtp_transport_sets_no_relayhost(tmp_path: Path) -> None:
    assert _pl204(tmp_path, SMTPD + SMTP + RELAYHOST + REWRITE) == []


def test_relayhost_on_trivial_rewrite_is_the_relayhost(tmp_path: Path) -> None:
    (found,) = _pl204(tmp_path, SMTPD + SMTP + REWRITE + RELAYHOST)
    assert "smtpd_sasl_security_options" in str(found["message"])
