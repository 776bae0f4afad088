"""PL420: a Unicode space (no-break space and friends) that Postfix does not read as a space."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint_rules.syntax.entry_repair import entries_at, repaired_settings

from postlint.api import (
    POSTFIX_SPACE,
    UNICODE_SPACES,
    Applicability,
    ConfigFile,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Parameter,
    Rule,
    Severity,
    Span,
)

# The space separators (Unicode category Zs) other than the ASCII space, and NEXT LINE.
# Postfix splits on ASCII whitespace only, so each of these is part of a name, value or
# field. Word processors and web pages put no-break spaces where a space was typed.
# Compiled on first use (re keeps it): only a file that is not all ASCII is searched.
_SPACE_RUN = f"[\u0085{UNICODE_SPACES}]+"
_NAMES = {
    "\u0085": "NEXT LINE",
    "\u00a0": "NO-BREAK SPACE",
    "\u1680": "OGHAM SPACE MARK",
    "\u202f": "NARROW NO-BREAK SPACE",
    "\u205f": "MEDIUM MATHEMATICAL SPACE",
    "\u3000": "IDEOGRAPHIC SPACE",
}


class UnicodeSpace(Rule):
    """A no-break space or another Unicode space outside a comment.

    ## What it does
    Reports every run of Unicode space characters (U+00A0 NO-BREAK SPACE, U+202F, U+2000 to
    U+200A, U+3000 and the like) in main.cf or master.cf, except on comment lines.

    ## Why it matters
    Postfix separates words on ASCII blanks only. A no-break space pasted from a web page or
    a word processor looks like a space but becomes part of the text around it:
    `smtp_tls_security_level =\u00a0may` sets an unknown level (the SMTP client then
    defers mail), `myhostname\u00a0= ...` sets a parameter nobody reads, and a master.cf
    line with one between fields has a field too few and stops Postfix.

    ## Example
    The character before `may` is U+00A0:
    ```
    smtp_tls_security_level =\u00a0may
    ```

    ## Use instead
    ```
    smtp_tls_security_level = may
    ```

    ## Fix safety
    Unsafe: each Unicode space in a main.cf entry becomes a plain space (at the start of a
    line it is removed, so the line does not continue the entry above), which changes what
    Postfix reads (a name, a value, the words of a list). master.cf lines are reported
    without a fix, and so is an entry that a plain space would break (one inside the name).

    ## References
    - SYNTAX.md 1 (lines, whitespace); util/sys_defs.h ISSPACE (ASCII only)
    """

    code = "PL420"
    name = "unicode-space"
    family = "syntax"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for file in (ctx.main, ctx.master):
            if file is not None and not file.text.isascii():
                yield from self._check_file(ctx, file)

    def _check_file(self, ctx: Context, file: ConfigFile) -> Iterator[Diagnostic]:
        runs = [m.span() for m in re.finditer(_SPACE_RUN, file.text)]
        runs = [(start, end) for start, end in runs if not _on_comment_line(file.text, start)]
        if not runs:
            return
        entries = entries_at(file, [start for start, _end in runs])
        fixed: set[int] = set()
        for (start, end), entry in zip(runs, entries, strict=True):
            char = file.text[start]
            yield ctx.diagnostic(
                file,
                Span(start, end),
                f"{_describe(char)} is not a space to Postfix: it becomes part of the "
                "name, value or field around it; type a plain space",
                fix=_fix(file, entry, runs, entries) if _first_of(entry, fixed) else None,
            )


def _describe(char: str) -> str:
    code = ord(char)
    name = _NAMES.get(char) or ("EN/EM-width SPACE" if 0x2000 <= code <= 0x200A else "SPACE")
    return f"U+{code:04X} {name}"


def _on_comment_line(text: str, offset: int) -> bool:
    """Whether the physical line holding `offset` is a comment (its first character that is
    not an ASCII blank is '#'): Postfix skips those lines whole."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset].lstrip(POSTFIX_SPACE).startswith("#")


def _first_of(entry: Parameter | None, fixed: set[int]) -> bool:
    """Whether this is the entry's first run: one fix per entry covers all its runs, so
    fixes never compete for the same setting."""
    if entry is None or entry.span.start in fixed:
        return False
    fixed.add(entry.span.start)
    return True


def _fix(
    file: ConfigFile,
    entry: Parameter | None,
    runs: list[tuple[int, int]],
    entries: list[Parameter | None],
) -> Fix | None:
    mine: list[tuple[int, int, str]] = []
    ours: list[Span] = []  # every run of the entry: the first carries the fix, for them all
    for (start, end), other in zip(runs, entries, strict=True):
        if other is entry:
            ours.append(Span(start, end))
        if other is not entry or (mine and start < mine[-1][1]):
            continue  # another entry's, or inside the blanks a line start's edit removes
        if start == 0 or file.text[start - 1] == "\n":
            # Blanks there would make the line continue the entry above it (`mydomain`
            # would take the next setting as its value): the entry keeps starting the line.
            mine.append((start, _blanks_end(file.text, start), ""))
        else:
            mine.append((start, end, " " * (end - start)))
    changes = repaired_settings(file, entry, mine)
    if changes is None:
        return None  # a plain space there makes a line Postfix rejects (inside the name)
    return Fix(
        "Replace the Unicode spaces with plain spaces",
        tuple(Edit(file, s, e, text) for s, e, text in mine),
        Applicability.UNSAFE,
        changes=changes,
        resolves=tuple(ours[1:]),
    )


def _blanks_end(text: str, start: int) -> int:
    """The end of the Unicode and ASCII spaces (not line ends) from `start` on."""
    end = start
    space = re.compile(_SPACE_RUN).match
    while end < len(text) and (text[end] in " \t\v\f" or space(text[end])):
        end += 1
    return end
