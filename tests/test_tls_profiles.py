"""TLS protocol-list rules against the release data and against Mozilla's Postfix profiles.

The profiles are rebuilt here from Mozilla's public server-side TLS guideline 6.0 (what its
configuration generator emits for Postfix): the intermediate profile allows TLS 1.2 and 1.3
with six ECDHE AEAD ciphers, the modern one TLS 1.3 only. A config that follows them must
lint without a warning.
"""

from __future__ import annotations

import pytest
from conftest import REFERENCE
from postlint_rules.tls.protocols import RANGE_SYNTAX_SINCE

from postlint.api import Severity
from postlint.testing import run

BASE = "compatibility_level = 3.11\nmyhostname = mail.example.com\n"
INTERMEDIATE_CIPHERS = ":".join(
    f"ECDHE-{auth}-{cipher}"
    for cipher in ("AES128-GCM-SHA256", "AES256-GCM-SHA384", "CHACHA20-POLY1305")
    for auth in ("ECDSA", "RSA")
)


def mozilla(floor: str, ciphers: bool) -> str:
    lines = [
        "smtpd_tls_auth_only = yes",
        "smtpd_tls_cert_file = /path/to/signed_cert_plus_intermediates",
        "smtpd_tls_key_file = /path/to/private_key",
        "smtpd_tls_security_level = may",
        f"smtpd_tls_mandatory_protocols = {floor}",
        f"smtpd_tls_protocols           = {floor}",
        "smtp_tls_security_level = may",
        f"smtp_tls_mandatory_protocols  = {floor}",
        f"smtp_tls_protocols            = {floor}",
        "tls_preempt_cipherlist = no",
        "tls_eecdh_auto_curves = X25519MLKEM768 X25519 prime256v1 secp384r1",
        "tls_ffdhe_auto_groups =",
    ]
    if ciphers:
        lines += [
            "smtp_tls_mandatory_ciphers = medium",
            "smtpd_tls_mandatory_ciphers = medium",
            f"tls_medium_cipherlist = {INTERMEDIATE_CIPHERS}",
        ]
    return "\n".join(lines) + "\n"


PROFILES = {
    "intermediate": mozilla(">=TLSv1.2", ciphers=True),
    "modern": mozilla(">=TLSv1.3", ciphers=False),
    # What the generator writes for Postfix older than 3.6 (no ranges there).
    "intermediate-pre-3.6": mozilla("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", ciphers=True),
    "modern-pre-3.6": mozilla("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2", ciphers=False),
}


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_mozilla_profile_has_no_warning(profile: str) -> None:
    result = run(["PL"], main=BASE + PROFILES[profile])
    loud = [d for d in result.diagnostics if d.severity in (Severity.WARNING, Severity.ERROR)]
    assert not loud, loud


def test_range_syntax_release_matches_release_data() -> None:
    """The first release whose own defaults are written as `>=` ranges."""
    releases = sorted(
        (p for p in (REFERENCE / "releases").iterdir() if (p / "postconf-d.txt").is_file()),
        key=lambda p: tuple(int(x) for x in p.name.split(".")),
    )
    first = next(
        p.name
        for p in releases
        if ">="
        in next(
            line
            for line in (p / "postconf-d.txt").read_text().splitlines()
            if line.startswith("smtpd_tls_protocols =")
        )
    )
    assert first == RANGE_SYNTAX_SINCE


def test_range_fix_names_the_release_it_assumes() -> None:
    """`>=` needs Postfix 3.6: under the default release the fix says it assumed one."""
    assumed = run(["PL121"], main="smtpd_tls_protocols = TLSv1.2\n", version_assumed=True)
    told = run(["PL121"], main="smtpd_tls_protocols = TLSv1.2\n", version="3.11")
    assert "assumes Postfix 3.6" in assumed.diagnostics[0].fix.message
    assert "assumes" not in told.diagnostics[0].fix.message


@pytest.mark.parametrize("code", ["PL121", "PL123"])
def test_an_exclusion_list_written_into_master_cf_has_no_blanks(code: str) -> None:
    """Before 3.6 the fix spells the floor as `!X` items; in an `-o` a blank would end the
    argument and leave the rest of the list as stray words (the fixes then never settled)."""
    value = "TLSv1,TLSv1.1,TLSv1.2" if code == "PL121" else "!SSLv2,!SSLv3"
    master = f"submission inet n - y - - smtpd\n  -o smtpd_tls_protocols={value}\n"
    result = run([code], master=master, version="3.0", unsafe_fixes=True)
    assert result.findings  # still reported
    fixed = result.fixed["master.cf"].splitlines()[1]
    assert fixed.startswith("  -o smtpd_tls_protocols=!SSLv2,!SSLv3")
    assert " " not in fixed.strip().removeprefix("-o ")
