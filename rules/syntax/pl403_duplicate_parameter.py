"""PL403: the same parameter defined twice in main.cf; the last one wins."""

from __future__ import annotations

import itertools
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
    other_branches,
    shorten,
)


class DuplicateParameter(Rule):
    """A parameter is set more than once in main.cf; only the last setting counts.

    ## What it does
    Reports every definition of a name after the first, at the later line (where postconf
    prints "overriding earlier entry"), naming the earlier line and value. In a template,
    two definitions in different branches of one `{% if %}`/`{% else %}` (or `{{ if }}`,
    `<% if %>`, `[% IF %]`) block are not duplicates: a rendered file holds only one.

    ## Why it matters
    Admins edit the first occurrence and wonder why nothing changes. Tools that read the
    first instance (some compliance scanners do) see a different value than Postfix.

    ## Example
    ```
    smtpd_tls_security_level = may
    ...
    smtpd_tls_security_level = none
    ```

    ## Use instead
    Keep one definition.

    ## Fix safety
    Safe when the values are identical: the earlier, ineffective copy is deleted. When they
    differ, no fix: a person must decide which value is meant.

    ## References
    - util/dict.c dict_load_fp(), "overriding earlier entry" (Postfix 2.11+)
    """

    code = "PL403"
    name = "duplicate-parameter"
    family = "syntax"
    tags = frozenset({Tag.UNNECESSARY})  # the setting does nothing
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        main = ctx.main
        if main is None:
            return
        line_of, diagnostic = main.line_of, ctx.diagnostic
        text, placeholders = main.text, main.placeholders  # a template's {% if %}/{% else %}
        for name, defs in ctx.config.definitions.items():
            if len(defs) < 2:
                continue
            for earlier, later in itertools.pairwise(defs):
                if placeholders and other_branches(
                    text, placeholders, earlier.lines[0].start, later.name_span.start
                ):
                    continue  # never both in one rendered file
                # Its first physical line (where its span starts), without building a Span.
                line = line_of(earlier.lines[0].start)
                if earlier.value == later.value:
                    fix = Fix(
                        f"Delete the identical definition on line {line}",
                        (edits.delete_entry(main, earlier),),
                        Applicability.SAFE,
                    )
                    message = (
                        f"{name} is set again with the same value (line {line}); delete one of them"
                    )
                else:
                    fix = None
                    message = (
                        f"{name} overrides its earlier setting on line {line} "
                        f"({name} = {shorten(earlier.value)}); keep one definition"
                    )
                yield diagnostic(main, later.name_span, message, fix=fix)
