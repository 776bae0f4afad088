"""PL616: rate and size limits switched off on an Internet-facing server."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

LIMITS = ("message_size_limit", "smtpd_client_connection_count_limit")


class NoAbuseLimits(Rule):
    """An MX with an unlimited message size or unlimited connections per client.

    ## What it does
    On an MX, reports `message_size_limit = 0` and
    `smtpd_client_connection_count_limit = 0` set in main.cf.

    ## Why it matters
    One client can fill the disk or take every smtpd process.

    ## Example
    ```
    message_size_limit = 0
    ```

    ## Use instead
    ```
    message_size_limit = 52428800
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - TUNING_README; ComplianceAsCode postfix_server_dos
    """

    code = "PL616"
    name = "no-abuse-limits"
    family = "relay"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.role != "mx":
            return
        for name in LIMITS:
            value = ctx.effective(name)
            if not value.is_default and value.value.strip() == "0":
                file, span = ctx.where(value)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{name} = 0 removes the limit on an Internet-facing server; set a limit",
                )
