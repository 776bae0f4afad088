"""PL614: SASL security options that allow anonymous logins."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, split_list, yes


class AnonymousSasl(Rule):
    """`smtpd_sasl_security_options` without `noanonymous` while SASL is on.

    ## What it does
    For smtpd services with SASL enabled, reports an effective `smtpd_sasl_security_options`
    (or `smtpd_sasl_tls_security_options`) that lacks `noanonymous`.

    ## Why it matters
    With an ANONYMOUS mechanism available, "authenticated" clients need no password and may
    pass `permit_sasl_authenticated`: an open relay.

    ## Example
    ```
    smtpd_sasl_auth_enable = yes
    smtpd_sasl_security_options = noplaintext
    ```

    ## Use instead
    ```
    smtpd_sasl_security_options = noanonymous, noplaintext
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - SASL_README "Postfix SMTP server policy - SASL mechanism properties"
    """

    code = "PL614"
    name = "anonymous-sasl"
    family = "relay"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        seen = set()
        for role in ctx.roles("server"):
            if not yes(ctx.effective("smtpd_sasl_auth_enable", role.service).value):
                continue
            for name in ("smtpd_sasl_security_options", "smtpd_sasl_tls_security_options"):
                value = ctx.effective(name, role.service)
                if value.is_default or "noanonymous" in split_list(ctx.expanded(value.value)):
                    continue
                file, span = ctx.where(value)
                if (file.kind, span) in seen:
                    continue
                seen.add((file.kind, span))
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{name} lacks noanonymous, so clients may "
                    "log in without a password; add noanonymous",
                    service=role.service,
                )
