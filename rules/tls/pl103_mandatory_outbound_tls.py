"""PL103: mandatory TLS for all Internet delivery defers mail to servers without TLS."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import MANDATORY_CLIENT_LEVELS, Context, Diagnostic, Rule, Severity


class MandatoryOutboundTls(Rule):
    """Mandatory TLS is the default for delivery to the whole Internet.

    ## What it does
    Reports a global client level of `encrypt`, `verify`, `secure`, `fingerprint` or
    `dane-only` (or `smtp_enforce_tls = yes`) when mail goes straight to recipients' MX hosts
    (`relayhost` empty).

    ## Why it matters
    Many receiving servers still offer no STARTTLS; mail to them is deferred and finally
    bounced. Mandatory TLS belongs in `smtp_tls_policy_maps` for the destinations that need
    it, or on a relay you control.

    ## Example
    ```
    smtp_tls_security_level = encrypt
    ```

    ## Use instead
    ```
    smtp_tls_security_level = may
    smtp_tls_policy_maps = hash:/etc/postfix/tls_policy
    ```

    ## Fix safety
    No automatic fix: which destinations need mandatory TLS is a policy decision.

    ## References
    - TLS_README "Mandatory TLS encryption"; RFC 3207 section 4
    """

    code = "PL103"
    name = "mandatory-outbound-tls"
    family = "tls"
    severity = Severity.WARNING
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.config.effective("relayhost").value.strip():
            return
        level = ctx.tls_level("smtp", None)
        if level.level in MANDATORY_CLIENT_LEVELS and not level.source.is_default:
            file, span = ctx.where(level.source)
            yield ctx.diagnostic(
                file,
                span,
                f"smtp client TLS level '{level.level}' applies to every destination: mail to "
                "servers without TLS is deferred; use may and list strict destinations in "
                "smtp_tls_policy_maps",
            )
