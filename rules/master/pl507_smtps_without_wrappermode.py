"""PL507: an implicit-TLS (465) service without wrapper mode."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
    has_server_certificate,
    is_server,
    is_smtps,
    yes,
)


class SmtpsWithoutWrappermode(Rule):
    """A port-465 (`smtps`/`submissions`) smtpd service without `smtpd_tls_wrappermode=yes`.

    ## What it does
    Reports smtpd services on port 465 whose effective wrapper mode is not `yes`.

    ## Why it matters
    Clients on 465 start with a TLS handshake (RFC 8314); a server that greets in plain
    text makes every connection fail.

    ## Example
    ```
    submissions inet n - n - - smtpd
      -o syslog_name=postfix/submissions
    ```

    ## Use instead
    ```
    submissions inet n - n - - smtpd
      -o syslog_name=postfix/submissions
      -o smtpd_tls_wrappermode=yes
    ```

    ## Fix safety
    Unsafe: it changes what the service speaks (from broken to working, still a change).
    Offered only when the service has a server certificate; without one, wrapper mode
    cannot work either (PL105).

    ## References
    - RFC 8314; postconf(5) smtpd_tls_wrappermode; the stock master.cf submissions entry
    """

    code = "PL507"
    name = "smtps-without-wrappermode"
    family = "master"
    severity = Severity.ERROR
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for svc in ctx.config.services:
            if not (is_server(svc) and is_smtps(svc)):
                continue
            if yes(ctx.effective("smtpd_tls_wrappermode", svc).value):
                continue
            fix = None
            # Without a certificate, wrapper mode only trades this error for PL105's.
            if has_server_certificate(ctx.config, svc):
                fix = Fix(
                    f"Add -o smtpd_tls_wrappermode=yes to {svc.key}",
                    (edits.set_override(master, svc, "smtpd_tls_wrappermode", "yes"),),
                    Applicability.UNSAFE,
                    ((f"{svc.key}/smtpd_tls_wrappermode", "yes"),),
                )
            yield ctx.diagnostic(
                master,
                svc.fields[0].span,
                f"{svc.key} listens on port 465 (implicit TLS) without "
                "smtpd_tls_wrappermode=yes, so every client fails; add it",
                service=svc,
                fix=fix,
            )
