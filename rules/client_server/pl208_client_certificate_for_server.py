"""PL208: a client certificate is set where the server certificate was meant."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

SERVER_CERTS = (
    "smtpd_tls_cert_file",
    "smtpd_tls_eccert_file",
    "smtpd_tls_dcert_file",
    "smtpd_tls_chain_files",
)


class ClientCertificateForServer(Rule):
    """`smtp_tls_cert_file` is set, the server has no certificate, and inbound TLS is on.

    ## What it does
    Reports `smtp_tls_cert_file` or `smtp_tls_key_file` (the client's certificate, rarely
    needed) when no server certificate is configured while `smtpd` offers TLS.

    ## Why it matters
    The certificate was meant for the server: STARTTLS fails for every client with "TLS not
    available due to local problem".

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
    """

    code = "PL208"
    name = "client-certificate-for-server"
    family = "client-server"
    severity = Severity.WARNING
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.tls_level("smtpd", None).level == "none":
            return
        if any(
            ctx.effective(n).value.strip() for n in SERVER_CERTS if n in ctx.config.builtin_names
        ):
            return
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
