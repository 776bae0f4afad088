"""False or misleading findings seen on real configurations, reduced to minimal configs and
checked through the command line."""

from __future__ import annotations

import json
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


# A workstation that delivers locally and bounces everything else (Ubuntu's "local only"
# choice): no mail ever leaves through the SMTP client.
LOCAL_ONLY = (
    "myhostname = laptop\n"
    "inet_interfaces = loopback-only\n"
    "default_transport = error\n"
    "relay_transport = error\n"
    "smtpd_tls_security_level = may\n"
)
MASTER = (
    "smtp inet n - y - - smtpd\n"
    "smtp unix - - y - - smtp\n"
    "relay unix - - y - - smtp\n"
    "error unix - - y - - error\n"
    "local unix - n n - - local\n"
    "virtual unix - n n - - virtual\n"
)
OUTBOUND = ("PL101", "PL201", "PL701", "PL703")


def test_host_that_sends_nothing_over_smtp_gets_no_outbound_findings(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(LOCAL_ONLY)
    assert not [c for c in OUTBOUND if c in concise(tmp_path, "--postfix-version", "3.7")]
    (tmp_path / "master.cf").write_text(MASTER)  # the same with an explicit master.cf
    assert not [c for c in OUTBOUND if c in concise(tmp_path, "--postfix-version", "3.7")]
    # A content filter on this machine hands the mail back; it still goes nowhere else.
    (tmp_path / "main.cf").write_text(LOCAL_ONLY + "content_filter = scan:[127.0.0.1]:2525\n")
    (tmp_path / "master.cf").write_text(MASTER + "scan unix - - n - 2 smtp\n")
    assert not [c for c in OUTBOUND if c in concise(tmp_path, "--postfix-version", "3.7")]


def test_mail_routed_to_an_smtp_transport_still_counts_as_outbound(tmp_path: Path) -> None:
    (tmp_path / "master.cf").write_text(MASTER + "scan unix - - n - 2 smtp\n")
    for extra in (
        "relay_transport = relay\n",  # relay_domains mail goes out
        "transport_maps = hash:/etc/postfix/transport\n",  # a table postlint cannot read
        "default_transport = custom\n",  # a transport master.cf does not define
        "content_filter = scan:[192.0.2.1]:2525\n",  # a filter on another host
    ):
        (tmp_path / "main.cf").write_text(LOCAL_ONLY + extra)
        out = concise(tmp_path, "--postfix-version", "3.7")
        assert all(c in out for c in OUTBOUND), (extra, out)


def test_empty_per_site_table_is_deleted_not_converted(tmp_path: Path) -> None:
    # A `postconf -d` dump written into main.cf: there are no entries to move.
    (tmp_path / "main.cf").write_text("smtp_tls_per_site =\nlmtp_tls_per_site = hash:/x\n")
    out = concise(tmp_path, "--select", "PL302")
    assert "smtp_tls_per_site is deprecated and set to its default (empty); delete it" in out
    assert "lmtp_tls_per_site is deprecated; move the entries" in out
    run_postlint(".", "--fix", "--select", "PL302", cwd=tmp_path)
    assert (tmp_path / "main.cf").read_text() == "lmtp_tls_per_site = hash:/x\n"


def test_relay_ordering_names_what_can_say_ok(tmp_path: Path) -> None:
    # A policy server answers OK; it has no access map (andreramoni's main.cf).
    relay_off = "smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = "
    for first, says in (
        ("check_policy_service unix:private/policy", "one OK answer from the policy service"),
        ("permit_tls_all_clientcerts", "every client it permits may relay"),
        ("check_client_access hash:/etc/postfix/access", "one access-map OK"),
    ):
        (tmp_path / "main.cf").write_text(f"{relay_off}{first}, reject_unauth_destination\n")
        assert says in concise(tmp_path, "--select", "PL603"), first


def test_auth_without_any_tls_is_not_told_to_require_tls_first(tmp_path: Path) -> None:
    # smtpd_tls_auth_only = yes alone on a server without TLS turns AUTH off altogether
    # (mailu's internal 10025, ipfire, mailtainer): TLS has to come first.
    (tmp_path / "main.cf").write_text("smtpd_sasl_auth_enable = yes\n")
    result = run_postlint(".", "--output-format", "json", "--select", "PL106", cwd=tmp_path)
    [finding] = json.loads(result.stdout)
    assert "without TLS (TLS is off)" in finding["message"], finding["message"]
    assert "turn TLS on" in finding["message"]
    assert finding["fix"] is None


def test_inclusion_list_naming_tls13_turns_nothing_off(tmp_path: Path) -> None:
    # Postfix excludes only the protocols it knows that a list leaves out, so a version
    # newer than TLS 1.3 is never turned off (ffho's and danwin's main.cf name TLSv1.3).
    (tmp_path / "main.cf").write_text(
        "smtpd_tls_protocols = TLSv1.2 TLSv1.3\n"
        "smtp_tls_mandatory_protocols = TLSv1.3 TLSv1.2 TLSv1.1 !TLSv1 !SSLv2 !SSLv3\n"
        "lmtp_tls_protocols = TLSv1.1, TLSv1.2\n"
    )
    out = concise(tmp_path, "--select", "PL121", "--postfix-version", "3.7")
    assert "smtpd_tls_protocols" not in out and "smtp_tls_mandatory_protocols" not in out
    allowed = "lmtp_tls_protocols lists the protocols to allow (TLSv1.1, TLSv1.2)"
    assert f"{allowed}, which turns off TLSv1.3;" in out, out
    assert "every later version" not in out
    # Releases that did not know TLS 1.3 yet left it on: nothing to report there.
    assert "PL121" not in concise(tmp_path, "--select", "PL121", "--postfix-version", "3.3.1")


def test_submission_with_a_weak_override_is_told_to_change_it(tmp_path: Path) -> None:
    # zimbra's submission says -o smtpd_tls_security_level=may: adding a second -o below
    # the entry, as the message said, would leave two contradicting options.
    (tmp_path / "main.cf").write_text("smtpd_tls_chain_files = /etc/ssl/mail.pem\n")
    (tmp_path / "master.cf").write_text(
        "submission inet n - n - - smtpd\n"
        "  -o smtpd_tls_security_level=may\n"
        "  -o smtpd_sasl_auth_enable=yes\n"
    )
    out = concise(tmp_path, "--select", "PL506")
    assert (
        "submission service submission/inet sets -o smtpd_tls_security_level=may; use "
        "-o smtpd_tls_security_level=encrypt instead" in out
    ), out
    assert "add it below" not in out
