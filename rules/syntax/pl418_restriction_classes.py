"""PL418: restriction classes that are undefined or never used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import Context, Diagnostic, Rule, Severity, restriction_items, token_spans


class RestrictionClasses(Rule):
    """A name in `smtpd_restriction_classes` has no definition, or is never used.

    ## What it does
    Reports each class listed in `smtpd_restriction_classes` that main.cf does not define,
    and each defined class that no restriction list (or access table, which postlint cannot
    read) mentions.

    ## Why it matters
    An undefined class is fatal in the SMTP server ("restriction class `X' needs a
    definition"); an unused one is dead configuration.

    ## Example
    ```
    smtpd_restriction_classes = strict
    ```

    ## Use instead
    ```
    smtpd_restriction_classes = strict
    strict = reject_unverified_sender
    smtpd_recipient_restrictions = check_recipient_access hash:/etc/postfix/classes, ...
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - RESTRICTION_CLASS_README
    """

    code = "PL418"
    name = "restriction-classes"
    family = "syntax"
    severity = Severity.WARNING
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "a class without a definition, which stops the SMTP server"
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        param = ctx.config.definition("smtpd_restriction_classes")
        if param is None or ctx.main is None:
            return
        used = {item.name for item in restriction_items(ctx.config)}
        tables = any(":" in name for name in used)
        for token, start, end in token_spans(param.value):
            if token not in ctx.config.main_values:
                yield ctx.diagnostic(
                    ctx.main,
                    param.value_subspan(start, end),
                    f"restriction class {token} has no definition, so the SMTP "
                    f"server stops; define {token} = ... in main.cf",
                    severity=Severity.ERROR,
                )
            elif token not in used and not tables:
                yield ctx.diagnostic(
                    ctx.main,
                    param.value_subspan(start, end),
                    f"restriction class {token} is never used; remove it or "
                    "reference it from an access table or restriction list",
                )
