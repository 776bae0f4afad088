"""PL705: when the signing milter fails, mail goes out unsigned."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

# Compiled on first use (re keeps it): only asked when failed milters accept mail.
SIGNER = r"(?i)opendkim|dkim|rspamd|8891|11332"


class MilterFailureAccepts(Rule):
    """`milter_default_action = accept` with a signing milter.

    ## What it does
    Reports `milter_default_action = accept` when a milter looks like a DKIM signer.

    ## Why it matters
    If the signer is down or slow, Postfix accepts and delivers mail unsigned, which then
    fails DMARC; `tempfail` keeps it until the signer is back.

    ## Example
    ```
    smtpd_milters = inet:127.0.0.1:8891
    milter_default_action = accept
    ```

    ## Use instead
    ```
    milter_default_action = tempfail
    ```

    ## Fix safety
    No automatic fix: tempfail delays mail while the milter is down.

    ## References
    - MILTER_README "Milter error handling"; postconf(5) milter_default_action
    """

    code = "PL705"
    name = "milter-failure-accepts"
    family = "sender"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        action = ctx.effective("milter_default_action")
        if action.value.strip() != "accept" or action.is_default:
            return
        milters = ctx.effective("smtpd_milters").value + ctx.effective("non_smtpd_milters").value
        if re.search(SIGNER, milters):
            file, span = ctx.where(action)
            yield ctx.diagnostic(
                file,
                span,
                "when the signing milter fails, mail is delivered "
                "unsigned; use milter_default_action = tempfail",
            )
