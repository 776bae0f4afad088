"""PL409: a value whose $-expansion fails (syntax error or endless recursion)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, ExpansionError, Rule, Severity, shorten


class BrokenExpansion(Rule):
    """A `$` expression in a value cannot be expanded.

    ## What it does
    Expands every main.cf value and `-o` value the way Postfix does and reports what fails:
    a lone `$` (write `$$` for a literal dollar), an unterminated `${`, a bad name inside
    `${...}`, a malformed `?`/`:` or relational expression, or parameters that reference
    each other in a loop ("unreasonable macro call nesting").

    ## Why it matters
    Daemons turn any expansion error into a fatal "macro processing error" when they read
    the parameter: Postfix does not start, or the service dies when it starts.

    ## Example
    ```
    smtpd_banner = Welcome, costs 5$
    ```

    ## Use instead
    ```
    smtpd_banner = Welcome, costs 5$$
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - util/mac_parse.c, util/mac_expand.c; SYNTAX.md section 3
    """

    code = "PL409"
    name = "broken-expansion"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        # Only a value with a `$` is expanded at all (the others cannot fail).
        for setting in ctx.settings(value=lambda value: "$" in value):
            if setting.service is None:  # main.cf: raw values are never expanded
                info = ctx.catalogue.get(setting.name)
                if info is not None and info.raw:
                    continue
            try:
                ctx.config.expand(setting.value, setting.service)
            except ExpansionError as exc:
                consequence = (
                    "; Postfix stops with 'macro processing error' when it reads this"
                    if setting.service is None
                    else ""
                )
                yield ctx.diagnostic(
                    setting.file,
                    setting.value_span,
                    f"{setting.label}: {shorten(str(exc), 200)}{consequence}",
                    service=setting.service,
                )
