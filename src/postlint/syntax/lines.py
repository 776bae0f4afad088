"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

from postlint.syntax.ast import Blank, BrokenEntry, Comment, ErrorKind, LineKind, Node, PhysicalLine
from postlint.syntax.line_scanner import line_scanner

if TYPE_CHECKING:
    from lark import Lark

    from postlint.syntax.incremental import NodeReuse

_SINGLE_KIND = {"COMMENT_LINE": LineKind.COMMENT, "BLANK_LINE": LineKind.BLANK}


# Each physical line with its LF (the last one may lack it).
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# An inner comment or blank line: after a LF, only whitespace, then '#' or LF.
_GAP = re.compile(r"\n[ \t\x0b\x0c\r]*(?=([#\n]))")
_GAP_KIND = {"#": LineKind.INNER_COMMENT, "\n": LineKind.INNER_BLANK}


def physical_lines(terminal: str, text: str, base: int) -> tuple[PhysicalLine, ...]:
    """The physical lines of one token (terminal, text, file offset), each with its kind."""
    single = _SINGLE_KIND.get(terminal)
    if single is not None:
        return (PhysicalLine(single, text, base),)
    texts = _LINE.findall(text)
    starts = list(accumulate(map(len, texts), initial=base))
    # A big entry is thousands of continuation lines with a few comment or blank lines
    # among them: those few are found by one regex search, not by a look at every line.
    kinds = [LineKind.CONTINUATION] * len(texts)
    kinds[0] = LineKind.START if terminal == "ENTRY_LINES" else LineKind.CONTINUATION
    for gap in _GAP.finditer(text):
        kinds[bisect.bisect_right(starts, base + gap.start() + 1) - 1] = _GAP_KIND[gap.group(1)]
    return tuple(map(PhysicalLine, kinds, texts, starts))


@cache
def grammar_parser(grammar_file: str) -> Lark:
    """The (once loaded) LALR parser of main_cf.lark, master_cf.lark or value.lark."""
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
    if not text:
        return
    scanner = line_scanner(grammar_file)  # Lark's lexing, without importing Lark
    rules = scanner.rules
    for terminal, start, token in scanner.tokens(text):
        yield rules[terminal], terminal, token, offset + start


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

    def build_lexeme(lexeme: Lexeme) -> Node:
        rule, terminal, token, start = lexeme
        return build(rule, physical_lines(terminal, token, start))

    if reuse is None:
        return [build_lexeme(lexeme) for lexeme in lexemes(grammar_file, text)]
    return reuse.nodes(reuse.lexemes(grammar_file, text), build_lexeme)
