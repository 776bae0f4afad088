"""PL704: mail submitted with sendmail(1) bypasses the DKIM signer milter."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
)

SIGNER = re.compile(r"opendkim|dkim|rspamd|8891|11332|amavis", re.I)


class LocalMailUnsigned(Rule):
    """`smtpd_milters` has a signer but `non_smtpd_milters` is empty.

    ## What it does
    Reports a DKIM-signing milter (OpenDKIM, rspamd, dkimpy, amavis) in `smtpd_milters`
    while `non_smtpd_milters` is empty.

    ## Why it matters
    Mail from cron, web applications and the `sendmail` command does not pass through
    smtpd, so it goes out unsigned and fails DMARC at Gmail and Yahoo.

    ## Example
    ```
    smtpd_milters = inet:127.0.0.1:8891
    ```

    ## Use instead
    ```
    smtpd_milters = inet:127.0.0.1:8891
    non_smtpd_milters = $smtpd_milters
    ```

    ## Fix safety
    Unsafe: milters that reject mail without a client (some spam filters) then reject local
    mail too.

    ## References
    - MILTER_README "Non-SMTP mail"; Gmail and Yahoo sender requirements (DKIM)
    """

    code = "PL704"
    name = "local-mail-unsigned"
    family = "sender"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        milters = ctx.effective("smtpd_milters")
        if not SIGNER.search(milters.value) or ctx.effective("non_smtpd_milters").value.strip():
            return
        edit = edits.set_parameter(
            ctx.main,
            ctx.config.definition("non_smtpd_milters"),
            "non_smtpd_milters",
            "$smtpd_milters",
        )
        file, span = ctx.where(milters)
        yield ctx.diagnostic(
            file,
            span,
            "locally submitted mail (sendmail, cron, web apps) skips the "
            "signing milter because non_smtpd_milters is empty; set "
            "non_smtpd_milters = $smtpd_milters",
            fix=Fix(
                "Set non_smtpd_milters = $smtpd_milters",
                (edit,),
                Applicability.UNSAFE,
                (("non_smtpd_milters", "$smtpd_milters"),),
            ),
        )
