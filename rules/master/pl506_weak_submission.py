"""PL506: a submission (587) service without mandatory TLS or without authentication."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    EffectiveValue,
    Rule,
    Severity,
    is_loopback_listener,
    is_server,
    is_submission,
    yes,
)


class WeakSubmission(Rule):
    """The submission service (port 587) does not require TLS, or does not offer AUTH.

    ## What it does
    For smtpd services on port 587 (not loopback-only), reports an effective
    `smtpd_tls_security_level` other than `encrypt`, and `smtpd_sasl_auth_enable` not `yes`.
    A weaker value the service's own `-o` sets is named, to be changed rather than repeated.

    ## Why it matters
    Port 587 is where mail clients log in (RFC 6409); without mandatory TLS, passwords and
    mail cross the network in clear text, and without SASL the service serves no one (or
    relays only for mynetworks).

    ## Example
    ```
    submission inet n - n - - smtpd
      -o syslog_name=postfix/submission
    ```

    ## Use instead
    ```
    submission inet n - n - - smtpd
      -o syslog_name=postfix/submission
      -o smtpd_tls_security_level=encrypt
      -o smtpd_sasl_auth_enable=yes
      -o smtpd_client_restrictions=permit_sasl_authenticated,reject
    ```

    ## Fix safety
    No automatic fix: mail clients without TLS lose access.

    ## References
    - RFC 6409, RFC 8314; the stock master.cf submission entry
    """

    code = "PL506"
    name = "weak-submission"
    family = "master"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for svc in ctx.config.services:
            if not (is_server(svc) and is_submission(svc)) or is_loopback_listener(svc):
                continue
            # What the service needs, and the weaker -o it sets itself (changed, not added).
            needed: list[tuple[str, EffectiveValue]] = []
            tls = ctx.tls_level("smtpd", svc)
            if tls.level != "encrypt":
                needed.append(("-o smtpd_tls_security_level=encrypt", tls.source))
            sasl = ctx.effective("smtpd_sasl_auth_enable", svc)
            if not yes(sasl.value):
                needed.append(("-o smtpd_sasl_auth_enable=yes", sasl))
            if not needed:
                continue
            missing = [want for want, value in needed if value.source != "override"]
            parts = []
            if len(missing) < len(needed):
                weak = [f"-o {v.name}={v.value}" for _, v in needed if v.source == "override"]
                wanted = [want for want, v in needed if v.source == "override"]
                parts.append(f"sets {' and '.join(weak)}; use {' and '.join(wanted)} instead")
            if missing:
                parts.append(
                    f"lacks {' and '.join(missing)}; add "
                    f"{'it' if len(missing) == 1 else 'them'} below the entry"
                )
            yield ctx.diagnostic(
                master,
                svc.fields[0].span,
                f"submission service {svc.key} {', and '.join(parts)}",
                service=svc,
            )
