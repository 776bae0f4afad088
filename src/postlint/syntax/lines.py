"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from postlint.syntax.ast import Blank, BrokenEntry, Comment, ErrorKind, LineKind, Node, PhysicalLine
from postlint.syntax.line_scanner import lark_scanner, line_scanner
from postlint.syntax.physical import PhysicalLines, physical_lines

if TYPE_CHECKING:
    from lark import Lark

    from postlint.syntax.incremental import NodeReuse
    from postlint.syntax.line_scanner import LineScanner, Token

START, CONTINUATION = LineKind.START, LineKind.CONTINUATION
COMMENT, BLANK = LineKind.COMMENT, LineKind.BLANK
# The kind of the first physical line of each terminal.
_FIRST_KIND = {"ENTRY_LINES": START, "STRAY_LINES": CONTINUATION}
_FIRST_KIND |= {"COMMENT_LINE": COMMENT, "BLANK_LINE": BLANK}


# The grammar of both files (util/readlline.c reads main.cf and master.cf alike).
GRAMMAR = "lines.lark"


@cache
def grammar_parser(grammar_file: str) -> Lark:
    """The (once loaded) LALR parser of lines.lark or value.lark."""
    from postlint.syntax.parse_tables import load_parser  # imports Lark: not on every start

    return load_parser(grammar_file)


# One logical line, comment line or blank line: (rule, terminal, text, file offset).
Lexeme = tuple[str, str, str, int]


def lexemes(grammar_file: str, text: str, offset: int = 0) -> Iterator[Lexeme]:
    """Lex `text` (which starts at file offset `offset`) into lexemes, in file order.

    A file is `start: _item*` with one terminal per item, so any sequence of tokens parses
    and the tree adds nothing to the tokens: lexing alone gives the same (rule, token)
    sequence as parsing, at half the cost, and can restart at any logical line.
    """
    yield from _lexemes_of(line_scanner(grammar_file), text, offset)


def lark_lexemes(grammar_file: str, text: str, offset: int = 0) -> Iterator[Lexeme]:
    """What `lexemes` gives, from Lark's own lexer (the reference the tests compare with)."""
    yield from _lexemes_of(lark_scanner(grammar_file), text, offset)


def _lexemes_of(scanner: LineScanner, text: str, offset: int) -> Iterator[Lexeme]:
    if not text:
        return
    rules = scanner.rules
    for terminal, start, token in scanner.tokens(text):
        yield rules[terminal], terminal, token, offset + start


def parse_nodes(
    grammar_file: str,
    text: str,
    build_entry: Callable[[Sequence[PhysicalLine]], Node],
    reuse: NodeReuse | None = None,
    fast: bool = True,
    build_line: Callable[[str, int], Node] | None = None,
) -> list[Node]:
    """The nodes of a file: comments, blanks and stray lines are the same in both files;
    `build_entry` makes a logical line into a parameter or a service, and `build_line`, if
    given, does the same for an entry on one physical line from its text and file offset.

    `fast=False` takes the general path everywhere (Lark's lexer; every entry cut into
    physical lines by `physical_lines`): the trees must be equal, and tests compare them.
    """
    if build_line is None:

        def build_line(token: str, start: int) -> Node:
            return build_entry((PhysicalLine(START, token, start),))

    def build_lexeme(lexeme: Lexeme) -> Node:
        rule, terminal, token, start = lexeme
        if not fast:
            return _build(rule, physical_lines(_FIRST_KIND[terminal], token, start), build_entry)
        return _nodes_of([(terminal, start, token)], {terminal: rule}, build_entry, build_line)[0]

    if reuse is None and fast:
        scanner = line_scanner(grammar_file)
        return _nodes_of(scanner.tokens(text), scanner.rules, build_entry, build_line)
    if reuse is None:
        return list(map(build_lexeme, lark_lexemes(grammar_file, text)))
    return reuse.nodes(reuse.lexemes(grammar_file, text), build_lexeme)


def _nodes_of(
    tokens: Iterable[Token],
    rules: dict[str, str],
    build_entry: Callable[[Sequence[PhysicalLine]], Node],
    build_line: Callable[[str, int], Node],
) -> list[Node]:
    """The node of each token (terminal, offset, text), in one loop: a large file is a
    hundred thousand lines, and a call less per line is a twentieth of a parse."""
    nodes: list[Node] = []
    append = nodes.append
    for terminal, start, token in tokens:
        if terminal == "ENTRY_LINES":
            if token.find("\n", 0, -1) < 0:  # the common entry: one line
                append(build_line(token, start))
            else:  # its lines are made when asked for (PhysicalLines)
                append(build_entry(PhysicalLines(START, token, start)))
        elif terminal == "COMMENT_LINE":
            append(Comment((PhysicalLine(COMMENT, token, start),)))
        elif terminal == "BLANK_LINE":
            append(Blank((PhysicalLine(BLANK, token, start),)))
        else:
            lines = PhysicalLines(_FIRST_KIND[terminal], token, start)
            append(_build(rules[terminal], lines, build_entry))
    return nodes


def _build(
    rule: str,
    lines: Sequence[PhysicalLine],
    build_entry: Callable[[Sequence[PhysicalLine]], Node],
) -> Node:
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
