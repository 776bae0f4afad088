"""PL204: server SASL settings where smarthost (client) authentication was meant."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, yes

CLIENT_TWINS = ("password_maps", "security_options", "tls_security_options", "mechanism_filter")


class ServerSaslForSmarthost(Rule):
    """A relayhost is set and `smtpd_sasl_*` is configured, but the client does not log in.

    ## What it does
    Reports main.cf `smtpd_sasl_*` settings whose `smtp_sasl_*` twin is what smarthost
    authentication needs, while `relayhost` is set and `smtp_sasl_auth_enable` is not `yes`.

    ## Why it matters
    Logging in to a provider's relay is the SMTP client's job (`smtp_sasl_*`); the server
    settings only let others log in to you. The relay answers "530 Authentication required".

    ## Example
    ```
    relayhost = [smtp.example.net]:587
    smtpd_sasl_auth_enable = yes
    smtpd_sasl_security_options = noanonymous
    ```

    ## Use instead
    ```
    relayhost = [smtp.example.net]:587
    smtp_sasl_auth_enable = yes
    smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
    smtp_sasl_security_options = noanonymous
    ```

    ## Fix safety
    No automatic fix: the credentials file is yours to create.

    ## References
    - SASL_README "Enabling SASL authentication in the Postfix SMTP/LMTP client"
    """

    code = "PL204"
    name = "server-sasl-for-smarthost"
    family = "client-server"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or not ctx.effective("relayhost").value.strip():
            return
        if yes(ctx.effective("smtp_sasl_auth_enable").value):
            return
        for param in ctx.main.parameters():
            if not param.name.startswith("smtpd_sasl_"):
                continue
            suffix = param.name[len("smtpd_sasl_") :]
            if suffix not in CLIENT_TWINS:
                continue
            twin = "smtp_sasl_" + suffix
            if twin in ctx.config.definitions:
                continue
            yield ctx.diagnostic(
                ctx.main,
                param.span_without_newline,
                f"{param.name} configures logins to this server; to log in to "
                f"the relayhost set smtp_sasl_auth_enable = yes and {twin}",
            )
