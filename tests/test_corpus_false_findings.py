"""False or misleading findings seen on real configurations, reduced to minimal configs and
checked through the command line."""

from __future__ import annotations

from pathlib import Path

from conftest import run_postlint


def concise(tmp_path: Path, *args: str) -> str:
    result = run_postlint(".", "--output-format", "concise", *args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_sslv2_is_not_reported_where_the_release_cannot_speak_it(tmp_path: Path) -> None:
    # Postfix 3.6 and later require OpenSSL 1.1.1, which has no SSLv2 at all: `!SSLv3`
    # leaves no SSL protocol on (openmandriva's main.cf).
    (tmp_path / "main.cf").write_text("smtpd_tls_mandatory_protocols = !SSLv3\n")
    for version in ("3.7", "3.11"):
        assert "PL107" not in concise(tmp_path, "--select", "PL107", "--postfix-version", version)
    # Releases that could still be built with an SSLv2-capable OpenSSL keep the finding.
    old = concise(tmp_path, "--select", "PL107", "--postfix-version", "3.5")
    assert "smtpd_tls_mandatory_protocols allows SSLv2;" in old


def test_ssl_finding_names_the_protocol_left_on(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtp_tls_protocols = !SSLv2, !TLSv1.2, !TLSv1.1\n")
    out = concise(tmp_path, "--select", "PL107", "--postfix-version", "3.7")
    assert "smtp_tls_protocols allows SSLv3;" in out
