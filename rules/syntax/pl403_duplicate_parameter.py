"""PL403: the same parameter defined twice in main.cf; the last one wins."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Parameter,
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
        text, diagnostic = main.text, ctx.diagnostic
        placeholders = main.placeholders  # a template's {% if %} / {% else %} branches
        # The definitions in file order, each with its line, counted on the way (the LFs
        # between one name and the next, in C): a dense file repeats a name on most of its
        # 100,000 lines, and a search of the line starts per finding (`line_of`) cost more
        # than the rest of the finding. The last definition so far of each name:
        last: dict[str, tuple[Parameter, int]] = {}
        line, counted = 1, 0
        for later in main.parameters():
            start = later.name_span.start  # on the first physical line, as the name is
            line += text.count("\n", counted, start)
            counted = start
            name = later.name
            seen = last.get(name)
            last[name] = (later, line)
            if seen is None:
                continue
            earlier, line_before = seen
            if placeholders and other_branches(
                text, placeholders, earlier.lines[0].start, later.name_span.start
            ):
                continue  # never both in one rendered file
            if earlier.value == later.value:
                fix = Fix(
                    f"Delete the identical definition on line {line_before}",
                    (edits.delete_entry(main, earlier),),
                    Applicability.SAFE,
                )
                message = (
                    f"{name} is set again with the same value (line {line_before}); "
                    "delete one of them"
                )
            else:
                fix = None
                message = (
                    f"{name} overrides its earlier setting on line {line_before} "
                    f"({name} = {shorten(earlier.value)}); keep one definition"
                )
            yield diagnostic(main, later.name_span, message, fix=fix)
