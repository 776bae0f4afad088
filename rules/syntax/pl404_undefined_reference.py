"""PL404: a $name reference to a parameter that is defined nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import ConfigFile, Context, Diagnostic, Rule, Service, Severity, Span


def reference_spans(text: str, span: Span, name: str) -> list[Span]:
    """Where `$name`, `${name...}` or `$(name...)` occurs inside a value span."""
    pattern = re.compile(r"\$(?:\{|\()?\s*" + re.escape(name) + r"(?![A-Za-z0-9_])")
    return [
        Span(span.start + m.start(), span.start + m.end())
        for m in pattern.finditer(text[span.start : span.end])
    ]


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
        for name in sorted(undefined):
            for ref in reference_spans(file.text, span, name):
                yield ctx.diagnostic(
                    file,
                    ref,
                    f"${name} is not defined anywhere, so it expands to nothing; define "
                    f"{name} in main.cf or fix the name",
                    service=service,
                )
