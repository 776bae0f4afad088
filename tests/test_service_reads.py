"""A service's effective value is what its program sees: an -o of a name the program never
reads (daemon_reads.py) changes nothing there, so rules judge main.cf's value (or the
default) instead, and leave the -o to PL202."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_postlint

from postlint.api import Config, Version, parse_main_cf
from postlint.syntax import parse_master_cf

MAIN_CF = "compatibility_level = 3.11\nmyhostname = mx.example.com\n"
STOCK = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "pickup    unix  n       -       y       60      1       pickup\n"
    "cleanup   unix  n       -       y       -       0       cleanup\n"
    "qmgr      unix  n       -       n       300     1       qmgr\n"
    "rewrite   unix  -       -       y       -       -       trivial-rewrite\n"
    "smtp      unix  -       -       y       -       -       smtp\n"
)
# SMTP server settings that would be wrong where the SMTP server reads them.
SERVER_OPTIONS = "  -o smtpd_tls_protocols=SSLv3\n  -o smtpd_tls_security_level=bogus\n"


def findings(directory: Path, *codes: str) -> list[tuple[str, int, str]]:
    found = run_postlint(
        "check",
        "--isolated",
        "--select",
        ",".join(codes),
        "--output-format",
        "json",
        str(directory),
        cwd=directory,
    )
    assert found.returncode in (0, 1), found.stderr
    return [(d["code"], d["location"]["row"], d["service"]) for d in json.loads(found.stdout)]


def write(directory: Path, main_cf: str, master_cf: str) -> Path:
    (directory / "main.cf").write_text(main_cf)
    (directory / "master.cf").write_text(master_cf)
    return directory


def test_server_options_on_the_smtp_client_are_not_judged(tmp_path: Path) -> None:
    # The smtp client never reads smtpd_*: SSLv3 there enables nothing, and the bad level
    # stops nothing. PL202 reports both lines; the value rules say nothing of them.
    config = write(tmp_path, MAIN_CF, STOCK + "relay unix - - y - - smtp\n" + SERVER_OPTIONS)
    assert findings(config, "PL107", "PL115", "PL121", "PL202") == [
        ("PL202", 8, "relay/unix"),
        ("PL202", 9, "relay/unix"),
    ]


def test_the_same_options_on_a_server_are_judged(tmp_path: Path) -> None:
    # The guard for the test above: where smtpd reads them, each rule reports its line.
    master_cf = STOCK + "submission inet n - y - - smtpd\n" + SERVER_OPTIONS
    config = write(tmp_path, MAIN_CF + "smtpd_tls_chain_files = /etc/ssl/mx.pem\n", master_cf)
    found = findings(config, "PL107", "PL115", "PL121", "PL202")
    assert {code for code, _row, _service in found} == {"PL107", "PL115", "PL121"}


def test_a_transport_is_not_loopback_only_through_an_o_nothing_reads(tmp_path: Path) -> None:
    # local never reads content_filter, so nothing sends mail to `scan` on 127.0.0.1: the
    # transport's own TLS switch-off is reported like any other client's.
    master_cf = (
        STOCK
        + "local unix - n n - - local\n  -o content_filter=scan:[127.0.0.1]:10024\n"
        + "scan unix - - n - 2 smtp\n  -o smtp_tls_security_level=none\n"
    )
    config = write(tmp_path, MAIN_CF + "smtp_tls_security_level = may\n", master_cf)
    assert ("PL101", 10, "scan/unix") in findings(config, "PL101")
    # Where the filter is read (smtpd), `scan` carries loopback mail only: no finding.
    read = master_cf.replace("local unix - n n - - local", "127.0.0.1:2525 inet n - n - - smtpd")
    assert (
        findings(write(tmp_path, MAIN_CF + "smtp_tls_security_level = may\n", read), "PL101") == []
    )


def config_of(main_cf: str, master_cf: str) -> Config:
    return Config(parse_main_cf(main_cf), parse_master_cf(master_cf), Version(3, 11))


def test_effective_value_per_service_is_what_its_program_reads() -> None:
    config = config_of(
        "relayhost = [isp.example.net]:587\n",
        STOCK
        + "  -o relayhost=[relay.example.net]:465\n"
        + "rewrite2 unix - - y - - trivial-rewrite\n  -o relayhost=[other.example.net]\n"
        + "custom unix - n n - - my-daemon\n  -o relayhost=[custom.example.net]\n",
    )
    # smtp never reads relayhost (trivial-rewrite picks the next hop): main.cf's value.
    client = config.effective("relayhost", "smtp/unix")
    assert (client.value, client.source, client.override) == (
        "[isp.example.net]:587",
        "main.cf",
        None,
    )
    # As written (postlint explain): the -o, which explain calls without effect.
    written = config.effective("relayhost", "smtp/unix", as_written=True)
    assert (written.value, written.source) == ("[relay.example.net]:465", "override")
    # A program that reads it sees its -o; one the facts do not know is assumed to read it.
    assert config.effective("relayhost", "rewrite2/unix").value == "[other.example.net]"
    assert config.effective("relayhost", "custom/unix").source == "override"
