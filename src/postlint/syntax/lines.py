"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from lark import Lark

from postlint.syntax.ast import Blank, BrokenEntry, Comment, ErrorKind, LineKind, Node, PhysicalLine
from postlint.syntax.parse_tables import load_parser
from postlint.syntax.physical import PhysicalLines, physical_lines

if TYPE_CHECKING:
    from postlint.syntax.incremental import NodeReuse

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
def _terminals(grammar_file: str) -> tuple[tuple[str, Callable[..., re.Match[str] | None]], ...]:
    """The grammar's terminals in the order Lark's lexer tries them, each as its own regex.

    Lark's lexer makes a Token per logical line and keeps line counts that nothing here
    reads: on a file of short entries that is most of the parse. Every terminal is allowed
    everywhere (see `line_rules`), so trying the same patterns in the same order finds the
    same tokens; tests compare the two on generated text. One regex per terminal, not one
    alternation of them all: a repeat inside an alternative makes the regex engine keep
    backtracking state for each continuation line (three times slower on a long list),
    and the first terminal that matches is what the alternation matches.
    """
    conf = grammar_parser(grammar_file).lexer_conf
    terminals = sorted(
        conf.terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    flags = conf.g_regex_flags
    return tuple((t.name, re.compile(t.pattern.to_regexp(), flags).match) for t in terminals)


# One logical line, comment line or blank line: (rule, terminal, text, file offset).
Lexeme = tuple[str, str, str, int]


def lexemes(grammar_file: str, text: str, offset: int = 0) -> Iterator[Lexeme]:
    """Lex `text` (which starts at file offset `offset`) into lexemes, in file order."""
    rules = line_rules(grammar_file)
    terminals = _terminals(grammar_file)
    position, end = 0, len(text)
    while position < end:
        for terminal, match in terminals:
            found = match(text, position)
            if found is not None and found.end() > position:
                yield rules[terminal], terminal, found.group(), offset + position
                position = found.end()
                break
        else:
            # No terminal matches (they cover any text: never): Lark's lexer says what is
            # wrong there, in its own words.
            yield from lark_lexemes(grammar_file, text[position:], offset + position)
            return


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
    build_entry: Callable[[Sequence[PhysicalLine]], Node],
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
            return build(rule, physical_lines(_FIRST_KIND[terminal], token, start))
        if rule == "entry":
            if token.find("\n") in (-1, len(token) - 1):  # the common entry: one line
                return build_entry((PhysicalLine(START, token, start),))
            return build_entry(PhysicalLines(START, token, start))
        if rule == "comment":
            return Comment((PhysicalLine(COMMENT, token, start),))
        if rule == "blank":
            return Blank((PhysicalLine(BLANK, token, start),))
        return build(rule, PhysicalLines(_FIRST_KIND[terminal], token, start))

    def build(rule: str, lines: Sequence[PhysicalLine]) -> Node:
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
