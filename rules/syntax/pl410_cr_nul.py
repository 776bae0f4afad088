"""PL410: carriage returns and NUL bytes that change how Postfix reads the file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from postlint_rules.syntax.entry_repair import nodes_at, repaired_region

from postlint.api import (
    FIELD_COUNT,
    POSTFIX_SPACE,
    Applicability,
    BrokenEntry,
    ConfigFile,
    Context,
    Diagnostic,
    Edit,
    FileKind,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Span,
    parse_main_cf,
    split_fields,
)


class CarriageReturnOrNul(Rule):
    """CR line endings, stray CRs or NUL bytes in main.cf or master.cf.

    ## What it does
    Reports NUL bytes, a carriage return that is not part of a CRLF line ending (Postfix
    does not end a line there, so an old-Mac "line" is glued to the one before it), and,
    once per file, CRLF line endings.

    ## Why it matters
    Postfix treats CR as whitespace. With CRLF endings most values survive, but a CR at the
    start of a line makes it a continuation line (a master.cf `^M -o ...` lands on the
    previous service) and Windows editors tend to mix endings. Text after a NUL byte is
    lost (Postfix 3.9+ warns "text after null byte may be ignored").

    ## Example
    A file saved with CRLF endings by a Windows editor.

    ## Use instead
    LF line endings and no control characters.

    ## Fix safety
    Unsafe: turning CRLF into LF and deleting NULs rewrite bytes the author may rely on
    (for example a file that other tools read too); `--unsafe-fixes` applies it. A stray
    CR gets no fix when the text after it would become a line Postfix rejects (neither a
    setting nor a service, a comment or a continuation).

    ## References
    - util/readlline.c; SYNTAX.md 1.2 and 1.10
    """

    code = "PL410"
    name = "cr-or-nul"
    family = "syntax"
    severity = Severity.WARNING
    other_severities: ClassVar[dict[Severity, str]] = {Severity.INFO: "CRLF line endings"}
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for file in (ctx.main, ctx.master):
            if file is not None:
                yield from self._check_file(ctx, file)

    def _check_file(self, ctx: Context, file: ConfigFile) -> Iterator[Diagnostic]:
        text = file.text
        if "\r" not in text and "\0" not in text:
            return  # the common case, found by two C-speed scans
        crlf = [m.start() for m in re.finditer("\r\n", text)]
        if crlf:
            lines = "line" if len(crlf) == 1 else "lines"
            fix = Fix(
                "Convert CRLF line endings to LF",
                tuple(Edit(file, i, i + 1, "") for i in crlf),
                Applicability.UNSAFE,
            )
            yield ctx.diagnostic(
                file,
                Span(crlf[0], crlf[0] + 1),
                f"this file has CRLF line endings ({len(crlf)} {lines}); "
                "Postfix reads the CR as whitespace; use LF endings",
                fix=fix,
                severity=Severity.INFO,
            )
        matches = list(re.finditer("\0|\r(?!\n)", text))
        fixed: set[int | None] = set()  # nodes (by index) whose first bad byte has the fix
        for match, node in zip(matches, nodes_at(file, [m.start() for m in matches]), strict=True):
            i = match.start()
            # Only the first bad byte of an entry (or comment) carries a fix: each fix
            # declares what the entry becomes, so two in one entry never apply in the same
            # pass, and a fix for each of an old-Mac file's n CRs (all one entry) re-parsed
            # the whole entry n times and kept n copies of it (10,000 CRs: 1.8 GB).
            first = node not in fixed
            fixed.add(node)
            if match.group() == "\0":
                message = "NUL byte: Postfix ignores the rest of this entry; delete it"
                title, replacement = "Delete the NUL byte", ""
            else:
                message = (
                    "carriage return without a line feed: Postfix does not end the line "
                    "here; replace it with a line break"
                )
                title, replacement = "Replace the CR with LF", "\n"
            fix = None
            if first and not (replacement and _rejected_line(file, text, i + 1)):
                changes = repaired_region(file, node, [(i, i + 1, replacement)])
                if changes is not None:
                    fix = Fix(
                        title,
                        (Edit(file, i, i + 1, replacement),),
                        Applicability.UNSAFE,
                        changes=changes,
                    )
            yield ctx.diagnostic(file, Span(i, i + 1), message, fix=fix)


def _rejected_line(file: ConfigFile, text: str, start: int) -> bool:
    """Whether ending the line at a CR would leave the text after it (up to the next line
    end) as a line Postfix rejects: not blank, a comment or a continuation, and not a
    setting (main.cf: no `name =`) or a service (master.cf: too few fields). Such a fix
    would be dropped after the re-parse, while the summary had counted it as fixable."""
    line = re.split("[\r\n]", text[start : start + _LONGEST_CHECKED], maxsplit=1)[0]
    if not line.strip(POSTFIX_SPACE) or line[0] == "#":
        return False
    if line[0] in POSTFIX_SPACE:
        # A continuation line: of the entry above, unless the CR ends a comment line (up
        # to the CR or LF before it), whose words would then join that entry (or, with
        # none above, make a rejected line).
        before = text[max(0, start - 1 - _LONGEST_CHECKED) : start - 1]
        begin = max(before.rfind("\n"), before.rfind("\r")) + 1
        return before[begin:].lstrip(POSTFIX_SPACE).startswith("#")
    if file.kind is FileKind.MAIN:
        return any(isinstance(e, BrokenEntry) for e in parse_main_cf(line + "\n").entries())
    return len(split_fields(line)) < FIELD_COUNT


# A line longer than this is checked by its start: a service's fields or `name =` fit in it.
_LONGEST_CHECKED = 4096
