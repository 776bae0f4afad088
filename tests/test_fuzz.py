"""Generated configurations through parser, model, every rule and the fix engine.

Properties: nothing raises except the documented FixError; no rule crashes (PL999); every
finding lies inside its file; fixes reach a fixed point (a second run changes nothing) and
leave text that parses back to itself. The suite runs a short campaign; set
POSTLINT_FUZZ_EXAMPLES (e.g. 5000) for a long one.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from postlint.engine.diagnostics import Applicability
from postlint.engine.fixes import FixError, fix_unit
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.versions import Version
from postlint.syntax import ConfigFile, FileKind, parse

EXAMPLES = int(os.environ.get("POSTLINT_FUZZ_EXAMPLES", "60"))
REGISTRY = Registry(load_plugins().rules)
LINTER = Linter(REGISTRY, builtin_catalogue())

NAMES = [
    "myhostname", "mydomain", "mydestination", "mynetworks", "mynetworks_style", "relayhost",
    "inet_interfaces", "compatibility_level", "relay_domains", "alias_maps",
    "smtp_tls_security_level", "smtpd_tls_security_level", "smtpd_use_tls", "smtp_use_tls",
    "smtpd_tls_auth_only", "smtpd_sasl_auth_enable", "smtpd_relay_restrictions",
    "smtpd_recipient_restrictions", "smtpd_client_restrictions", "smtpd_restriction_classes",
    "smtpd_tls_cert_file", "smtpd_tls_key_file", "smtpd_tls_chain_files", "smtpd_banner",
    "message_size_limit", "mailbox_size_limit", "maximal_queue_lifetime", "header_checks",
    "smtpd_milters", "non_smtpd_milters", "virtual_alias_maps", "virtual_mailbox_domains",
    "smtp_sasl_auth_enable", "smtp_sasl_password_maps", "disable_vrfy_command", "my_own_name",
    "smtpd_tls_protocols", "smtp_tls_mandatory_protocols", "content_filter", "soft_bounce",
]  # fmt: skip
VALUES = [
    "", "yes", "no", "0", "10", "10k", "5d", "may", "encrypt", "none", "dane", "verify",
    "all", "loopback-only", "127.0.0.0/8 [::1]/128", "0.0.0.0/0", "10.0.0.0/8, ::/0",
    "$myhostname", "${mydomain}", "$$x", "${a?{b}:{c}}", "${{$compatibility_level} <level {3.6}}",
    "$(undefined", "{ unclosed", "x }", "permit_mynetworks, reject_unauth_destination",
    "permit_sasl_authenticated reject", "check_client_access hash:/etc/postfix/access",
    "reject_rbl_client zen.spamhaus.org, permit", "hash:/etc/aliases # aliases",
    "!SSLv2, !SSLv3", "inet:127.0.0.1:8891", "/etc/ssl/key.pem, /etc/ssl/cert.pem",
    "caf\udce9", "a\x00b", "smtp:[relay.example.net]:587",
]  # fmt: skip
MAIN_EXTRAS = [
    "  continued, values", "\t$mydomain", "# comment", "   # indented comment", "", "  ",
    "name without equals", "= value without name", "x=1 # inline", "\x0b", "\r",
]  # fmt: skip
MASTER_LINES = [
    "smtp      inet  n       -       y       -       -       smtpd",
    "submission inet n       -       y       -       -       smtpd",
    "smtps     inet  n       -       y       -       -       smtpd",
    "127.0.0.1:10025 inet n  -       n       -       -       smtpd",
    "#submission inet n      -       y       -       -       smtpd",
    "relay     unix  -       -       n       -       -       smtp",
    "pickup    unix  n       -       y       60      1       pickup",
    "postscreen inet n       -       y       -       1       postscreen",
    "  -o smtpd_tls_security_level=encrypt", "  -o smtpd_sasl_auth_enable=yes",
    "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject",
    "  -o { smtpd_client_restrictions = permit_mynetworks, reject }",
    "  -o syslog_name=postfix/$service_name", "  -o smtpd_tls_wrappermode=yes",
    "  -o smtp_tls_security_level=none", "  -o bad", "  -o", "  -o x = y", "  {",
    "bad service line", "# comment", "", "  -vosyslog_name=x",
]  # fmt: skip

_main_line = st.one_of(
    st.builds(lambda n, v: f"{n} = {v}", st.sampled_from(NAMES), st.sampled_from(VALUES)),
    st.sampled_from(MAIN_EXTRAS),
    st.text(alphabet="ab =$#{}\t,:/", max_size=12),
)
_master_line = st.one_of(
    st.sampled_from(MASTER_LINES), st.text(alphabet="ab -o={}\t#", max_size=12)
)


def _document(line: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(
        st.lists(line, max_size=30), st.sampled_from(["\n", "\r\n"]), st.booleans()
    ).map(lambda t: t[1].join(t[0]) + (t[1] if t[2] and t[0] else ""))


def _unit(main: str, master: str | None) -> LintUnit:
    tree = parse(main, FileKind.MAIN, "/fuzz/main.cf")
    other = parse(master, FileKind.MASTER, "/fuzz/master.cf") if master is not None else None
    return LintUnit(tree, other, {FileKind.MAIN, FileKind.MASTER}, Path("/fuzz"))


def _inside(file: ConfigFile | None, start: int, end: int) -> bool:
    return file is not None and 0 <= start <= end <= len(file.text)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    main=_document(_main_line),
    master=st.one_of(st.none(), _document(_master_line)),
    version=st.sampled_from([Version(2, 11), Version(3, 7), Version(3, 11)]),
    profile=st.sampled_from([None, "mx", "submission", "null-client"]),
)
# Found by the long campaign: rules that scanned a malformed value for references crashed.
@example(main="mydomain = $(undefined", master=None, version=Version(2, 11), profile=None)
@example(main="smtp_helo_name = ${x", master=None, version=Version(3, 11), profile=None)
def test_lint_and_fix_generated_configs(
    main: str, master: str | None, version: Version, profile: str | None
) -> None:
    options = RunOptions(version, frozenset(REGISTRY.rules), profile=profile)
    unit = _unit(main, master)
    for d in LINTER.lint(unit, options):
        assert d.code != "PL999", d.message
        assert d.file in unit.files(), d
        assert _inside(d.file, d.span.start, d.span.end), d
    try:
        outcome = fix_unit(LINTER, unit, options, Applicability.UNSAFE)
    except FixError:
        return  # documented: fixes that do not settle are refused, nothing written
    for kind, text in outcome.changed_texts().items():
        assert parse(text, kind, f"/fuzz/{kind.value}.cf").unparse() == text
    again = fix_unit(LINTER, outcome.unit, options, Applicability.UNSAFE)
    assert again.changed_texts() == {}, "a second fix run changed the files again"
