"""PL401: a `#` after a value is part of the value, not a comment."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    POSTFIX_SPACE,
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Span,
    edits,
)


class InlineComment(Rule):
    """Text after `#` on a parameter line is part of the value, not a comment.

    ## What it does
    Finds a `#` that follows whitespace inside a main.cf value or a master.cf `-o` value.

    ## Why it matters
    Postfix has no inline comments: only lines that start with `#` are comments. In
    `smtpd_tls_loglevel = 1 # debug` the value is `1 # debug`, so the daemon refuses to
    start (bad numerical value); a list gets a bogus `#...` element, and since Postfix 3.8 the
    rest of the list after the `#` is dropped with a warning. Strings carry the text along.

    ## Example
    ```
    alias_maps = hash:/etc/aliases    # local aliases
    ```

    ## Use instead
    ```
    # local aliases
    alias_maps = hash:/etc/aliases
    ```

    ## Fix safety
    Safe: the comment text moves to its own line above the entry, which is what the writer
    meant. Not offered when the comment spans continuation lines or sits in master.cf.

    ## References
    - postconf(5), "#comment after other text is not allowed" (Postfix 3.8+, util/mystrtok.c)
    - SYNTAX.md 1.7 and 4.6
    """

    code = "PL401"
    name = "inline-comment"
    family = "syntax"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(value=_has_hash):
            index = edits.inline_comment_start(setting.value)
            if index is None:
                continue
            param = setting.parameter
            if param is None:  # a master.cf -o
                yield ctx.diagnostic(
                    setting.file,
                    setting.value_span,
                    f"'{setting.value[index:]}' is part of the -o {setting.name} value; "
                    "master.cf has no inline comments",
                    service=setting.service,
                )
                continue
            span = param.value_span
            rel = edits.inline_comment_start(setting.file.text[span.start : span.end])
            start = span.start + (rel if rel is not None else 0)
            moved = edits.move_inline_comment(setting.file, param)
            fix = None
            if moved:
                kept = param.value[:index].rstrip(POSTFIX_SPACE)
                fix = Fix(
                    "Move the comment to its own line above",
                    tuple(moved),
                    Applicability.SAFE,
                    changes=((param.name, kept),),
                )
            yield ctx.diagnostic(
                setting.file,
                Span(start, span.end),
                f"'{param.value[index:]}' is part of the value of {param.name}, not a "
                "comment; put comments on their own line",
                fix=fix,
            )


def _has_hash(value: str) -> bool:
    return "#" in value  # cheap: most values have none
