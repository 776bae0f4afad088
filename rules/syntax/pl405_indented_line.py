"""PL405: indentation makes a line part of the previous entry (or of nothing)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    POSTFIX_SPACE,
    BrokenEntry,
    ConfigFile,
    Context,
    Diagnostic,
    ErrorKind,
    LineKind,
    Rule,
    Severity,
    Span,
)

# On one physical line's content (no LF), so the class is Postfix's blanks. Compiled on
# first use (re keeps it): only a continuation line with a "=" is looked at.
LOOKS_LIKE_SETTING = f"^[{re.escape(POSTFIX_SPACE)}]+([A-Za-z0-9_]+)\\s*="


class IndentedLine(Rule):
    """An indented line is glued to the previous entry, or skipped at the top of the file.

    ## What it does
    Reports (1) indented text before the first entry of main.cf or master.cf, which Postfix
    skips with "logical line must not start with whitespace", and (2) an indented main.cf
    line that looks like `known_parameter = value`: Postfix appends it to the previous
    value instead of setting that parameter.

    ## Why it matters
    ```
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
      smtpd_tls_auth_only = yes
    ```
    sets no `smtpd_tls_auth_only`: the restriction list gets three odd extra words and the
    SMTP server answers every recipient with a configuration error.

    ## Example
    See above.

    ## Use instead
    Start each parameter at the beginning of its line.

    ## Fix safety
    No automatic fix: the indentation may be an intended continuation.

    ## References
    - util/readlline.c (continuation lines); SYNTAX.md 1.5 and 1.9
    """

    code = "PL405"
    name = "indented-line"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for file in (ctx.main, ctx.master):
            if file is None:
                continue
            for entry in file.entries():
                if isinstance(entry, BrokenEntry) and entry.error is ErrorKind.INDENTED_START:
                    yield ctx.diagnostic(
                        file,
                        _first_line_span(entry.lines[0].start, entry.lines[0].content),
                        "an indented line before the first entry is skipped by Postfix; "
                        "remove the indentation or the line",
                    )
        if ctx.main is not None:
            yield from self._glued(ctx, ctx.main)

    def _glued(self, ctx: Context, main: ConfigFile) -> Iterator[Diagnostic]:
        for param in main.parameters():
            if len(param.lines) < 2:
                continue
            # A glued setting needs a '=' after the first line; a long list without one
            # is passed over without making its lines one by one.
            text = param.unparse()
            if text.find("=", text.find("\n")) < 0:
                continue
            for line in param.lines[1:]:
                if line.kind is not LineKind.CONTINUATION or "=" not in line.text:
                    continue
                match = re.match(LOOKS_LIKE_SETTING, line.content)
                if not match or match.group(1) not in ctx.config.builtin_names:
                    continue
                yield ctx.diagnostic(
                    main,
                    _first_line_span(line.start, line.content),
                    f"this indented line does not set {match.group(1)}: Postfix appends it to "
                    f"the value of {param.name}; remove the indentation",
                )


def _first_line_span(start: int, content: str) -> Span:
    stripped = content.lstrip(POSTFIX_SPACE)
    offset = len(content) - len(stripped)
    return Span(start + offset, start + len(content.rstrip(POSTFIX_SPACE)))
