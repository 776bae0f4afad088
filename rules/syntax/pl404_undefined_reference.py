"""PL404: a $name reference to a parameter that is defined nowhere."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Span

# `$name`, `${name...}` or `$(name...)`: the whole name, so that it can be looked up.
REFERENCE = re.compile(r"\$(?:\{|\()?\s*([A-Za-z0-9_]+)")


def reference_spans(text: str, span: Span, names: set[str]) -> list[tuple[str, Span]]:
    """Where a reference to one of `names` occurs inside a value span, by name then place.

    One scan of the value, whatever the number of names: a file may reference thousands of
    undefined names, and a search per name and value would be quadratic.
    """
    if text.find("$", span.start, span.end) < 0:
        return []
    found = [
        (m.group(1), Span(m.start(), m.end()))
        for m in REFERENCE.finditer(text, span.start, span.end)
        if m.group(1) in names
    ]
    return sorted(found, key=lambda pair: pair[0]) if len(found) > 1 else found


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
        # Where each file mentions an undefined name at all, in one scan of its text: a
        # value without such a place is not looked at (most values of a large file).
        places = {
            tree.kind: [m.start() for m in REFERENCE.finditer(tree.text) if m.group(1) in undefined]
            for tree in (ctx.main, ctx.master)
            if tree is not None
        }
        if not any(places.values()):
            return
        raw: dict[str, bool] = {}  # per name, once: postconf never expands a raw value
        for setting in ctx.settings(lambda _name: True):
            span = setting.value_span
            starts = places[setting.file.kind]
            at = bisect.bisect_left(starts, span.start)
            if at == len(starts) or starts[at] >= span.end:
                continue
            if setting.parameter is not None:  # main.cf (an -o value is expanded anyway)
                name = setting.name
                if name not in raw:
                    info = ctx.catalogue.get(name)
                    raw[name] = info is not None and info.raw
                if raw[name]:
                    continue
            for name, ref in reference_spans(setting.file.text, span, undefined):
                yield ctx.diagnostic(
                    setting.file,
                    ref,
                    f"${name} is not defined anywhere, so it expands to nothing; define "
                    f"{name} in main.cf or fix the name",
                    service=setting.service,
                )
