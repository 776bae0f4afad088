"""PL421: a `{` group in a parameter value that is not closed, or has text after its `}`."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    LIST_SEPARATORS,
    Context,
    Diagnostic,
    ExpansionError,
    Rule,
    Severity,
    brace_tokens,
    extract_braced,
)


class UnbalancedBraces(Rule):
    """A `{...}` group in a parameter value is not closed, or text follows its `}`.

    ## What it does
    Splits each value of a Postfix parameter (main.cf and master.cf `-o`) the way Postfix
    splits lists, after `$` expansion, and reports an item that opens with `{` (or a table
    whose inline text opens with `{` after its `type:`, as in `inline:{ a=b }`) but has no
    matching `}`, or has text right after it (`{a b}c`). Raw parameters such as
    `smtpd_reject_footer`, which Postfix never splits, are left alone.

    ## Why it matters
    Since Postfix 3.0 a `{...}` group keeps text with blanks or commas together as one list
    item (a milter with options, a restriction with its table). An unclosed group swallows
    the rest of the value into one item, so the list does not say what it seems to;
    postconf warns "missing '}'" or "syntax error after '}'".

    ## Example
    ```
    smtpd_milters = {inet:127.0.0.1:8891, connect_timeout=10s
    ```

    ## Use instead
    ```
    smtpd_milters = { inet:127.0.0.1:8891, connect_timeout=10s }
    ```

    ## Fix safety
    No automatic fix: where the group should end is a guess.

    ## References
    - util/extpar.c, util/mystrtok.c mystrtokq(); SYNTAX.md 4.5
    """

    code = "PL421"
    name = "unbalanced-braces"
    family = "syntax"
    severity = Severity.WARNING
    min_version = "3.0"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        # Only a value with a `{` can hold a group (one C-speed test per line).
        checked: dict[str, str | None] = {}  # expanded value -> the message part, if any
        for setting in ctx.settings(value=lambda value: "{" in value):
            info = ctx.catalogue.get(setting.name)
            if info is None or info.raw or not info.exists_in(ctx.version):
                continue  # postconf checks Postfix's own parameters; raw ones are not split
            try:
                value = ctx.config.expand(setting.value, setting.service)
            except ExpansionError:
                continue  # PL409's finding
            # Per expanded value, once: a large file repeats the same list many times.
            if value not in checked:
                checked[value] = _problem(value)
            problem = checked[value]
            if problem is not None:
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"{setting.label}: {problem}",
                    service=setting.service,
                )


def _problem(value: str) -> str | None:
    """What postconf warns of in the first list item whose {...} group is broken."""
    for start, end in brace_tokens(value, LIST_SEPARATORS):
        item = _group(value[start:end])
        if item is None:
            continue
        error = extract_braced(item)[3]
        if error is not None:
            missing = error.startswith("missing")
            what = "missing '}'" if missing else "text after '}'"
            advice = (
                "end the group with '}' where the item ends: '{ item }'"
                if missing
                else "put a blank or comma after the '}'"
            )
            shown = item if len(item) <= 60 else item[:57] + "..."
            return f'{what} in "{shown}" (postconf warns); {advice}'
    return None


def _group(word: str) -> str | None:
    """The {...} group postconf checks in a list item: the item itself when it opens with
    '{', or a table's inline text right after its `type:` (`inline:{ a=b }`, `pcre:{...}`)."""
    if word.startswith("{"):
        return word
    colon = word.find(":")
    if colon >= 0 and word.startswith("{", colon + 1):
        return word[colon + 1 :]
    return None
