"""PL409: a value whose $-expansion fails (syntax error or endless recursion)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, ExpansionError, Rule, Severity


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
        config = ctx.config
        if ctx.main is not None:
            for param in ctx.main.parameters():
                info = ctx.catalogue.get(param.name)
                if info is not None and info.raw:
                    continue
                try:
                    config.expand(param.value)
                except ExpansionError as exc:
                    yield ctx.diagnostic(
                        ctx.main,
                        param.value_span,
                        f"{param.name}: {exc}; Postfix stops with "
                        "'macro processing error' when it reads this",
                    )
        if ctx.master is not None:
            for service in ctx.master.services():
                for override in service.overrides:
                    if override.name is None or override.value_span is None:
                        continue
                    try:
                        config.expand(override.value, service)
                    except ExpansionError as exc:
                        yield ctx.diagnostic(
                            ctx.master,
                            override.value_span,
                            f"-o {override.name}: {exc}",
                            service=service,
                        )
