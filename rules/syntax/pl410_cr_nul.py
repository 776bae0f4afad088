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
    setting nor a service, a comment or a continuation). The stray CRs and NULs of one
    entry are repaired by one fix, on the first of them.

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
        nodes = nodes_at(file, [m.start() for m in matches])
        fixes = _node_fixes(file, matches, nodes)
        for index, match in enumerate(matches):
            i = match.start()
            if match.group() == "\0":
                message = "NUL byte: Postfix ignores the rest of this entry; delete it"
            else:
                message = (
                    "carriage return without a line feed: Postfix does not end the line "
                    "here; replace it with a line break"
                )
            yield ctx.diagnostic(file, Span(i, i + 1), message, fix=fixes.get(index))


def _node_fixes(
    file: ConfigFile, matches: list[re.Match[str]], nodes: list[int | None]
) -> dict[int, Fix]:
    """The fixes by the index of the match that carries them: one per entry (or comment)
    for all its bad bytes, on the first one it repairs, naming the others (Fix.resolves).
    One fix each would declare what the same entry becomes, so only one of them could be
    applied per pass (an old-Mac file of 15 lines, one entry, was not fixed in one run),
    and each re-parsed the whole entry and kept a copy of it (10,000 CRs: 1.8 GB)."""
    fixes: dict[int, Fix] = {}
    text = file.text
    first = 0
    while first < len(matches):
        last = first
        while last + 1 < len(matches) and nodes[last + 1] == nodes[first]:
            last += 1
        # Every bad byte of the node at once: one parse of the repaired entry tells whether
        # Postfix would reject a line of it (an old-Mac file's lines are settings).
        repaired = list(range(first, last + 1))
        fix = _fix(file, matches, nodes[first], repaired)
        if fix is None:
            # A CR whose line would then be one Postfix rejects stays: the engine would drop
            # the whole fix, after the summary had counted it as fixable.
            repaired = [
                index
                for index in repaired
                if matches[index].group() == "\0"
                or not _rejected_line(file, text, matches[index].start() + 1)
            ]
            fix = _fix(file, matches, nodes[first], repaired)
            if fix is None and len(repaired) > 1:
                repaired = repaired[:1]
                fix = _fix(file, matches, nodes[first], repaired)
        if fix is not None:
            fixes[repaired[0]] = fix
        first = last + 1
    return fixes


def _fix(
    file: ConfigFile, matches: list[re.Match[str]], node: int | None, repaired: list[int]
) -> Fix | None:
    if not repaired:
        return None
    repairs = []
    for index in repaired:
        i = matches[index].start()
        repairs.append((i, i + 1, "" if matches[index].group() == "\0" else "\n"))
    changes = repaired_region(file, node, repairs)
    if changes is None:
        return None
    crs = sum(1 for index in repaired if matches[index].group() == "\r")
    nuls = len(repaired) - crs
    titles = []
    if crs:
        titles.append("replace the CR with LF" if crs == 1 else f"replace the {crs} CRs with LFs")
    if nuls:
        titles.append("delete the NUL byte" if nuls == 1 else f"delete the {nuls} NUL bytes")
    title = " and ".join(titles)
    return Fix(
        title[0].upper() + title[1:],
        tuple(Edit(file, start, end, content) for start, end, content in repairs),
        Applicability.UNSAFE,
        changes,
        tuple(Span(matches[index].start(), matches[index].start() + 1) for index in repaired[1:]),
    )


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
