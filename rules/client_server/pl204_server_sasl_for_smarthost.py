"""PL204: server SASL settings where smarthost (client) authentication was meant."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Role, Rule, Severity, yes

CLIENT_TWINS = ("password_maps", "security_options", "tls_security_options", "mechanism_filter")


class ServerSaslForSmarthost(Rule):
    """A relayhost is set and `smtpd_sasl_*` is configured, but the client does not log in.

    ## What it does
    Reports main.cf `smtpd_sasl_*` settings whose `smtp_sasl_*` twin is what smarthost
    authentication needs and is set nowhere, while `relayhost` is set (in main.cf or an
    `-o` of trivial-rewrite, which picks the next hop; an `-o relayhost` on an smtp
    transport routes nothing) and no smtp transport has `smtp_sasl_auth_enable = yes`.
    An `-o smtpd_sasl_*` configures that SMTP server (submission's logins) and is not
    reported.

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
        if ctx.main is None:
            return
        # relayhost is trivial-rewrite's: it picks the next hop, so only main.cf or an -o on
        # that service sets it (the smtp client merely compares a failing site with it).
        # smtp_sasl_auth_enable is each smtp transport's: one that logs in shows smarthost
        # authentication is in place.
        master = ctx.master
        rewriters = (
            [s for s in master.services() if s.program == "trivial-rewrite"] if master else []
        )
        if not any(ctx.effective("relayhost", s).value.strip() for s in rewriters or [None]):
            return
        clients = ctx.roles("client") or [Role(None, "client")]
        if any(yes(ctx.effective("smtp_sasl_auth_enable", r.service).value) for r in clients):
            return
        # Server settings in an -o belong to that smtpd (submission's own SASL): only
        # main.cf lines may have been meant for the client.
        for param in ctx.main.parameters():
            if not param.name.startswith("smtpd_sasl_"):
                continue
            suffix = param.name[len("smtpd_sasl_") :]
            if suffix not in CLIENT_TWINS:
                continue
            twin = "smtp_sasl_" + suffix
            if next(iter(ctx.settings((twin,), only_read=True)), None) is not None:
                continue
            yield ctx.diagnostic(
                ctx.main,
                param.span_without_newline,
                f"{param.name} configures logins to this server; to log in to "
                f"the relayhost set smtp_sasl_auth_enable = yes and {twin}",
            )
