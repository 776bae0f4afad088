"""PL303: disable_dns_lookups, replaced by smtp_dns_support_level."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
)
from postlint.postfix.services import yes


class DisableDnsLookups(Rule):
    """`disable_dns_lookups` is deprecated.

    ## What it does
    Reports `disable_dns_lookups` in main.cf (the target release must know
    `smtp_dns_support_level`, Postfix 2.11+).

    ## Why it matters
    Deprecated since 2.11, warned about since 3.9; `smtp_dns_support_level` says the same
    and more (`dnssec` for DANE).

    ## Example
    ```
    disable_dns_lookups = yes
    ```

    ## Use instead
    ```
    smtp_dns_support_level = disabled
    ```

    ## Fix safety
    Safe: `yes` becomes `smtp_dns_support_level = disabled`; `no` (the default) is deleted.
    When `smtp_dns_support_level` is already set, it wins and the old line is deleted.

    ## References
    - DEPRECATION_README; postconf(5) smtp_dns_support_level
    """

    code = "PL303"
    name = "disable-dns-lookups"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    min_version = "2.11"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        main = ctx.main
        if main is None:
            return
        for param in ctx.config.definitions.get("disable_dns_lookups", []):
            level_set = ctx.config.definition("smtp_dns_support_level")
            if yes(param.value) and level_set is None:
                fix = Fix(
                    "Replace with smtp_dns_support_level = disabled",
                    (
                        Edit(
                            main.kind,
                            param.name_span.start,
                            param.value_span.end,
                            "smtp_dns_support_level = disabled",
                        ),
                    ),
                    Applicability.SAFE,
                    (("smtp_dns_support_level", "disabled"), ("disable_dns_lookups", None)),
                )
            else:
                fix = Fix(
                    "Delete disable_dns_lookups",
                    (edits.delete_entry(main, param),),
                    Applicability.SAFE,
                    (("disable_dns_lookups", None),),
                )
            yield ctx.diagnostic(
                main,
                param.span_without_newline,
                "disable_dns_lookups is deprecated; use smtp_dns_support_level"
                + (" = disabled" if yes(param.value) else ""),
                fix=fix,
            )
