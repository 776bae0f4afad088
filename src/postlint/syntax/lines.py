"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

from lark import Lark

from postlint.syntax.ast import Blank, BrokenEntry, Comment, ErrorKind, LineKind, Node, PhysicalLine
from postlint.syntax.parse_tables import load_parser

if TYPE_CHECKING:
    from postlint.syntax.incremental import NodeReuse

_SINGLE_KIND = {"COMMENT_LINE": LineKind.COMMENT, "BLANK_LINE": LineKind.BLANK}
START, COMMENT, BLANK = LineKind.START, LineKind.COMMENT, LineKind.BLANK


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


# The grammar of both files (util/readlline.c reads main.cf and master.cf alike).
GRAMMAR = "lines.lark"


@cache
def grammar_parser(grammar_file: str) -> Lark:
    """The (once loaded) LALR parser of lines.lark or value.lark."""
    return load_parser(grammar_file)


@cache
def line_rules(grammar_file: str) -> dict[str, str]:
    """The rule each line terminal makes (`entry: ENTRY_LINES` ...), read from the grammar.

    A file is `start: _item*` with one terminal per item, so any sequence of tokens parses
    and the tree adds nothing to the tokens: lexing alone gives the same (rule, token)
    sequence as parsing, at half the cost, and can restart at any logical line.
    """
    return {
        rule.expansion[0].name: rule.origin.name
        for rule in grammar_parser(grammar_file).rules
        if len(rule.expansion) == 1 and rule.expansion[0].is_term
    }


@cache
def _scanner(grammar_file: str) -> re.Pattern[str]:
    """The grammar's terminals as one regex, one named group each, in the order Lark's
    lexer tries them.

    Lark's lexer makes a Token per logical line and keeps line counts that nothing here
    reads: on a file of short entries that is most of the parse. Every terminal is allowed
    everywhere (see `line_rules`), so one `finditer` over the same patterns finds the same
    tokens; tests compare the two on generated text.
    """
    conf = grammar_parser(grammar_file).lexer_conf
    terminals = sorted(
        conf.terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    union = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
    return re.compile(union, conf.g_regex_flags)


# One logical line, comment line or blank line: (rule, terminal, text, file offset).
Lexeme = tuple[str, str, str, int]


def lexemes(grammar_file: str, text: str, offset: int = 0) -> Iterator[Lexeme]:
    """Lex `text` (which starts at file offset `offset`) into lexemes, in file order."""
    rules = line_rules(grammar_file)
    position = 0
    for match in _scanner(grammar_file).finditer(text):
        if match.start() != position:
            break  # text no terminal matches (the terminals cover any text: never)
        terminal = match.lastgroup
        assert terminal is not None
        yield rules[terminal], terminal, match.group(), offset + position
        position = match.end()
    if position < len(text):
        # Lark's lexer says what is wrong there, in its own words.
        yield from lark_lexemes(grammar_file, text[position:], offset + position)


def lark_lexemes(grammar_file: str, text: str, offset: int = 0) -> Iterator[Lexeme]:
    """What `lexemes` gives, from Lark's own lexer (the reference the tests compare with)."""
    if not text:
        return
    rules = line_rules(grammar_file)
    for token in grammar_parser(grammar_file).lex(text):
        yield rules[token.type], token.type, str(token), offset + (token.start_pos or 0)


def parse_nodes(
    grammar_file: str,
    text: str,
    build_entry: Callable[[tuple[PhysicalLine, ...]], Node],
    reuse: NodeReuse | None = None,
    fast: bool = True,
) -> list[Node]:
    """The nodes of a file: comments, blanks and stray lines are the same in both files;
    `build_entry` makes a logical line into a parameter or a service.

    `fast=False` takes the general path everywhere (Lark's lexer; every entry cut into
    physical lines by `physical_lines`): the trees must be equal, and tests compare them.
    """

    def build_lexeme(lexeme: Lexeme) -> Node:
        rule, terminal, token, start = lexeme
        if not fast:
            return build(rule, physical_lines(terminal, token, start))
        if rule == "entry":
            if token.find("\n") in (-1, len(token) - 1):  # the common entry: one line
                return build_entry((PhysicalLine(START, token, start),))
            return build_entry(physical_lines(terminal, token, start))
        if rule == "comment":
            return Comment((PhysicalLine(COMMENT, token, start),))
        if rule == "blank":
            return Blank((PhysicalLine(BLANK, token, start),))
        return build(rule, physical_lines(terminal, token, start))

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
        found = lexemes(grammar_file, text) if fast else lark_lexemes(grammar_file, text)
        return list(map(build_lexeme, found))
    return reuse.nodes(reuse.lexemes(grammar_file, text), build_lexeme)
