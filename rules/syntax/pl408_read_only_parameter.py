"""PL408: assigning a read-only parameter (process_id, process_name, service_name)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Tag,
    edits,
)


class ReadOnlyParameter(Rule):
    """A read-only parameter is assigned; Postfix drops the assignment.

    ## What it does
    Reports `process_id`, `process_name` and `service_name` set in main.cf (or with `-o`).

    ## Why it matters
    Postfix computes these itself; postconf warns "read-only parameter assignment" and the
    line has no effect, which misleads the next reader.

    ## Example
    ```
    service_name = mail
    ```

    ## Use instead
    Delete the line; use `syslog_name` to change what appears in the logs.

    ## Fix safety
    Safe in main.cf: Postfix ignores the line already, so deleting it changes nothing.

    ## References
    - postconf_user.c, "read-only parameter assignment" (Postfix 2.10+)
    """

    code = "PL408"
    name = "read-only-parameter"
    family = "syntax"
    tags = frozenset({Tag.UNNECESSARY})  # the setting does nothing
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(ctx.catalogue.read_only_names):
            if setting.parameter is not None:  # main.cf
                fix = Fix.safe(
                    f"Delete the {setting.name} assignment",
                    [edits.delete_entry(setting.file, setting.parameter)],
                )
                yield ctx.diagnostic(
                    setting.file,
                    setting.name_span,
                    f"{setting.name} is read-only: Postfix ignores this line; delete it",
                    fix=fix,
                )
            else:
                yield ctx.diagnostic(
                    setting.file,
                    setting.name_span,
                    f"{setting.name} is read-only: this -o has no effect; remove it",
                    service=setting.service,
                )
