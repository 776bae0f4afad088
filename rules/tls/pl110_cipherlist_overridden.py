"""PL110: Postfix's built-in cipher lists are overridden."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Version

CIPHERLISTS = (
    "tls_high_cipherlist",
    "tls_medium_cipherlist",
    "tls_low_cipherlist",
    "tls_export_cipherlist",
    "tls_null_cipherlist",
)

# Since 3.8 the low and export grades mean medium, so these lists are never used: they
# replace nothing, and PL310 reports them as ignored.
UNUSED_SINCE_3_8 = ("tls_low_cipherlist", "tls_export_cipherlist")


class CipherlistOverridden(Rule):
    """A built-in OpenSSL cipher list (`tls_*_cipherlist`) is replaced.

    ## What it does
    Reports settings of `tls_high_cipherlist`, `tls_medium_cipherlist`,
    `tls_low_cipherlist`, `tls_export_cipherlist` and `tls_null_cipherlist`, in main.cf and
    in master.cf `-o` (which replaces the list for that service). From Postfix
    3.8 on, the low and export lists are left to PL310: that release ignores them.

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
        unused = UNUSED_SINCE_3_8 if ctx.version >= Version(3, 8) else ()
        # Every TLS process reads these lists itself, so an -o on a service replaces the
        # list for that service just as a main.cf line does for all.
        wanted = [name for name in CIPHERLISTS if name not in unused]
        for setting in ctx.settings(wanted, only_read=True):
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} replaces Postfix's tuned cipher list; prefer "
                "*_tls_ciphers and *_tls_exclude_ciphers",
                service=setting.service,
            )
