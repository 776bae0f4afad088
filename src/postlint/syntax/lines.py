"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import accumulate

import attrs
from lark import Lark, Token, Tree

from postlint.syntax.ast import Blank, BrokenEntry, Comment, ErrorKind, LineKind, Node, PhysicalLine
from postlint.syntax.parse_tables import load_parser

_SINGLE_KIND = {"COMMENT_LINE": LineKind.COMMENT, "BLANK_LINE": LineKind.BLANK}


# Each physical line with its LF (the last one may lack it).
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# An inner comment or blank line: after a LF, only whitespace, then '#' or LF.
_GAP = re.compile(r"\n[ \t\x0b\x0c\r]*(?=([#\n]))")
_GAP_KIND = {"#": LineKind.INNER_COMMENT, "\n": LineKind.INNER_BLANK}


def physical_lines(token: Token) -> tuple[PhysicalLine, ...]:
    """The physical lines of one token, each with its kind and file offset."""
    text = str(token)
    base = token.start_pos or 0
    single = _SINGLE_KIND.get(token.type)
    if single is not None:
        return (PhysicalLine(single, text, base),)
    texts = _LINE.findall(text)
    starts = list(accumulate(map(len, texts), initial=base))
    # A big entry is thousands of continuation lines with a few comment or blank lines
    # among them: those few are found by one regex search, not by a look at every line.
    kinds = [LineKind.CONTINUATION] * len(texts)
    kinds[0] = LineKind.START if token.type == "ENTRY_LINES" else LineKind.CONTINUATION
    for gap in _GAP.finditer(text):
        kinds[bisect.bisect_right(starts, base + gap.start() + 1) - 1] = _GAP_KIND[gap.group(1)]
    return tuple(map(PhysicalLine, kinds, texts, starts))


@cache
def grammar_parser(grammar_file: str) -> Lark:
    """The (once loaded) LALR parser of main_cf.lark, master_cf.lark or value.lark."""
    return load_parser(grammar_file)


def token_groups(grammar_file: str, text: str) -> Iterator[tuple[str, Token]]:
    """Parse `text` into (rule name, token) pairs in file order: one token per logical line,
    comment line or blank line."""
    if not text:
        return
    tree: Tree = grammar_parser(grammar_file).parse(text)
    for child in tree.children:
        assert isinstance(child, Tree)
        token = child.children[0]
        assert isinstance(token, Token)
        yield str(child.data), token


def line_groups(grammar_file: str, text: str) -> Iterator[tuple[str, tuple[PhysicalLine, ...]]]:
    """Parse `text` into (rule name, physical lines) groups, in file order."""
    for rule, token in token_groups(grammar_file, text):
        yield rule, physical_lines(token)


@attrs.define
class NodeReuse:
    """Nodes of the previous parse of one document, by (rule, text, offset).

    A language server re-parses a file on every edit; with one of these per open file, only
    the entries whose text or position changed are built again. Nodes are never changed
    after parsing, so two trees may share them.
    """

    previous: dict[tuple[str, str, int], Node] = attrs.Factory(dict)
    current: dict[tuple[str, str, int], Node] = attrs.Factory(dict)

    def begin(self) -> None:
        self.previous, self.current = self.current, {}

    def node(self, rule: str, token: Token, build: Callable[[str, Token], Node]) -> Node:
        key = (rule, str(token), token.start_pos or 0)
        found = self.previous.get(key)
        if found is None:
            found = build(rule, token)
        self.current[key] = found
        return found


def parse_nodes(
    grammar_file: str,
    text: str,
    build_entry: Callable[[tuple[PhysicalLine, ...]], Node],
    reuse: NodeReuse | None = None,
) -> list[Node]:
    """The nodes of a file: comments, blanks and stray lines are the same in both files;
    `build_entry` makes a logical line into a parameter or a service."""

    def build(rule: str, lines: tuple[PhysicalLine, ...]) -> Node:
        if rule == "comment":
            return Comment(lines)
        if rule == "blank":
            return Blank(lines)
        if rule == "stray":
            entry = BrokenEntry(lines)
            entry.error = ErrorKind.INDENTED_START
            entry.message = "logical line must not start with whitespace"
            return entry
        return build_entry(lines)

    if reuse is None:
        return [build(rule, lines) for rule, lines in line_groups(grammar_file, text)]
    reuse.begin()
    return [
        reuse.node(rule, token, lambda r, t: build(r, physical_lines(t)))
        for rule, token in token_groups(grammar_file, text)
    ]
