"""Findings located for output (rows, columns, source line) and the formatter interface."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TextIO

import attrs

from postlint.engine.diagnostics import Applicability, Diagnostic, Edit
from postlint.engine.rule import Rule
from postlint.syntax.ast import Position


# Not frozen, as Position and Finding: a file that repeats a setting has a fix on every
# line, and frozen attrs classes are slower to create. Nothing assigns to one.
@attrs.define(unsafe_hash=True)
class LocatedEdit:
    path: str
    start: Position
    end: Position
    content: str


# Not frozen, as Position: a dense file has 100,000 findings and frozen attrs classes are
# three times slower to create. Nothing assigns to one after `locate`.
@attrs.define(unsafe_hash=True)
class Finding:
    diagnostic: Diagnostic
    path: str
    start: Position
    end: Position
    source_line: str
    edits: tuple[LocatedEdit, ...] = ()
    # Whether `--fix` (with --unsafe-fixes when given, and the fixable/unfixable settings)
    # would apply this finding's fix; None: judge by the fix alone (a safe fix is applied).
    fixable: bool | None = None
    # Whether --unsafe-fixes would make it fixable (None: judge by the fix alone).
    unsafe_fixable: bool | None = None

    @property
    def is_fixable(self) -> bool:
        if self.fixable is not None:
            return self.fixable
        fix = self.diagnostic.fix
        return fix is not None and fix.applicability is Applicability.SAFE

    @property
    def has_unsafe_fix(self) -> bool:
        """Not fixable now, but with --unsafe-fixes (and the same fixable settings)."""
        if self.unsafe_fixable is not None:
            return self.unsafe_fixable and not self.is_fixable
        fix = self.diagnostic.fix
        return fix is not None and fix.applicability is Applicability.UNSAFE


@attrs.frozen
class Report:
    findings: Sequence[Finding]
    rules: Mapping[str, type[Rule]]
    files_checked: Sequence[str] = ()
    fixed: int = 0
    unsafe_fixes: bool = False  # --unsafe-fixes was given: unsafe fixes count as fixable
    # The release linted against when no --postfix-version or postfix-version setting chose one.
    assumed_version: str | None = None


class Formatter(Protocol):
    def format(self, report: Report) -> str: ...


def shows_edits(formatter: object) -> bool:
    """Whether a format prints where a fix's edits are (`Finding.edits`). A format says it
    does not with a `shows_edits = False` class attribute; a plugin's format that says
    nothing gets every edit located."""
    return bool(getattr(formatter, "shows_edits", True))


class Streamed:
    """A format written a batch of findings at a time (`write`): a large file's report is
    never all in memory as text. format() collects what write() streams."""

    def format(self, report: Report) -> str:
        out = io.StringIO()
        self.write(report, out)
        return out.getvalue()

    def write(self, report: Report, out: TextIO) -> None:
        raise NotImplementedError


def locate(
    diagnostic: Diagnostic,
    fixable: bool | None = None,
    unsafe_fixable: bool | None = None,
    *,
    keep_tree: bool = False,
) -> Finding:
    """Turn offsets into 1-based rows and character columns for one diagnostic, in the file
    it carries (and each edit in its own). The finding keeps no tree (`Diagnostic.detached`)
    unless `keep_tree`: the tree outlives the report anyway (see `locate_all`)."""
    tree = diagnostic.file
    span = diagnostic.span
    start, end, source_line = tree.span_positions(span.start, span.end)
    fix = diagnostic.fix
    return Finding(
        diagnostic if keep_tree else diagnostic.detached(),
        tree.path,
        start,
        end,
        source_line,
        () if fix is None else _located_edits(fix.edits),
        fixable,
        unsafe_fixable,
    )


def locate_all(
    diagnostics: list[Diagnostic],
    fixability: Callable[[Diagnostic], tuple[bool, bool]],
    *,
    keep_tree: bool = False,
    with_edits: bool = True,
) -> list[Finding]:
    """`locate` each diagnostic, in order, emptying the list as it goes: each diagnostic is
    let go once located, so a dense file's 100,000 findings do not exist twice at the peak.
    `fixability` says whether --fix (and --fix --unsafe-fixes) would apply a fix.

    `keep_tree`: the findings keep the diagnostics as they are, trees and all, which saves
    a copy per finding where the tree lives until the report is written anyway (a run
    of one configuration in one process); other runs keep every finding but none of the
    trees (about 300 kB each), and a worker process sends its findings without them.

    `with_edits`: False when the output never shows where a fix's edits are (the text
    formats show a fix's message, not its edits): each finding's edits stay unlocated
    (`Finding.edits` is empty), two searches and an object less per edit. Whether a
    finding is fixable does not depend on them (`fixability`).
    """
    found: list[Finding] = []
    add = found.append
    diagnostics.reverse()
    pop = diagnostics.pop
    tree: object = None
    # `locate` inline: one call less per finding, and the file's path and line search
    # looked up once per run of findings in one file, not once per finding.
    while diagnostics:
        d = pop()
        if d.file is not tree:
            tree = d.file
            where = d.file.span_positions
            path = d.file.path
        span = d.span
        start, end, source_line = where(span.start, span.end)
        kept = d if keep_tree else d.detached()
        fix = d.fix
        if fix is None:
            add(Finding(kept, path, start, end, source_line, (), False, False))
            continue
        fixable, unsafe_fixable = fixability(d)
        edits = _located_edits(fix.edits) if with_edits else ()
        add(Finding(kept, path, start, end, source_line, edits, fixable, unsafe_fixable))
    return found


def _located_edits(edits: tuple[Edit, ...]) -> tuple[LocatedEdit, ...]:
    if len(edits) == 1:  # most fixes: no map and tuple() for one edit
        return (_located_edit(edits[0]),)
    return tuple(map(_located_edit, edits))


def _located_edit(edit: Edit) -> LocatedEdit:
    # Both ends from one search, which starts at the line located last: most edits are on
    # their finding's line (or delete it, ending where the next begins).
    target = edit.file
    start, end, _line = target.span_positions(edit.start, edit.end)
    return LocatedEdit(target.path, start, end, edit.content)
