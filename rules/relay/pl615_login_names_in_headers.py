"""PL615: SASL login names written into the Received: header."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, FixAvailability, Rule, Severity, fix_policy, yes


class LoginNamesInHeaders(Rule):
    """`smtpd_sasl_authenticated_header = yes` publishes login names.

    ## What it does
    Reports `smtpd_sasl_authenticated_header = yes`.

    ## Why it matters
    Every message a user sends carries their login name to every recipient, a gift to
    password guessers.

    ## Example
    ```
    smtpd_sasl_authenticated_header = yes
    ```

    ## Use instead
    ```
    smtpd_sasl_authenticated_header = no
    ```

    ## Fix safety
    Unsafe: the fix turns a `yes` you wrote into `no` (some setups trace or filter on the
    login name in the header). Only a header line changes; no mail is refused.

    ## References
    - postconf(5) smtpd_sasl_authenticated_header
    """

    code = "PL615"
    name = "login-names-in-headers"
    family = "relay"
    severity = Severity.INFO
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        value = ctx.effective("smtpd_sasl_authenticated_header")
        if not yes(value.value) or value.is_default:
            return
        fix = None
        if value.definition is not None and ctx.main is not None:
            fix = fix_policy.setting_fix(
                ctx.main, value.definition, "smtpd_sasl_authenticated_header", "no"
            )
        file, span = ctx.where(value)
        yield ctx.diagnostic(
            file,
            span,
            "login names of authenticated users are written into "
            "the Received: header; set smtpd_sasl_authenticated_header = no",
            fix=fix,
        )
