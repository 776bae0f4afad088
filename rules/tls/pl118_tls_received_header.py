"""PL118: the Received: header does not record the TLS session."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, FixAvailability, Rule, Severity, receives_mail, yes


class TlsReceivedHeader(Rule):
    """Inbound TLS is on, but `smtpd_tls_received_header` is `no`.

    ## What it does
    Reports server-side TLS (main.cf level not `none`) while `smtpd_tls_received_header`
    is `no` (the default).

    ## Why it matters
    With `yes`, each Received: header names the protocol and cipher, so users and support
    can see how a message arrived.

    ## Example
    ```
    smtpd_tls_security_level = may
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    smtpd_tls_received_header = yes
    ```

    ## Fix safety
    Safe when the setting is unset: only the Received: header text changes. Unsafe when you
    wrote `no`: the fix then changes a value you chose.

    ## References
    - TLS_README quick-start; postconf(5) smtpd_tls_received_header
    """

    code = "PL118"
    name = "tls-received-header"
    family = "tls"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.tls_level("smtpd", None).level == "none":
            return
        if not receives_mail(ctx.config):
            return  # no inbound mail gets a Received: header; see PL201
        value = ctx.effective("smtpd_tls_received_header")
        if yes(value.value):
            return
        file, span, fix = ctx.set_parameter("smtpd_tls_received_header", "yes")
        yield ctx.diagnostic(
            file,
            span,
            "inbound TLS is on but Received: headers do not record it; set "
            "smtpd_tls_received_header = yes",
            fix=fix,
        )
