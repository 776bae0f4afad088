"""PL201: TLS set on the server side (smtpd_) while the client side (smtp_) has none."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    Rule,
    Severity,
    receives_mail,
    relayhost_is_loopback,
    sends_over_smtp,
)


class ServerTlsMeantForClient(Rule):
    """`smtpd_tls_*` (inbound) is configured, but outbound TLS (`smtp_tls_*`) is off.

    ## What it does
    Reports a main.cf that sets `smtpd_tls_security_level` (or `smtpd_use_tls`) to a TLS
    level while the SMTP client's effective level is `none`. The message is stronger when
    this host does not receive mail at all (`inet_interfaces` is loopback only, or master.cf
    has no smtpd listener), which makes the mix-up certain. A host whose mail never leaves
    through an SMTP client (`default_transport = error`, `relay_transport = error`) has no
    outbound side to confuse, and is left alone.

    ## Why it matters
    `smtpd_` parameters configure the server that receives mail; `smtp_` parameters the
    client that sends it. Setting the server side and believing outbound mail is encrypted
    is the most common Postfix TLS mistake; Gmail then shows your mail as unencrypted.

    ## Example
    ```
    smtpd_tls_security_level = may
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    smtp_tls_security_level = may
    ```

    ## Fix safety
    No fix here; PL101 adds `smtp_tls_security_level = may`. When this host does not
    receive mail, the inbound rules (PL117, PL118) stay quiet, so no fix adds more
    `smtpd_tls_*` lines to a setting that was meant for the client.

    ## References
    - SMTP_VS_SMTPD (postfix reference notes); postconf(5) smtp_tls_security_level
    """

    code = "PL201"
    name = "server-tls-meant-for-client"
    family = "client-server"
    severity = Severity.WARNING
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or relayhost_is_loopback(ctx.config):
            return
        server = ctx.tls_level("smtpd", None)
        if server.level == "none" or server.source.definition is None:
            return
        if ctx.tls_level("smtp", None).level != "none" or not sends_over_smtp(ctx.config):
            return  # outbound TLS is on, or no mail leaves through an SMTP client at all
        receives = receives_mail(ctx.config)
        name = server.source.name
        if receives:
            message = (
                f"{name} enables TLS for inbound mail only; outbound mail is still sent "
                "without TLS: set smtp_tls_security_level = may too"
            )
        else:
            message = (
                f"{name} configures the SMTP server, but this host does not receive "
                "mail: you probably meant smtp_tls_security_level (outbound)"
            )
        file, span = ctx.where(server.source)
        yield ctx.diagnostic(file, span, message)
