"""PL110: Postfix's built-in cipher lists are overridden."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

CIPHERLISTS = (
    "tls_high_cipherlist",
    "tls_medium_cipherlist",
    "tls_low_cipherlist",
    "tls_export_cipherlist",
    "tls_null_cipherlist",
)


class CipherlistOverridden(Rule):
    """A built-in OpenSSL cipher list (`tls_*_cipherlist`) is replaced.

    ## What it does
    Reports main.cf settings of `tls_high_cipherlist`, `tls_medium_cipherlist`,
    `tls_low_cipherlist`, `tls_export_cipherlist` and `tls_null_cipherlist`.

    ## Why it matters
    Postfix's documentation strongly discourages changing them: hand-made lists age badly,
    break interoperability with other MTAs, and are easy to get wrong. Choose a grade with
    `*_tls_ciphers` and exclude what you must with `*_tls_exclude_ciphers`.

    ## Example
    ```
    tls_high_cipherlist = ECDHE-RSA-AES256-GCM-SHA384:...
    ```

    ## Use instead
    ```
    smtpd_tls_mandatory_ciphers = high
    smtpd_tls_exclude_ciphers = aNULL, MD5
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) tls_high_cipherlist ("you are strongly encouraged to not change this")
    """

    code = "PL110"
    name = "cipherlist-overridden"
    family = "tls"
    severity = Severity.INFO
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        for param in ctx.main.parameters():
            if param.name in CIPHERLISTS:
                yield ctx.diagnostic(
                    ctx.main,
                    param.span_without_newline,
                    f"{param.name} replaces Postfix's tuned cipher list; prefer "
                    "*_tls_ciphers and *_tls_exclude_ciphers",
                )
