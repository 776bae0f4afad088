"""PL116: legacy certificate parameters next to smtpd_tls_chain_files, which wins."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Tag

LEGACY = (
    "smtpd_tls_cert_file",
    "smtpd_tls_key_file",
    "smtpd_tls_eccert_file",
    "smtpd_tls_eckey_file",
    "smtpd_tls_dcert_file",
    "smtpd_tls_dkey_file",
)


class LegacyCertificatesWithChainFiles(Rule):
    """`smtpd_tls_chain_files` is set, so the older certificate settings are ignored.

    ## What it does
    Reports `smtpd_tls_cert_file`, `_key_file`, `_eccert_file`, `_eckey_file`,
    `_dcert_file` and `_dkey_file` set in main.cf next to a non-empty
    `smtpd_tls_chain_files`.

    ## Why it matters
    When `smtpd_tls_chain_files` is set, Postfix ignores the legacy settings; renewing the
    certificate they name changes nothing, which confuses the next admin.

    ## Example
    ```
    smtpd_tls_chain_files = /etc/ssl/private/mail.pem
    smtpd_tls_cert_file = /etc/ssl/certs/old.pem
    ```

    ## Use instead
    Keep only `smtpd_tls_chain_files`.

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) smtpd_tls_chain_files (Postfix 3.4+)
    """

    code = "PL116"
    name = "legacy-certificates-with-chain-files"
    family = "tls"
    tags = frozenset({Tag.UNNECESSARY})  # the setting does nothing
    severity = Severity.INFO
    min_version = "3.4"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or not ctx.effective("smtpd_tls_chain_files").value.strip():
            return
        for param in ctx.main.parameters():
            if param.name in LEGACY and param.value.strip():
                yield ctx.diagnostic(
                    ctx.main,
                    param.span_without_newline,
                    f"{param.name} is ignored because smtpd_tls_chain_files is set; remove it",
                )
