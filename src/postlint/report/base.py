"""Findings located for output (rows, columns, source line) and the formatter interface."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import attrs

from postlint.engine.diagnostics import Applicability, Diagnostic
from postlint.engine.rule import Rule
from postlint.syntax.ast import Position


@attrs.frozen
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


def locate(
    diagnostic: Diagnostic, fixable: bool | None = None, unsafe_fixable: bool | None = None
) -> Finding:
    """Turn offsets into 1-based rows and character columns for one diagnostic, in the file
    it carries (and each edit in its own). The finding keeps no tree (`Diagnostic.detached`)."""
    tree = diagnostic.file
    span = diagnostic.span
    start, end, source_line = tree.span_positions(span.start, span.end)
    located: list[LocatedEdit] = []
    if diagnostic.fix is not None:
        for edit in diagnostic.fix.edits:
            target = edit.file
            located.append(
                LocatedEdit(
                    target.path,
                    target.position(edit.start),
                    target.position(edit.end),
                    edit.content,
                )
            )
    return Finding(
        diagnostic.detached(),
        tree.path,
        start,
        end,
        source_line,
        tuple(located),
        fixable,
        unsafe_fixable,
    )
