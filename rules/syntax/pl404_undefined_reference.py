"""PL404: a $name reference to a parameter that is defined nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import ConfigFile, Context, Diagnostic, Rule, Service, Severity, Span

REFERENCE = re.compile(r"\$(?:\{|\()?\s*([A-Za-z0-9_]+)")


def reference_spans(text: str, span: Span, names: set[str]) -> list[tuple[str, Span]]:
    """Where `$name`, `${name...}` or `$(name...)` occurs inside a value span, for each of
    `names`, by name then position. One scan per value: a regex per name and value was
    quadratic (1,000 `-o x=$y` lines with undefined names took 90 seconds)."""
    found = [
        (m.group(1), Span(m.start(), m.end()))
        for m in REFERENCE.finditer(text, span.start, span.end)
        if m.group(1) in names
    ]
    return sorted(found, key=lambda item: (item[0], item[1].start))


class UndefinedReference(Rule):
    """A value mentions `$name`, but no parameter of that name exists or is set.

    ## What it does
    Reports references to names that are not Postfix parameters and are not defined in
    main.cf or a master.cf `-o` (postconf's "undefined parameter").

    ## Why it matters
    An undefined name expands to nothing. The classic case is the stock master.cf line
    `-o smtpd_client_restrictions=$mua_client_restrictions` without `mua_client_restrictions`
    in main.cf: the submission service then has no client restrictions at all.

    ## Example
    ```
    submission inet n - n - - smtpd
      -o smtpd_client_restrictions=$mua_client_restrictions
    ```

    ## Use instead
    ```
    # main.cf
    mua_client_restrictions = permit_sasl_authenticated, reject
    ```

    ## Fix safety
    No automatic fix: only a person knows the intended value.

    ## References
    - postconf(1), "undefined parameter" (postconf_user.c, Postfix 2.10+)
    """

    code = "PL404"
    name = "undefined-reference"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        undefined = ctx.config.undefined_references()
        if not undefined:
            return
        if ctx.main is not None:
            for param in ctx.main.parameters():
                info = ctx.catalogue.get(param.name)
                if info is not None and info.raw:
                    continue
                yield from self._report(ctx, ctx.main, param.value_span, undefined, None)
        if ctx.master is not None:
            for service in ctx.master.services():
                for override in service.overrides:
                    if override.value_span is not None:
                        yield from self._report(
                            ctx, ctx.master, override.value_span, undefined, service
                        )

    def _report(
        self,
        ctx: Context,
        file: ConfigFile,
        span: Span,
        undefined: set[str],
        service: Service | None,
    ) -> Iterator[Diagnostic]:
        for name, ref in reference_spans(file.text, span, undefined):
            yield ctx.diagnostic(
                file,
                ref,
                f"${name} is not defined anywhere, so it expands to nothing; define "
                f"{name} in main.cf or fix the name",
                service=service,
            )
