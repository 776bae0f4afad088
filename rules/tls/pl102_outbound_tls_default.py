"""PL102: outbound TLS works only because of the default introduced in Postfix 3.11."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    FixAvailability,
    Rule,
    Severity,
    Span,
    fix_policy,
    relayhost_is_loopback,
)


class OutboundTlsByDefault(Rule):
    """Outbound TLS relies on the default that changed in Postfix 3.11.

    ## What it does
    Reports a config that never sets `smtp_tls_security_level` (nor the legacy
    `smtp_use_tls`/`smtp_enforce_tls`) and gets `may` only from the 3.11 default with
    `compatibility_level >= 3.11`.

    ## Why it matters
    The same file on an older Postfix, or with a lower `compatibility_level`, sends mail
    without TLS. Configs are copied between hosts and distributions; say what you mean.

    ## Example
    ```
    compatibility_level = 3.11
    ```

    ## Use instead
    ```
    compatibility_level = 3.11
    smtp_tls_security_level = may
    ```

    ## Fix safety
    Safe: it adds `smtp_tls_security_level = may`, the value Postfix already uses, where the
    level is unset.

    ## References
    - Postfix 3.11 release notes; COMPATIBILITY_README
    """

    code = "PL102"
    name = "outbound-tls-by-default"
    family = "tls"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    min_version = "3.11"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or relayhost_is_loopback(ctx.config):
            return
        level = ctx.tls_level("smtp", None)
        if level.legacy or level.level != "may" or not level.source.is_default:
            return
        fix = fix_policy.setting_fix(ctx.main, None, "smtp_tls_security_level", "may")
        yield ctx.diagnostic(
            ctx.main,
            Span(0, 0),
            "outbound TLS comes only from the Postfix 3.11 default (compatibility_level >= "
            "3.11); set smtp_tls_security_level = may so older releases encrypt too",
            fix=fix,
        )
