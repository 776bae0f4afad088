"""PL608: the VRFY command lets anyone probe which addresses exist."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Span,
    edits,
)
from postlint.postfix.services import yes


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
    Safe: no legitimate mail depends on VRFY.

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
        edit = edits.set_parameter(ctx.main, value.definition, "disable_vrfy_command", "yes")
        file, span = ctx.where(value) if value.definition else (ctx.main, Span(0, 0))
        yield ctx.diagnostic(
            file,
            span,
            "the SMTP server answers VRFY, which reveals which "
            "addresses exist; set disable_vrfy_command = yes",
            fix=Fix(
                "Set disable_vrfy_command = yes",
                (edit,),
                Applicability.SAFE,
                (("disable_vrfy_command", "yes"),),
            ),
        )
