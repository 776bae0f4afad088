"""PL112: certificate verification with no CA to verify against."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity


class VerifyWithoutTrustAnchors(Rule):
    """Client level `verify` or `secure` without `smtp_tls_CAfile` or `smtp_tls_CApath`.

    ## What it does
    Reports SMTP client transports whose level is `verify` or `secure` while both CA
    settings are empty.

    ## Why it matters
    No server certificate can be verified, so every delivery is deferred ("Server
    certificate not verified"). `tls_append_default_CA` does not help without a CA setting.

    ## Example
    ```
    smtp_tls_security_level = secure
    ```

    ## Use instead
    ```
    smtp_tls_security_level = secure
    smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt
    ```

    ## Fix safety
    No automatic fix: the CA bundle path depends on the system.

    ## References
    - TLS_README "Server certificate verification depth"; postconf(5) smtp_tls_CAfile
    """

    code = "PL112"
    name = "verify-without-trust-anchors"
    family = "tls"
    severity = Severity.ERROR
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for role in ctx.roles("client"):
            level = ctx.tls_level("smtp", role.service)
            if level.level not in ("verify", "secure"):
                continue
            if (
                ctx.effective("smtp_tls_CAfile", role.service).value.strip()
                or ctx.effective("smtp_tls_CApath", role.service).value.strip()
            ):
                continue
            file, span = ctx.where(level.source)
            yield ctx.diagnostic(
                file,
                span,
                f"TLS level {level.level} needs trusted CAs, but smtp_tls_CAfile "
                "and smtp_tls_CApath are empty, so every delivery is deferred; "
                "set smtp_tls_CAfile",
                service=role.service,
            )
