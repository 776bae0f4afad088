"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

import attrs
from lark import Lark, Token, Tree

from postlint.syntax.ast import Blank, BrokenEntry, Comment, ErrorKind, LineKind, Node, PhysicalLine
from postlint.syntax.parse_tables import load_parser

_SINGLE_KIND = {"COMMENT_LINE": LineKind.COMMENT, "BLANK_LINE": LineKind.BLANK}
_SPACE = " \t\x0b\x0c\r"


def physical_lines(token: Token) -> tuple[PhysicalLine, ...]:
    """The physical lines of one token, each with its kind and file offset."""
    text = str(token)
    base = token.start_pos or 0
    single = _SINGLE_KIND.get(token.type)
    if single is not None:
        return (PhysicalLine(single, text, base),)
    parts = text.split("\n")
    last = parts.pop()  # text after the final LF: "" when the token ends with one
    lines = []
    position = base
    start = LineKind.START if token.type == "ENTRY_LINES" else LineKind.CONTINUATION
    for index, part in enumerate(parts):
        if index == 0:
            kind = start
        else:
            rest = part.lstrip(_SPACE)
            if not rest:
                kind = LineKind.INNER_BLANK
            elif rest[0] == "#":
                kind = LineKind.INNER_COMMENT
            else:
                kind = LineKind.CONTINUATION
        lines.append(PhysicalLine(kind, part + "\n", position))
        position += len(part) + 1
    if last:
        # A final line without LF (end of file): continuation or, if it is the only one, the start.
        lines.append(PhysicalLine(LineKind.CONTINUATION if lines else start, last, position))
    return tuple(lines)


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
