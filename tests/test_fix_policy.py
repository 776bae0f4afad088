"""Safe fixes obey the fix-safety policy (docs/fix-safety.md): per rule, over the corpus, and
over generated configurations. The oracle is postlint's own model (tests/policy.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib
from conftest import corpus_dirs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy import PolicyCheck

from postlint.engine.diagnostics import Applicability, FixAvailability
from postlint.engine.fixes import fix_unit
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit, build_units, expand_paths
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.versions import Version, parse_target
from postlint.testing import make_unit

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY = Registry(load_plugins().rules)
LINTER = Linter(REGISTRY, builtin_catalogue())
ALL = frozenset(REGISTRY.select(["ALL"], (), ()))
# The default target (only assumed, as on a command line without --postfix-version), and
# two releases that distributions ship.
TARGETS = ((Version(3, 11), True), (Version(3, 7), False), (Version(3, 4), False))


def _fixing_cases() -> list[tuple[str, Path]]:
    cases = []
    for code, rule in sorted(REGISTRY.rules.items()):
        if rule.fix is FixAvailability.NONE or not (FIXTURES / code).is_dir():
            continue
        cases += [(code, case) for case in sorted((FIXTURES / code).iterdir()) if case.is_dir()]
    return cases


def _violations(
    unit: LintUnit, version: Version, assumed: bool, enabled: frozenset[str] = ALL
) -> list[str]:
    options = RunOptions(version, enabled, version_assumed=assumed)
    outcome = fix_unit(LINTER, unit, options, Applicability.SAFE)
    applied = ", ".join(sorted({d.code for d in outcome.fixed}))
    found = PolicyCheck(unit, outcome.unit, version).violations()
    return [f"{v} (fixes: {applied})" for v in found]


def test_every_rule_with_fixes_has_fixture_cases() -> None:
    codes = {code for code, _case in _fixing_cases()}
    missing = [
        code
        for code, rule in REGISTRY.rules.items()
        if rule.fix is not FixAvailability.NONE and code not in codes and code.startswith("PL")
    ]
    assert not missing


@pytest.mark.parametrize(
    ("code", "case"), _fixing_cases(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_rule_safe_fixes_obey_the_policy(code: str, case: Path) -> None:
    """Each rule's safe fixes on its own fixture cases, with only that rule enabled."""
    toml = case / "case.toml"
    case_settings = tomllib.loads(toml.read_text()) if toml.exists() else {}
    version = parse_target(case_settings.get("postfix-version", "3.11"))
    unit = make_unit(_read(case / "main.cf"), _read(case / "master.cf"), case)
    enabled = frozenset({code})
    assert _violations(unit, version, False, enabled) == []


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else None


@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_corpus_safe_fixes_obey_the_policy(directory: Path) -> None:
    for unit in build_units(expand_paths([str(directory)])):
        for version, assumed in TARGETS:
            assert _violations(unit, version, assumed) == [], str(version)


# Generated configurations: lines that each rule with a fix reacts to, mixed at random, so
# fixes meet each other (a level written by one, a legacy switch read by another).
MAIN_LINES = (
    "compatibility_level = 3.6",
    "compatibility_level = 3.11",
    "myhostname = mail.example.com",
    "smtp_tls_security_level = none",
    "smtp_tls_security_level = encrypt",
    "smtpd_tls_security_level = may",
    "smtpd_tls_cert_file = /etc/ssl/certs/mail.pem",
    "smtp_use_tls = yes",
    "smtp_use_tls = no",
    "smtp_enforce_tls = yes",
    "smtp_tls_enforce_peername = no",
    "smtpd_use_tls = yes",
    "smtpd_enforce_tls = yes",
    "smtpd_sasl_auth_enable = yes",
    "smtpd_sasl_authenticated_header = yes",
    "disable_vrfy_command = no",
    "smtpd_tls_loglevel = 0",
    "smtp_tls_loglevel = 0",
    "smtpd_tls_received_header = no",
    "smtpd_tls_protocols = !SSLv2",
    "smtp_tls_protocols = !SSLv2, !TLSv1.2",
    "smtpd_tls_mandatory_protocols = !SSLv3, !TLSv1.2",
    "smtp_tls_ciphers = export",
    "smtpd_tls_eecdh_grade = strong",
    "smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem",
    "tls_low_cipherlist = ALL",
    "disable_dns_lookups = yes",
    "virtual_maps = hash:/etc/postfix/virtual",
    "postscreen_blacklist_action = drop",
    "smtp_cname_overrides_servername = no",
    "alias_maps = hash:/etc/aliases # the aliases",
    "relayhost = [smtp.example.net]:587",
    "use_transport_maps = no",
    "smtpd_helo_requred = yes",
    "smtp_helo_required = yes",
    "smtpd_tls_wrappermode = yes",
    "process_id = 1",
    "mynetworks = 127.0.0.0/8",
)
SERVICES = (
    "smtp inet n - n - - smtpd",
    "smtp unix - - n - - smtp",
    "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_sasl_auth_enable=yes",
    "587 inet n - n - - smtpd -o smtpd_enforce_tls=yes",
    "127.0.0.1:10025 inet n - n - - smtpd\n  -o smtpd_use_tls=no",
    "relay unix - - n - - smtp\n  -o smtp_use_tls=no",
    "smtps inet n - n - - smtpd\n  -o smtpd_sasl_auth_enable=yes",
    "465 inet y - n - - smtpd\n  -o syslog_name = postfix/465",
    "pickup unix n - n 60 1 pickup",
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    main=st.lists(st.sampled_from(MAIN_LINES), max_size=12),
    services=st.lists(st.sampled_from(SERVICES), max_size=5, unique=True),
    target=st.sampled_from(TARGETS),
)
def test_generated_safe_fixes_obey_the_policy(
    main: list[str], services: list[str], target: tuple[Version, bool]
) -> None:
    unit = make_unit("".join(line + "\n" for line in main), "".join(s + "\n" for s in services))
    assert _violations(unit, *target) == []
