"""PL205: client SASL enabled without a password map."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, yes


class ClientSaslWithoutCredentials(Rule):
    """`smtp_sasl_auth_enable = yes` but `smtp_sasl_password_maps` is empty.

    ## What it does
    Reports SMTP client transports that enable SASL but have no password map.

    ## Why it matters
    With no credentials the client never authenticates, and the relay rejects the mail
    ("530 5.7.0 Authentication required"); mail piles up in the queue.

    ## Example
    ```
    smtp_sasl_auth_enable = yes
    ```

    ## Use instead
    ```
    smtp_sasl_auth_enable = yes
    smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - SASL_README "Configuring the Postfix SMTP/LMTP client"
    """

    code = "PL205"
    name = "client-sasl-without-credentials"
    family = "client-server"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        seen_main = False
        for role in ctx.roles("client"):
            enabled = ctx.effective("smtp_sasl_auth_enable", role.service)
            if not yes(enabled.value):
                continue
            if ctx.effective("smtp_sasl_password_maps", role.service).value.strip():
                continue
            if enabled.source != "override":
                if seen_main:
                    continue
                seen_main = True
            file, span = ctx.where(enabled)
            yield ctx.diagnostic(
                file,
                span,
                f"SMTP client SASL is on for {role.label} but "
                "smtp_sasl_password_maps is empty, so it has no credentials; "
                "set smtp_sasl_password_maps",
                service=role.service,
            )
