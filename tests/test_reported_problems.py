"""Recall on problems administrators reported in public issue trackers.

Each case is a minimal configuration rebuilt by hand from the report's description (not
the reporter's files), the Postfix release it ran (where the report says), and the rule
that names the real mistake. A case postlint misses is marked as a known gap (strict
xfail), so the day a rule catches it the marker has to go.
"""

from __future__ import annotations

import pytest

from postlint.testing import run

SMTPD = "smtp inet n - y - - smtpd\n"
STOCK_LOCAL = "local unix - n n - - local\nvirtual unix - n n - - virtual\n"

# (report, target release, main.cf, master.cf, the code that names the mistake, and where
# the explanation matters, words its message must contain)
CASES = [
    (
        "crustymonkey/python-libmilter#5: milter written as tcp:",
        "3.1",
        "smtpd_milters = tcp:127.0.0.1:5000 unix:/var/run/opendkim/opendkim.sock\n"
        "milter_default_action = accept\n",
        SMTPD,
        "PL419",
        "write inet:127.0.0.1:5000",
    ),
    (
        "docker-mailserver/docker-mailserver#4568: disable_dns_lookups on the amavis client",
        "3.9",
        "content_filter = smtp-amavis:[127.0.0.1]:10024\n",
        SMTPD + "smtp-amavis unix - - n - 2 smtp\n  -o smtp_data_done_timeout=1200\n"
        "  -o disable_dns_lookups=yes\n",
        "PL303",
        "smtp_dns_support_level=disabled",
    ),
    (
        "opnsense/plugins#3952: 50 MiB message limit over the default mailbox limit",
        "3.8",
        "message_size_limit = 52428800\nmydestination = $myhostname, localhost\n",
        SMTPD + STOCK_LOCAL,
        "PL412",
        "mailbox_size_limit",
    ),
    (
        "docker-mailserver/docker-mailserver#362: recipient limit for a removed dovecot transport",
        "3.1",
        "dovecot_destination_recipient_limit = 1\n"
        "virtual_transport = lmtp:unix:/var/run/dovecot/lmtp\n",
        SMTPD + STOCK_LOCAL,
        "PL402",
        "define the service or remove the line",
    ),
    (
        "sous-chefs/postfix#81: cookbook switches written into main.cf",
        "2.11",
        "use_alias_maps = no\nuse_transport_maps = no\nuse_access_maps = no\n",
        None,
        "PL402",
        "is not a Postfix parameter",
    ),
    (
        "voxpupuli/puppet-postfix#281: -o smtpd_bind_address on the re-injection listener",
        "3.4",
        "content_filter = amavis:[127.0.0.1]:10024\n",
        SMTPD + "127.0.0.1:10025 inet n - n - - smtpd\n  -o content_filter=\n"
        "  -o smtpd_bind_address=127.0.0.1\n",
        "PL203",
        "delete this -o",
    ),
    (
        "postfixadmin/postfixadmin#262: VDA quota patch parameters on a stock Postfix",
        "3.3",
        "virtual_create_maildirsize = yes\n"
        "virtual_mailbox_limit_maps = mysql:/etc/postfix/sql/limit.cf\n",
        None,
        "PL402",
        "",
    ),
    (
        "mailcow/mailcow#420: smtp_delivery_status_filter on Debian 8's Postfix 2.11",
        "2.11",
        "",
        SMTPD + "smtp unix - - n - - smtp\n"
        "  -o smtp_delivery_status_filter=pcre:/etc/postfix/smtp_dsn_filter.pcre\n",
        "PL402",
        "",
    ),
    (
        "opnsense/plugins#5493: deprecated DH parameter file",
        "3.9",
        "smtpd_tls_security_level = may\nsmtpd_tls_dh1024_param_file = /etc/dh.pem\n",
        None,
        "PL304",
        "",
    ),
    (
        "opnsense/plugins#5493: deprecated smtpd_use_tls",
        "3.9",
        "smtpd_use_tls = yes\nsmtpd_tls_cert_file = /etc/cert.pem\n",
        None,
        "PL301",
        "",
    ),
    (
        "roehling/postsrsd#83: mua_* restriction classes referenced but never defined",
        "3.3",
        "",
        SMTPD + "submission inet n - y - - smtpd\n"
        "  -o smtpd_client_restrictions=$mua_client_restrictions\n",
        "PL404",
        "",
    ),
    (
        "plone/ansible-playbook#12: relay restrictions without relay control",
        "2.11",
        "compatibility_level = 2\nsmtpd_relay_restrictions = permit_mynetworks\n",
        SMTPD,
        "PL602",
        "",
    ),
    (
        "nim-lang/nimforum#105: HELO with a bare host name",
        "3.1",
        "myhostname = mail\n",
        None,
        "PL701",
        "",
    ),
    (
        "Oefenweb/ansible-postfix#127: outbound TLS never enabled",
        "3.6",
        "compatibility_level = 2\nrelayhost =\nsmtpd_tls_security_level = may\n"
        "smtpd_tls_cert_file = /etc/cert.pem\nsmtpd_tls_key_file = /etc/key.pem\n",
        None,
        "PL201",
        "",
    ),
    (
        "alterrebe/docker-mail-relay#12: outbound TLS explicitly off",
        "3.4",
        "smtp_tls_security_level = none\nrelayhost = [smtp.example.net]:587\n",
        None,
        "PL101",
        "",
    ),
    (
        "iredmail/iRedMail#21: an smtps listener suggested without wrapper mode",
        "3.4",
        "",
        SMTPD + "smtps inet n - n - - smtpd\n  -o syslog_name=postfix/smtps\n"
        "  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n",
        "PL507",
        "",
    ),
    (
        "Oefenweb/ansible-postfix#80 (review): a doubled '=' in the TLS level line",
        "3.4",
        "smtp_tls_security_level == may\n",
        None,
        "PL115",
        "",
    ),
    (
        "Oefenweb/ansible-postfix#49: relayhost role on 3.3 with no restrictions at all",
        "3.3",
        "relayhost = [smtp.gmail.com]:587\nsmtpd_relay_restrictions =\n",
        SMTPD,
        "PL602",
        "",
    ),
    (
        "Mailu/Mailu#2757: an override appended to master.cf without a newline",
        "3.5",
        "",
        SMTPD + "postlog unix-dgram n - n - 1 postlogdshowq unix n - n - - showq\n",
        "PL513",
        "a line break is missing",
    ),
    (
        "NixOS/nixpkgs#88817: the server certificate also sent as a client certificate",
        "3.4",
        "smtpd_tls_security_level = may\nsmtpd_tls_cert_file = /var/cert/cert.pem\n"
        "smtpd_tls_key_file = /var/cert/key.pem\nsmtp_tls_cert_file = /var/cert/cert.pem\n"
        "smtp_tls_key_file = /var/cert/key.pem\n",
        None,
        "PL208",
        "uses the server's own file",
    ),
]

# Reports whose mistake no rule names yet (measured, not hidden).
GAPS: dict[str, str] = {}


def _params() -> list[object]:
    params = []
    for report, version, main, master, code, says in CASES:
        gap = next((why for key, why in GAPS.items() if report.startswith(key)), None)
        marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {gap}")] if gap else []
        params.append(pytest.param(version, main, master, code, says, id=report, marks=marks))
    return params


@pytest.mark.parametrize(("version", "main", "master", "code", "says"), _params())
def test_reported_problem_is_named(
    version: str, main: str, master: str | None, code: str, says: str
) -> None:
    result = run(["PL"], main=main, master=master, version=version)
    named = [d.message for d in result.diagnostics if d.code == code]
    assert any(says in message for message in named), "\n".join(result.findings)


def test_there_are_twenty_reports() -> None:
    # One report (opnsense/plugins#5493) holds two mistakes, each a case.
    assert len({report.split(":")[0] for report, *_ in CASES}) == 19
    assert len(CASES) == 20
