"""PL208: a client certificate is set where the server certificate was meant."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, split_list

SERVER_CERTS = (
    "smtpd_tls_cert_file",
    "smtpd_tls_eccert_file",
    "smtpd_tls_dcert_file",
    "smtpd_tls_chain_files",
)


CLIENT_CERTS = ("smtp_tls_cert_file", "smtp_tls_chain_files")


class ClientCertificateForServer(Rule):
    """A client certificate that is really the server's certificate.

    ## What it does
    Reports `smtp_tls_cert_file` or `smtp_tls_key_file` (the client's certificate, rarely
    needed) in two cases: no server certificate is configured while `smtpd` offers TLS
    (the file was meant for the server), or the client's certificate is the very file
    the server presents (`smtpd_tls_cert_file`, `smtpd_tls_chain_files` ...).

    ## Why it matters
    In the first case STARTTLS fails for every client with "TLS not available due to local
    problem". In the second, the SMTP client shows the server's certificate to every
    remote server that asks for one. Postfix advises against client certificates unless a
    server you relay to requires them: a server certificate need not be valid for client
    authentication (public CAs have stopped issuing them for that purpose), and a remote
    server that checks it ends the TLS handshake, so mail is deferred or sent in clear
    text.

    ## Example
    ```
    smtpd_tls_security_level = may
    smtp_tls_cert_file = /etc/ssl/certs/mail.pem
    smtp_tls_key_file = /etc/ssl/private/mail.key
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    smtpd_tls_cert_file = /etc/ssl/certs/mail.pem
    smtpd_tls_key_file = /etc/ssl/private/mail.key
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - TLS_README "Server-side certificate and private key configuration"
    - postconf(5) smtp_tls_cert_file: configure client certificates only when a server
      requires them
    - NixOS/nixpkgs issue 88817 (the server certificate also used as client certificate)
    """

    code = "PL208"
    name = "client-certificate-for-server"
    family = "client-server"
    severity = Severity.WARNING
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        server_files = {
            file
            for name in SERVER_CERTS
            if name in ctx.config.builtin_names
            for file in split_list(ctx.expanded(ctx.effective(name).value))
        }
        if server_files:
            yield from self._server_certificate_reused(ctx, server_files)
        elif ctx.tls_level("smtpd", None).level != "none":
            yield from self._meant_for_server(ctx)

    def _meant_for_server(self, ctx: Context) -> Iterator[Diagnostic]:
        for name in ("smtp_tls_cert_file", "smtp_tls_key_file"):
            definition = ctx.config.definition(name)
            if definition is not None and definition.value.strip():
                twin = "smtpd_" + name[len("smtp_") :]
                yield ctx.diagnostic(
                    ctx.main,
                    definition.span_without_newline,
                    f"{name} is the client's certificate, and the server has "
                    f"none; you probably meant {twin}",
                )

    def _server_certificate_reused(self, ctx: Context, server: set[str]) -> Iterator[Diagnostic]:
        for name in CLIENT_CERTS:
            definition = ctx.config.definition(name)
            if definition is None or name not in ctx.config.builtin_names:
                continue
            shared = [f for f in split_list(ctx.expanded(definition.value)) if f in server]
            if shared:
                yield ctx.diagnostic(
                    ctx.main,
                    definition.span_without_newline,
                    f"{name} uses the server's own file {shared[0]}, so the SMTP client "
                    "presents the server's certificate to every server that asks for a client "
                    "certificate; unless a server you relay to requires one, delete the "
                    "smtp_tls_* certificate and key settings",
                )
