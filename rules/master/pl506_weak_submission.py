"""PL506: a submission (587) service without mandatory TLS or without authentication."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
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
            missing = []
            if ctx.tls_level("smtpd", svc).level != "encrypt":
                missing.append("-o smtpd_tls_security_level=encrypt")
            if not yes(ctx.effective("smtpd_sasl_auth_enable", svc).value):
                missing.append("-o smtpd_sasl_auth_enable=yes")
            if missing:
                yield ctx.diagnostic(
                    master,
                    svc.fields[0].span,
                    f"submission service {svc.key} lacks {' and '.join(missing)}; add "
                    f"{'it' if len(missing) == 1 else 'them'} below the entry",
                    service=svc,
                )
