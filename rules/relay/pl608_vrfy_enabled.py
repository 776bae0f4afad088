"""PL608: the VRFY command lets anyone probe which addresses exist."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, FixAvailability, Rule, Severity, yes


class VrfyEnabled(Rule):
    """An MX answers VRFY (`disable_vrfy_command = no`, the default).

    ## What it does
    On an MX, reports `disable_vrfy_command` not set to `yes`.

    ## Why it matters
    VRFY tells anyone whether an address exists, which helps address harvesting.

    ## Example
    ```
    # disable_vrfy_command not set
    ```

    ## Use instead
    ```
    disable_vrfy_command = yes
    ```

    ## Fix safety
    Safe when `disable_vrfy_command` is unset: no mail depends on VRFY. Unsafe when you wrote
    `no` (an address-verification setup may rely on it): the fix then changes your value.

    ## References
    - postconf(5) disable_vrfy_command; RFC 2505
    """

    code = "PL608"
    name = "vrfy-enabled"
    family = "relay"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.role != "mx":
            return
        value = ctx.effective("disable_vrfy_command")
        if yes(value.value):
            return
        file, span, fix = ctx.set_parameter("disable_vrfy_command", "yes")
        yield ctx.diagnostic(
            file,
            span,
            "the SMTP server answers VRFY, which reveals which "
            "addresses exist; set disable_vrfy_command = yes",
            fix=fix,
        )
