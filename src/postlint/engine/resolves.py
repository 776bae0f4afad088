"""The findings a fix repairs without carrying it (`Fix.resolves`), so counts tell the truth.

A rule whose one fix repairs many findings may put it on the first of them only (PL423 past
ten typos in one list): the others carry no fix, yet `--fix` repairs them too, so they count
as fixable in a lint and as fixed after `--fix`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from postlint.engine.diagnostics import Diagnostic
from postlint.syntax.ast import FileKind

# A finding's place within one configuration: its code, file and span.
Place = tuple[str, FileKind, int, int]


def place(d: Diagnostic) -> Place:
    return (d.code, d.file.kind, d.span.start, d.span.end)


def places_resolved(d: Diagnostic) -> Iterator[Place]:
    """Where the findings are that d's fix repairs besides d itself."""
    if d.fix is None:
        return
    code, kind = d.code, d.file.kind
    for span in d.fix.resolves:
        yield (code, kind, span.start, span.end)


def carriers_by_place(found: Iterable[Diagnostic]) -> dict[Place, Diagnostic]:
    """The finding carrying the fix of each finding that a fix repairs without carrying it."""
    return {p: d for d in found if d.fix is not None and d.fix.resolves for p in places_resolved(d)}


def resolved_alongside(
    diagnostics: Iterable[Diagnostic], carriers: Iterable[Diagnostic]
) -> list[Diagnostic]:
    """The diagnostics without a fix of their own that a fix of `carriers` repairs."""
    places = carriers_by_place(carriers)
    if not places:
        return []
    return [d for d in diagnostics if d.fix is None and place(d) in places]
