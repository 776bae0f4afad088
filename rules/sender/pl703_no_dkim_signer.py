"""PL703: a host that sends straight to recipients' MX hosts without a DKIM signer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Span, sends_over_smtp

SIGNER = re.compile(r"opendkim|dkim|rspamd|8891|11332|amavis|10024", re.I)


class NoDkimSigner(Rule):
    """No DKIM signer is configured on a host that delivers directly.

    ## What it does
    When `relayhost` is empty (direct delivery) and neither `smtpd_milters`,
    `non_smtpd_milters` nor `content_filter` names a signer (OpenDKIM, rspamd, dkimpy,
    amavis), reports it once. A host whose mail never leaves through an SMTP client
    (`default_transport = error` and `relay_transport = error`) is left alone.

    ## Why it matters
    Gmail, Yahoo and Microsoft require DKIM (and DMARC alignment) from bulk senders and
    increasingly from everyone; unsigned mail lands in spam or is rejected.

    ## Example
    ```
    relayhost =
    ```

    ## Use instead
    ```
    smtpd_milters = inet:127.0.0.1:8891
    non_smtpd_milters = $smtpd_milters
    ```

    ## Fix safety
    No automatic fix: a signer has to be installed.

    ## References
    - Gmail email sender guidelines; Yahoo sender requirements; MILTER_README
    """

    code = "PL703"
    name = "no-dkim-signer"
    family = "sender"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.effective("relayhost").value.strip():
            return
        for name in ("smtpd_milters", "non_smtpd_milters", "content_filter"):
            if SIGNER.search(ctx.effective(name).value):
                return
        if not sends_over_smtp(ctx.config):
            return
        yield ctx.diagnostic(
            ctx.main,
            Span(0, 0),
            "mail goes straight to recipients' servers "
            "but no DKIM signer (milter or content filter) is configured; "
            "receivers like Gmail expect DKIM; add a signing milter (OpenDKIM, rspamd) to "
            "smtpd_milters and non_smtpd_milters",
        )
