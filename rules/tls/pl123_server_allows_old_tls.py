"""PL123: the SMTP server's protocol list is written to allow TLS 1.0 and 1.1 again."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.tls.protocols import (
    OLD_TLS,
    floor_value,
    included,
    range_fix,
    spelled_for,
    turned_off,
)

from postlint.api import Context, Diagnostic, FixAvailability, Rule, Severity, enabled_protocols

# Only the opportunistic server list: the mandatory one is PL108's (levels that require TLS).
SERVER_LISTS = ("smtpd_tls_protocols",)


class ServerAllowsOldTls(Rule):
    """An explicit `smtpd_tls_protocols` allows TLS 1.0 or 1.1.

    ## What it does
    Reports an `smtpd_tls_protocols` written in main.cf or master.cf `-o` that leaves TLSv1
    or TLSv1.1 enabled: `>=TLSv1`, or an exclusion list that stops at `!SSLv3`. The
    release default is not reported, only a value someone wrote.

    ## Why it matters
    TLS 1.0 and 1.1 are deprecated (RFC 8996), and hardening guides (Mozilla's intermediate
    profile, BSI TR-03108) turn them off for servers; writing them back in, often by copying
    an old guide, keeps downgrade-prone protocols on offer.

    ## Example
    ```
    smtpd_tls_protocols = >=TLSv1
    ```

    ## Use instead
    ```
    smtpd_tls_protocols = >=TLSv1.2
    ```

    ## Fix safety
    Unsafe: it changes an explicit protocol list; clients that only speak TLS 1.0/1.1 then
    deliver in plain text (port 25) or fail (submission). Only the floor moves: a newer
    protocol the list turns off stays off.

    ## References
    - RFC 8996; Mozilla server side TLS guidelines; postconf(5) smtpd_tls_protocols
    """

    code = "PL123"
    name = "server-allows-old-tls"
    family = "tls"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES
    min_version = "2.6"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(SERVER_LISTS, only_read=True):
            value = ctx.expanded(setting.value, setting.service)
            old = OLD_TLS & enabled_protocols(value)
            if not old or included(value):
                continue  # an inclusion list is PL121's finding
            # Only the floor moves: a newer protocol the list turns off stays off.
            better = spelled_for(
                setting, floor_value("TLSv1.2", ctx.version, turned_off(value, "TLSv1.2"))
            )
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} allows {' and '.join(sorted(old))}, which hardening guides "
                f"turn off for servers (RFC 8996); write {better}",
                service=setting.service,
                fix=range_fix(ctx, setting, better),
            )
