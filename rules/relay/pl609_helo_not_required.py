"""PL609: the MX does not require HELO/EHLO."""

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
    yes,
)


class HeloNotRequired(Rule):
    """An MX accepts mail from clients that never say HELO/EHLO.

    ## What it does
    On an MX, reports `smtpd_helo_required` not set to `yes`.

    ## Why it matters
    Real mail servers always greet; many spam tools do not. Requiring HELO also makes HELO
    restrictions effective.

    ## Example
    ```
    # smtpd_helo_required not set
    ```

    ## Use instead
    ```
    smtpd_helo_required = yes
    ```

    ## Fix safety
    Unsafe: a broken client that skips HELO will be refused.

    ## References
    - postconf(5) smtpd_helo_required
    """

    code = "PL609"
    name = "helo-not-required"
    family = "relay"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.role != "mx":
            return
        value = ctx.effective("smtpd_helo_required")
        if yes(value.value):
            return
        edit = edits.set_parameter(ctx.main, value.definition, "smtpd_helo_required", "yes")
        file, span = ctx.where(value) if value.definition else (ctx.main, Span(0, 0))
        yield ctx.diagnostic(
            file,
            span,
            "clients may send mail without HELO/EHLO; set smtpd_helo_required = yes",
            fix=Fix(
                "Set smtpd_helo_required = yes",
                (edit,),
                Applicability.UNSAFE,
                (("smtpd_helo_required", "yes"),),
            ),
        )
