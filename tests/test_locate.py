"""Locating findings: rows and columns, and which findings may keep their parsed file."""

from __future__ import annotations

from postlint.engine.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from postlint.report.base import locate_all
from postlint.syntax.ast import ConfigFile, FileKind, Position, Span
from postlint.syntax.main_cf import parse_main_cf


def _diagnostics(tree: ConfigFile) -> list[Diagnostic]:
    fix = Fix("drop it", (Edit(tree, 0, 6, ""),), Applicability.UNSAFE)
    return [
        Diagnostic("PL1", "one", "first", Severity.INFO, tree, Span(0, 1)),
        Diagnostic("PL2", "two", "second", Severity.ERROR, tree, Span(8, 11), fix=fix),
    ]


def test_rows_columns_and_fixability_in_order() -> None:
    tree = parse_main_cf("a = b\nccc = d\n", "dir/main.cf")
    pending = _diagnostics(tree)
    asked = []

    def fixability(d: Diagnostic) -> tuple[bool, bool]:
        asked.append(d.code)
        return (False, True)

    found = locate_all(pending, fixability)
    assert pending == []  # each diagnostic let go once located
    assert [(f.start, f.end, f.source_line) for f in found] == [
        (Position(1, 1), Position(1, 2), "a = b"),
        (Position(2, 3), Position(2, 6), "ccc = d"),
    ]
    assert asked == ["PL2"]  # only a finding with a fix is judged
    assert [(f.fixable, f.unsafe_fixable) for f in found] == [(False, False), (False, True)]
    assert [(e.start, e.end) for e in found[1].edits] == [(Position(1, 1), Position(2, 1))]


def test_findings_keep_no_tree_unless_asked() -> None:
    tree = parse_main_cf("a = b\nccc = d\n", "dir/main.cf")
    detached = locate_all(_diagnostics(tree), lambda d: (True, True))
    for f in detached:
        assert not isinstance(f.diagnostic.file, ConfigFile)
        assert (f.diagnostic.file.kind, f.diagnostic.file.path) == (FileKind.MAIN, "dir/main.cf")
        for edit in f.diagnostic.fix.edits if f.diagnostic.fix else ():
            assert not isinstance(edit.file, ConfigFile)
    kept = locate_all(_diagnostics(tree), lambda d: (True, True), keep_tree=True)
    assert all(f.diagnostic.file is tree for f in kept)
    # The same finding otherwise: only the file is named differently.
    assert [f.diagnostic.detached() for f in kept] == [f.diagnostic for f in detached]


def test_positions_in_any_order_match_a_search_each() -> None:
    # `span_positions` tries the line it found last, then the next one: findings come in
    # file order. Out of order, across line ends, at the last line without a final LF and
    # on empty lines, it must still say what a search per offset says.
    text = "a = b\n\nccc = d\n    e\nlast = x"
    tree = parse_main_cf(text, "dir/main.cf")
    lines = text.split("\n")
    offsets = list(range(len(text) + 1))
    # Every offset right after every other one: each jump forward and back.
    order = [x for before in offsets for offset in offsets for x in (before, offset)]
    for start in order:
        for end in (start, min(start + 1, len(text)), len(text)):
            first, last, source = tree.span_positions(start, end)
            assert (first, last) == (tree.position(start), tree.position(end))
            assert source == lines[first.line - 1]
