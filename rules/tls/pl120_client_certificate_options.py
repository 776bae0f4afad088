"""PL120: client-certificate options that cannot take effect."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, yes

CERT_PARAMETERS = (
    "smtpd_tls_cert_file",
    "smtpd_tls_eccert_file",
    "smtpd_tls_dcert_file",
    "smtpd_tls_chain_files",
)


class ClientCertificateOptions(Rule):
    """`smtpd_tls_req_ccert` without mandatory TLS, or `smtpd_tls_ask_ccert` without TLS.

    ## What it does
    Reports services where `smtpd_tls_req_ccert = yes` but the level is not `encrypt`
    (Postfix ignores the requirement), or `smtpd_tls_ask_ccert = yes` while the server has no
    certificate or no TLS at all.

    ## Why it matters
    The setting suggests client certificates are checked when they are not.

    ## Example
    ```
    smtpd_tls_security_level = may
    smtpd_tls_req_ccert = yes
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = encrypt
    smtpd_tls_req_ccert = yes
    ```
    (on a dedicated service, not on port 25)

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) smtpd_tls_req_ccert, smtpd_tls_ask_ccert
    """

    code = "PL120"
    name = "client-certificate-options"
    family = "tls"
    severity = Severity.WARNING
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for role in ctx.roles("server"):
            level = ctx.tls_level("smtpd", role.service).level
            req = ctx.effective("smtpd_tls_req_ccert", role.service)
            if yes(req.value) and not req.is_default and level != "encrypt":
                file, span = ctx.where(req)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"smtpd_tls_req_ccert has no effect on {role.label} because "
                    "TLS is not mandatory there (level "
                    f"{level}); use encrypt or remove it",
                    service=role.service,
                )
            ask = ctx.effective("smtpd_tls_ask_ccert", role.service)
            has_cert = any(
                ctx.effective(n, role.service).value.strip()
                for n in CERT_PARAMETERS
                if n in ctx.config.builtin_names
            )
            if yes(ask.value) and not ask.is_default and (level == "none" or not has_cert):
                file, span = ctx.where(ask)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"smtpd_tls_ask_ccert cannot work on {role.label} without "
                    "server TLS and a certificate",
                    service=role.service,
                )
