"""PL104: mandatory STARTTLS on the public port-25 server."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, receives_on_port_25


class MandatoryStarttlsOnPort25(Rule):
    """The public MX (port 25) requires TLS from every client.

    ## What it does
    Reports `smtpd_tls_security_level = encrypt` (or `smtpd_enforce_tls = yes`) in effect for
    the smtpd that receives mail on port 25, directly or behind postscreen.

    ## Why it matters
    RFC 3207 forbids a publicly referenced server to require STARTTLS: senders without TLS
    (still many) cannot deliver to you at all, and their mail bounces.

    ## Example
    ```
    smtpd_tls_security_level = encrypt
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    ```
    and `-o smtpd_tls_security_level=encrypt` on the submission service only.

    ## Fix safety
    No automatic fix: lowering the level is a policy change.

    ## References
    - RFC 3207 section 4; TLS_README "Server-side TLS"
    """

    code = "PL104"
    name = "mandatory-starttls-port-25"
    family = "tls"
    severity = Severity.ERROR
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for role in ctx.roles("server"):
            if role.service is not None and not receives_on_port_25(ctx.config, role.service):
                continue
            level = ctx.tls_level("smtpd", role.service)
            if level.level != "encrypt" or level.source.is_default:
                continue
            file, span = ctx.where(level.source)
            yield ctx.diagnostic(
                file,
                span,
                "port 25 requires STARTTLS from every sender, so mail from servers without TLS "
                "is refused; use may on port 25 and encrypt only for submission",
                service=role.service,
            )
