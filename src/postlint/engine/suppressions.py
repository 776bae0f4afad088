"""Own-line suppression comments (Postfix has no inline comments, so no trailing noqa)."""

from __future__ import annotations

import bisect
import re

import attrs

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.registry import Registry
from postlint.syntax.ast import ConfigFile, LineKind, Span

DIRECTIVE = re.compile(
    r"^[ \t\x0b\x0c\r]*#\s*postlint:\s*(?P<kind>ignore|file-ignore)\[(?P<codes>[^\]]*)\]"
)


@attrs.define
class Suppression:
    kind: str  # "ignore" (next entry) or "file-ignore"
    codes: list[str]  # as written
    comment: Span  # the comment line (without its newline)
    target: Span | None  # the entry an `ignore` applies to
    used: set[str] = attrs.Factory(set)  # which of `codes` matched something


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
    """Drop suppressed diagnostics; mark which directive codes were used."""
    kept = []
    for diag in diagnostics:
        suppressed = False
        for sup in suppressions:
            if sup.kind == "ignore" and not (sup.target and sup.target.contains(diag.span.start)):
                continue
            for code in sup.codes:
                if diag.code in registry.matches(code):
                    sup.used.add(code)
                    suppressed = True
        if not suppressed:
            kept.append(diag)
    return kept
