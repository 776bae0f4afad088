"""PL613: authenticated users may send as any address."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    Rule,
    Severity,
    is_server,
    is_smtps,
    is_submission,
    yes,
)

MISMATCH = (
    "reject_sender_login_mismatch",
    "reject_authenticated_sender_login_mismatch",
    "reject_known_sender_login_mismatch",
)
LISTS = (
    "smtpd_sender_restrictions",
    "smtpd_recipient_restrictions",
    "smtpd_relay_restrictions",
    "smtpd_client_restrictions",
)


class SenderImpersonation(Rule):
    """A submission service does not tie the sender address to the login.

    ## What it does
    For submission services (587/465) with SASL on, reports the absence of
    `smtpd_sender_login_maps` together with a `reject_*sender_login_mismatch` restriction.

    ## Why it matters
    Any user (or a stolen password) can send as the CEO or as any customer domain you host;
    DMARC then passes for forged mail.

    ## Example
    ```
    submission inet n - n - - smtpd
      -o smtpd_sasl_auth_enable=yes
    ```

    ## Use instead
    ```
    smtpd_sender_login_maps = hash:/etc/postfix/sender_logins
      -o smtpd_sender_restrictions=reject_sender_login_mismatch
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) smtpd_sender_login_maps, reject_sender_login_mismatch
    """

    code = "PL613"
    name = "sender-impersonation"
    family = "relay"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for svc in ctx.config.services:
            if not (is_server(svc) and (is_submission(svc) or is_smtps(svc))):
                continue
            if not yes(ctx.effective("smtpd_sasl_auth_enable", svc).value):
                continue
            maps = ctx.effective("smtpd_sender_login_maps", svc).value.strip()
            checks = any(
                m in ctx.expanded(ctx.effective(n, svc).value, svc) for n in LISTS for m in MISMATCH
            )
            if maps and checks:
                continue
            yield ctx.diagnostic(
                master,
                svc.fields[0].span,
                f"{svc.key}: authenticated users may send as any address; set "
                "smtpd_sender_login_maps and reject_sender_login_mismatch",
                service=svc,
            )
