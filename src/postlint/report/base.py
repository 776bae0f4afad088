"""Findings located for output (rows, columns, source line) and the formatter interface."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import attrs

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.rule import Rule
from postlint.syntax.ast import ConfigFile, Position


@attrs.frozen
class LocatedEdit:
    path: str
    start: Position
    end: Position
    content: str


@attrs.frozen
class Finding:
    diagnostic: Diagnostic
    path: str
    start: Position
    end: Position
    source_line: str
    edits: tuple[LocatedEdit, ...] = ()


@attrs.frozen
class Report:
    findings: Sequence[Finding]
    rules: Mapping[str, type[Rule]]
    files_checked: Sequence[str] = ()
    fixed: int = 0
    # The release linted against when no --postfix-version or postfix-version setting chose one.
    assumed_version: str | None = None


class Formatter(Protocol):
    def format(self, report: Report) -> str: ...


def locate(
    diagnostic: Diagnostic, files: Mapping[object, ConfigFile], paths: Mapping[object, str]
) -> Finding:
    """Turn offsets into 1-based rows and character columns for one diagnostic."""
    tree = files[diagnostic.file]
    start = tree.position(diagnostic.span.start)
    end = tree.position(diagnostic.span.end)
    located: list[LocatedEdit] = []
    if diagnostic.fix is not None:
        for edit in diagnostic.fix.edits:
            target = files.get(edit.file, tree)
            located.append(
                LocatedEdit(
                    paths.get(edit.file, target.path),
                    target.position(edit.start),
                    target.position(edit.end),
                    edit.content,
                )
            )
    return Finding(
        diagnostic, paths[diagnostic.file], start, end, tree.line_text(start.line), tuple(located)
    )
