"""PL122: only *_tls_mandatory_protocols is hardened, while TLS is opportunistic."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    PROTOCOLS,
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
    enabled_protocols,
    without_protocols,
)

OPPORTUNISTIC = ("may", "dane")
SIDES = (("smtpd", "server"), ("smtp", "client"))


class OnlyMandatoryProtocolsHardened(Rule):
    """`*_tls_mandatory_protocols` is hardened, but the TLS level in use is opportunistic.

    ## What it does
    Reports a main.cf `smtpd_tls_mandatory_protocols` (or `smtp_`) that turns off protocols
    which the same side's `*_tls_protocols` still allows, when `*_tls_protocols` is not set
    and some service of that side uses the opportunistic level `may`.

    ## Why it matters
    The mandatory list applies only at mandatory levels (`encrypt` and stronger). At `may`,
    Postfix uses `*_tls_protocols`, which stays at the release default (`>=TLSv1` since 3.6,
    `!SSLv2, !SSLv3` before): the hardening the admin wrote does not apply to the sessions
    that actually happen.

    ## Example
    ```
    smtpd_tls_security_level = may
    smtpd_tls_mandatory_protocols = >=TLSv1.2
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    smtpd_tls_mandatory_protocols = >=TLSv1.2
    smtpd_tls_protocols = >=TLSv1.2
    ```

    ## Fix safety
    Unsafe: it adds a protocol list, and peers that only speak the old protocols then fall
    back to plain text (or, for mail clients, fail). The new list is the mandatory one,
    with `!X` added for a protocol that the opportunistic default turns off and the
    mandatory list would turn on.

    ## References
    - postconf(5) smtpd_tls_protocols, smtpd_tls_mandatory_protocols; TLS_README
    """

    code = "PL122"
    name = "only-mandatory-protocols-hardened"
    family = "tls"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES
    min_version = "2.6"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        main = ctx.main
        if main is None:
            return
        for prefix, side in SIDES:
            mandatory = ctx.config.definition(f"{prefix}_tls_mandatory_protocols")
            opportunistic_name = f"{prefix}_tls_protocols"
            if mandatory is None or opportunistic_name in ctx.config.definitions:
                continue
            opportunistic = ctx.effective(opportunistic_name)
            still_open = enabled_protocols(opportunistic.value) - enabled_protocols(
                ctx.expanded(mandatory.value)
            )
            if not still_open:
                continue
            if not any(
                ctx.tls_level(prefix, role.service).level in OPPORTUNISTIC
                for role in ctx.roles(side)
            ):
                continue
            value = mandatory.value.strip()
            # The mandatory list may allow a protocol that the opportunistic default turns
            # off (`!SSLv2, !TLSv1` leaves SSLv3 on): that one stays off.
            now_off = set(PROTOCOLS) - enabled_protocols(opportunistic.value)
            off = [p for p in PROTOCOLS if p in now_off & enabled_protocols(value)]
            hardened = without_protocols(value, off) if off else value
            fix = None
            if hardened is not None:
                fix = Fix(
                    f"Set {opportunistic_name} = {hardened}",
                    (edits.insert_parameter(main, opportunistic_name, hardened),),
                    Applicability.UNSAFE,
                    ((opportunistic_name, hardened),),
                )
            shown = opportunistic.value.strip() or "(empty)"
            allowed = ", ".join(p for p in PROTOCOLS if p in still_open)
            yield ctx.diagnostic(
                main,
                mandatory.span_without_newline,
                f"{mandatory.name} applies only when TLS is mandatory; at level may the {side} "
                f"uses {opportunistic_name}, still the default {shown}, which allows "
                f"{allowed}; set {opportunistic_name} = {hardened or value} too",
                fix=fix,
            )
