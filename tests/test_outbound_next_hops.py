"""Which next hops count as "this machine": a wrong yes silences the outbound findings
(PL101 and others) for mail that does leave over SMTP. Checked through the command line."""

from __future__ import annotations

from pathlib import Path

from conftest import run_postlint


def codes(tmp_path: Path, main_cf: str) -> str:
    (tmp_path / "main.cf").write_text("compatibility_level = 3.6\n" + main_cf)
    result = run_postlint(
        ".", "--output-format", "concise", "--postfix-version", "3.7", cwd=tmp_path
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_relayhost_list_with_a_remote_fallback_is_outbound(tmp_path: Path) -> None:
    # Postfix 3.5 and later try each relayhost in turn: the second one is another host.
    for relays in ("[127.0.0.1]:10025, [smarthost.example.net]:587", "[::1] smarthost.example.net"):
        out = codes(tmp_path, f"relayhost = {relays}\n")
        assert "PL101" in out, (relays, out)
    # Every relay on this machine: nothing leaves this host without TLS.
    assert "PL101" not in codes(tmp_path, "relayhost = [127.0.0.1]:10025, [localhost]:10026\n")


def test_host_name_starting_with_127_is_not_loopback(tmp_path: Path) -> None:
    # Only an IPv4 address in 127.0.0.0/8 is this machine; a host name may start with digits.
    for hop in ("[127.mail.example.com]", "127.mail.example.com:25"):
        out = codes(tmp_path, f"default_transport = smtp:{hop}\nrelay_transport = error\n")
        assert "PL101" in out, (hop, out)
        assert "PL101" in codes(tmp_path, f"relayhost = {hop}\n"), hop
    for hop in ("[127.0.0.2]:10025", "[127.1.2.3]", "[ipv6:::1]:25", "localhost:10025"):
        out = codes(tmp_path, f"default_transport = smtp:{hop}\nrelay_transport = error\n")
        assert "PL101" not in out, (hop, out)
