"""Own-line suppression comments (Postfix has no inline comments, so no trailing noqa)."""

from __future__ import annotations

import bisect
import re

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.registry import Registry
from postlint.records import Record
from postlint.syntax.ast import ConfigFile, LineKind, Span

DIRECTIVE = re.compile(
    r"^[ \t\x0b\x0c\r]*#\s*postlint:\s*(?P<kind>ignore|file-ignore)\[(?P<codes>[^\]]*)\]"
)


class Suppression(Record):
    __slots__ = ("kind", "codes", "comment", "target", "used")  # noqa: RUF023 (__init__'s order)

    def __init__(
        self,
        kind: str,  # "ignore" (next entry) or "file-ignore"
        codes: list[str],  # as written
        comment: Span,  # the comment line (without its newline)
        target: Span | None,  # the entry an `ignore` applies to
        used: set[str] | None = None,  # which of `codes` matched something
    ) -> None:
        self.kind = kind
        self.codes = codes
        self.comment = comment
        self.target = target
        self.used = set() if used is None else used


def find_suppressions(file: ConfigFile) -> list[Suppression]:
    found: list[Suppression] = []
    if "postlint" not in file.text:
        return found  # one scan in C instead of a look at each of 100,000 lines
    entries = list(file.entries())
    ends = [e.span.end for e in entries]  # in file order, so sorted
    comment, inner = LineKind.COMMENT, LineKind.INNER_COMMENT
    for node in file.nodes:
        if "postlint" not in node.unparse():  # (a big entry's lines are then never made)
            continue
        for line in node.lines:
            # Identity, not `in` a tuple (hashing an enum member is a Python call), and
            # the regex only for the rare comment that names postlint at all.
            if (line.kind is not comment and line.kind is not inner) or "postlint" not in line.text:
                continue
            match = DIRECTIVE.match(line.content)
            if not match:
                continue
            codes = [c.strip() for c in match.group("codes").split(",") if c.strip()]
            span = Span(line.start, line.start + len(line.content))
            target = None
            if match.group("kind") == "ignore":
                # The entry containing the comment (inside an -o block), else the next one.
                at = bisect.bisect_right(ends, line.start)
                target = entries[at].span if at < len(entries) else None
            found.append(Suppression(match.group("kind"), codes, span, target))
    return found


def apply_suppressions(
    diagnostics: list[Diagnostic], suppressions: list[Suppression], registry: Registry
) -> list[Diagnostic]:
    """Drop suppressed diagnostics; mark which directive codes were used.

    Linear in findings plus directives: a file may carry a directive before each of
    thousands of lines, so a finding looks up only the directives of its own entry (by
    bisection over their targets) and the file-wide ones, and each code is resolved once.
    """
    if not suppressions:
        return list(diagnostics)
    codes: dict[str, set[str]] = {}
    for sup in suppressions:
        for code in sup.codes:
            if code not in codes:
                codes[code] = registry.matches(code)
    file_wide = [sup for sup in suppressions if sup.kind != "ignore"]
    by_target: dict[int, list[Suppression]] = {}
    for sup in suppressions:
        if sup.kind == "ignore" and sup.target is not None:
            by_target.setdefault(sup.target.start, []).append(sup)
    starts = sorted(by_target)
    kept = []
    for diag in diagnostics:
        at = diag.span.start
        applying = file_wide
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0:
            own = by_target[starts[index]]  # all of one entry: the same target span
            if own[0].target.contains(at):  # type: ignore[union-attr]
                applying = [*file_wide, *own]  # the order decides nothing (sets, a flag)
        suppressed = False
        for sup in applying:
            for code in sup.codes:
                if diag.code in codes[code]:
                    sup.used.add(code)
                    suppressed = True
        if not suppressed:
            kept.append(diag)
    return kept
