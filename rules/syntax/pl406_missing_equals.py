"""PL406: a main.cf line that is not `name = value`, which stops every Postfix program."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import BrokenEntry, Context, Diagnostic, ErrorKind, Rule, Severity, Span


class MissingEquals(Rule):
    """A main.cf line without `=` (or without a name): Postfix refuses to start.

    ## What it does
    Reports logical lines of main.cf that are not `name = value`.

    ## Why it matters
    postconf and every daemon stop with a fatal error ("missing '=' after attribute name"
    or "missing attribute name"). Typical causes: `foo bar = x`, a bare `myhostname`, a
    continuation line that lost its indentation.

    ## Example
    ```
    myhostname
    ```

    ## Use instead
    ```
    myhostname = mail.example.com
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - util/split_nameval.c, util/dict.c dict_load_fp(); SYNTAX.md 2.3-2.4
    """

    code = "PL406"
    name = "missing-equals"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        for entry in ctx.main.entries():
            if not isinstance(entry, BrokenEntry):
                continue
            if entry.error not in (ErrorKind.MISSING_EQUALS, ErrorKind.MISSING_NAME):
                continue
            first = entry.lines[0]
            span = Span(first.start, first.start + len(first.content.rstrip("\r")))
            what = _what(entry.error, first.content)
            yield ctx.diagnostic(
                ctx.main,
                span,
                f"this line {what}, so Postfix will not start; write it as 'name = value' "
                "or comment it out with '#'",
            )


def _what(error: ErrorKind, text: str) -> str:
    """What is wrong with the line, naming the words that stand where one name should."""
    if error is not ErrorKind.MISSING_EQUALS:
        return "has no parameter name"
    before, equals, _value = text.partition("=")
    if not equals:
        return "has no '=' between name and value"
    words = " ".join(before.split())
    if len(words) > 60:
        words = words[:57] + "..."
    return f"has more than one word before '=' ({words}), where Postfix expects one name"
