"""PL310: cipher lists that Postfix ignores since 3.8."""

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
    Tag,
    edits,
)

IGNORED = ("tls_low_cipherlist", "tls_export_cipherlist")


class IgnoredCipherlists(Rule):
    """`tls_low_cipherlist` and `tls_export_cipherlist` are ignored since Postfix 3.8.

    ## What it does
    Reports these two settings, in main.cf and in master.cf `-o`, for targets 3.8 and later.

    ## Why it matters
    The `low` and `export` grades now mean `medium`, so these lists are never used; they
    suggest a hardening that does not exist.

    ## Example
    ```
    tls_low_cipherlist = ...
    ```

    ## Use instead
    Delete the line.

    ## Fix safety
    Safe: the value is unused in 3.8 and later.

    ## References
    - postconf(5) tls_low_cipherlist; Postfix 3.8 release notes
    """

    code = "PL310"
    name = "ignored-cipherlists"
    family = "deprecated"
    tags = frozenset({Tag.UNNECESSARY})  # the setting does nothing
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES
    min_version = "3.8"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(IGNORED):
            fix = None
            if setting.parameter is not None:
                safety, title = ctx.fix_for_release(
                    "3.8", Applicability.SAFE, f"Delete {setting.name}"
                )
                deletion = edits.delete_entry(setting.file, setting.parameter)
                fix = Fix(title, (deletion,), safety, ((setting.name, None),))
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is ignored since Postfix 3.8; delete it",
                service=setting.service,
                fix=fix,
            )
