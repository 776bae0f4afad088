"""PL303: disable_dns_lookups, replaced by smtp_dns_support_level."""

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
    edits,
    yes,
)


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
        for setting in ctx.settings(("disable_dns_lookups",)):
            # An LMTP client's level is lmtp_dns_support_level (smtp(8) run as lmtp).
            lmtp = setting.service is not None and setting.service.program == "lmtp"
            target = "lmtp_dns_support_level" if lmtp else "smtp_dns_support_level"
            # A set *_dns_support_level wins, which makes disable_dns_lookups dead.
            level_set = ctx.effective(target, setting.service).value.strip()
            fix = None
            if yes(setting.value) and not level_set:
                fix = Fix(
                    f"Replace with {target} = disabled",
                    (setting.replace(target, "disabled"),),
                    Applicability.SAFE,
                    (
                        (setting.key(target), "disabled"),
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
            shown = f"-o {target}" if setting.service else target
            if yes(setting.value):
                shown += "=disabled" if setting.service else " = disabled"
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is deprecated; use {shown}",
                service=setting.service,
                fix=fix,
            )
