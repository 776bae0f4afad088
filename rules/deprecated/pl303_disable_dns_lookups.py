"""PL303: disable_dns_lookups, replaced by smtp_dns_support_level."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.settings import settings

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
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
    Reports `disable_dns_lookups` in main.cf and in master.cf `-o` (the target release must
    know `smtp_dns_support_level`, Postfix 2.11+).

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
    Safe: `yes` becomes `smtp_dns_support_level = disabled` (in main.cf or in the `-o`);
    `no` (the default) is deleted from main.cf. When `smtp_dns_support_level` is already
    set, it wins and the old main.cf line is deleted. An `-o` that would have to be deleted
    is only reported.

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
        for setting in settings(ctx, ("disable_dns_lookups",)):
            # A set smtp_dns_support_level wins, which makes disable_dns_lookups dead.
            level_set = ctx.effective("smtp_dns_support_level", setting.service).value.strip()
            fix = None
            if yes(setting.value) and not level_set:
                fix = Fix(
                    "Replace with smtp_dns_support_level = disabled",
                    (setting.replace("smtp_dns_support_level", "disabled"),),
                    Applicability.SAFE,
                    (
                        (setting.key("smtp_dns_support_level"), "disabled"),
                        (setting.key("disable_dns_lookups"), None),
                    ),
                )
            elif setting.parameter is not None:
                fix = Fix(
                    "Delete disable_dns_lookups",
                    (edits.delete_entry(setting.file, setting.parameter),),
                    Applicability.SAFE,
                    (("disable_dns_lookups", None),),
                )
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is deprecated; use "
                + ("-o smtp_dns_support_level" if setting.service else "smtp_dns_support_level")
                + (("=" if setting.service else " = ") + "disabled" if yes(setting.value) else ""),
                service=setting.service,
                fix=fix,
            )
