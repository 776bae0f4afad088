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


# PL512: a main.cf setting is shadowed when every service whose program reads it has its own
# -o, and no command run without master.cf (sendmail, postqueue ...) reads it.
SERVICES = (
    "pickup unix n - y 60 1 pickup\n"
    "cleanup unix n - y - 0 cleanup\n"
    "qmgr unix n - n 300 1 qmgr\n"
    "rewrite unix - - y - - trivial-rewrite\n"
    "proxymap unix - - n - - proxymap\n"
    "smtp unix - - y - - smtp\n"
)


def shadowed(tmp_path: Path, main_cf: str, master_cf: str) -> list[tuple[str, int, str]]:
    return findings(write(tmp_path, MAIN_CF + main_cf, master_cf), "PL512")


def test_a_setting_another_program_reads_is_not_shadowed(tmp_path: Path) -> None:
    # Every smtpd overrides the level, but tlsproxy (STARTTLS for postscreen) reads main.cf's.
    master_cf = SERVICES + (
        "smtp inet n - y - 1 postscreen\n"
        "smtpd pass - - y - - smtpd\n  -o smtpd_tls_security_level=may\n"
        "tlsproxy unix - - y - 0 tlsproxy\n"
        "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    )
    main_cf = "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/ssl/mx.pem\n"
    assert shadowed(tmp_path, main_cf, master_cf) == []
    # postscreen reads it too (its own level defaults to $smtpd_tls_security_level).
    no_proxy = master_cf.replace("tlsproxy unix - - y - 0 tlsproxy\n", "")
    assert shadowed(tmp_path, main_cf, no_proxy) == []
    # With the smtpd services alone: shadowed.
    alone = no_proxy.replace("smtp inet n - y - 1 postscreen\n", "").replace(
        "smtpd pass", "smtp inet"
    )
    assert shadowed(tmp_path, main_cf, alone) == [("PL512", 3, None)]


def test_a_setting_proxymap_reads_is_not_shadowed(tmp_path: Path) -> None:
    # proxymap admits the tables of main.cf's restriction classes, whatever smtpd's -o says.
    master_cf = SERVICES + "smtp inet n - y - - smtpd\n  -o smtpd_restriction_classes=\n"
    main_cf = "smtpd_restriction_classes = a\na = permit\n"
    assert shadowed(tmp_path, main_cf, master_cf) == []


def test_shadowed_settings_beyond_the_smtp_prefixes(tmp_path: Path) -> None:
    # lmtp's own setting, and content_filter, which pickup and smtpd read (each overrides it).
    master_cf = SERVICES.replace(
        "pickup unix n - y 60 1 pickup\n", "pickup unix n - y 60 1 pickup\n  -o content_filter=\n"
    ) + (
        "lmtp unix - - n - - lmtp\n  -o lmtp_tls_security_level=none\n"
        "smtp inet n - y - - smtpd\n  -o content_filter=scan:[127.0.0.1]:10026\n"
    )
    main_cf = "lmtp_tls_security_level = may\ncontent_filter = scan:[127.0.0.1]:10024\n"
    assert shadowed(tmp_path, main_cf, master_cf) == [("PL512", 3, None), ("PL512", 4, None)]
    # An -o the program never reads shadows nothing (relay runs smtp, which ignores it).
    unread = master_cf.replace("  -o lmtp_tls_security_level=none\n", "") + (
        "relay unix - - n - - smtp\n  -o lmtp_tls_security_level=none\n"
    )
    assert shadowed(tmp_path, main_cf, unread) == [("PL512", 4, None)]


def test_bounce_templates_may_read_any_setting(tmp_path: Path) -> None:
    # Without a template file, bounce's built-in templates name only what it reads; with
    # one, a template may name any parameter: main.cf's value may be read there.
    master_cf = SERVICES + (
        "bounce unix - - y - 0 bounce\n"
        "smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    )
    main_cf = "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/ssl/mx.pem\n"
    assert shadowed(tmp_path, main_cf, master_cf) == [("PL512", 3, None)]
    templates = "bounce_template_file = /etc/postfix/bounce.cf\n"
    assert shadowed(tmp_path, main_cf + templates, master_cf) == []


def test_restriction_lists_of_a_program_that_never_reads_them_are_not_judged(
    tmp_path: Path,
) -> None:
    # smtpd restrictions under a `local` entry (an smtpd line above it commented out): local
    # never reads them, so no mail meets the removed and the unknown restriction there.
    restrictions = "  -o smtpd_recipient_restrictions=permit_mynetworks,reject_maps_rbl,check_x\n"
    master_cf = (
        STOCK
        + "local unix - n n - - local\n"
        + restrictions
        + "submission inet n - y - - smtpd\n"
        + restrictions
    )
    found = findings(write(tmp_path, MAIN_CF, master_cf), "PL308", "PL416")
    assert found == [("PL308", 10, "submission/inet"), ("PL416", 10, "submission/inet")]


def test_a_client_setting_only_an_smtpd_carries_is_no_client_setting(tmp_path: Path) -> None:
    # PL204: main.cf's smtpd_sasl_security_options was meant for the smarthost login; an -o
    # smtp_sasl_security_options on the SMTP server (which never reads it) is no client
    # setting that would show the client side is configured.
    main_cf = "relayhost = [smtp.example.net]:587\nsmtpd_sasl_security_options = noanonymous\n"
    master_cf = STOCK.replace("smtpd\n", "smtpd\n  -o smtp_sasl_security_options=noanonymous\n", 1)
    assert findings(write(tmp_path, MAIN_CF + main_cf, master_cf), "PL204") == [("PL204", 4, None)]


def test_values_a_program_never_reads_stop_nothing(tmp_path: Path) -> None:
    # PL407 says the daemon reading a bad number stops, PL419 that mail meets
    # milter_default_action: neither happens on the smtp client, which reads neither name.
    options = "  -o smtpd_client_connection_count_limit=lots\n  -o smtpd_milters=tcp:[::1]:8891\n"
    client = STOCK + "relay unix - - n - - smtp\n" + options
    assert findings(write(tmp_path, MAIN_CF, client), "PL407", "PL419") == []
    server = STOCK + "submission inet n - n - - smtpd\n" + options
    found = findings(write(tmp_path, MAIN_CF, server), "PL407", "PL419")
    assert [code for code, _row, _service in found] == ["PL407", "PL419"]


def test_a_switch_the_program_never_reads_is_renamed_as_written(tmp_path: Path) -> None:
    # PL301 replaces each -o switch by its exact equivalent: `no` is `none` there, though
    # the smtp client keeps main.cf's level (it never reads smtpd_use_tls).
    main_cf = MAIN_CF + "smtpd_tls_chain_files = /etc/ssl/mx.pem\nsmtpd_use_tls = yes\n"
    config = write(tmp_path, main_cf, STOCK + "  -o smtpd_use_tls=no\n")
    found = run_postlint("check", "--isolated", "--select", "PL301", "--diff", ".", cwd=config)
    assert "+  -o smtpd_tls_security_level=none\n" in found.stdout, found.stderr
