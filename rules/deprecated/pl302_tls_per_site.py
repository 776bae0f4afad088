"""PL302: the deprecated *_tls_per_site table."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

PER_SITE = ("smtp_tls_per_site", "lmtp_tls_per_site", "tlsproxy_client_per_site")


class TlsPerSite(Rule):
    """`smtp_tls_per_site` (and its lmtp/tlsproxy twins) is deprecated.

    ## What it does
    Reports the per-site TLS tables in main.cf and master.cf.

    ## Why it matters
    They predate `*_tls_policy_maps`, mix poorly with security levels, and postconf warns
    "will be removed" since 3.9. The table format differs, so converting needs a person.

    ## Example
    ```
    smtp_tls_per_site = hash:/etc/postfix/tls_per_site
    ```

    ## Use instead
    ```
    smtp_tls_policy_maps = hash:/etc/postfix/tls_policy
    ```

    ## Fix safety
    No automatic fix: the table has to be rewritten.

    ## References
    - DEPRECATION_README; TLS_README "TLS policy table"
    """

    code = "PL302"
    name = "tls-per-site"
    family = "deprecated"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(PER_SITE):
            replacement = setting.name.replace("per_site", "policy_maps")
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is deprecated; move the entries to "
                f"{replacement} (different table format)",
                service=setting.service,
            )
