"""Lexing a main.cf or master.cf into logical lines from the shipped tables, without Lark.

The line grammars are `start: _item*` with one terminal per item, so any sequence of their
tokens parses and a file's lexemes are all a parse gives (lines.py). Lark lexes such a file
with its basic lexer: at each offset, the first terminal, in Lark's order, whose regular
expression matches there. That needs only the terminals, which the shipped tables hold, so
it is done here with the same patterns tried in the same order: importing Lark is about a
seventh of a cold start. When the tables do not fit the grammar, or hold what this does not
reproduce (string terminals, ignored terminals, a terminal without its width), Lark lexes
as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from postlint.syntax.parse_tables import load_parser, shipped_tables
from postlint.syntax.possessive import SUPPORTED as POSSESSIVE_REPEATS

# (terminal, offset in the text, token text)
Token = tuple[str, int, str]
# A numbered or named backreference: `\\1`, `(?P=name)`.
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class LineScanner:
    """The tokens of a text and the rule each terminal makes (`entry: ENTRY_LINES` ...)."""

    def __init__(self, tokens: Callable[[str], Iterator[Token]], rules: dict[str, str]):
        self.tokens = tokens
        self.rules = rules


class LexError(ValueError):
    """No terminal matches (the line grammars match any text, so this means a bad table)."""


@cache
def line_scanner(grammar_file: str) -> LineScanner:
    """The scanner of lines.lark, built once."""
    document = shipped_tables(grammar_file)
    try:
        found = _from_tables(document) if document is not None else None
    except (KeyError, TypeError, IndexError, ValueError, re.error):
        found = None  # tables of another shape (another Lark version wrote them)
    return found if found is not None else lark_scanner(grammar_file)


def _from_tables(document: dict[str, Any]) -> LineScanner | None:
    memo = document["memo"]
    data = document["data"]
    lexer_conf = data["parser"]["lexer_conf"]
    terminals = [memo[ref["@"]] for ref in lexer_conf["terminals"]]
    if lexer_conf["ignore"] or any(t["pattern"]["__type__"] != "PatternRE" for t in terminals):
        return None
    if any(not t["pattern"].get("_width") or t["pattern"]["_width"][0] < 1 for t in terminals):
        return None
    # Lark's order: priority, then the longest possible match, then the longer pattern.
    terminals.sort(
        key=lambda t: (
            -t["priority"],
            -t["pattern"]["_width"][1],
            -len(t["pattern"]["value"]),
            t["name"],
        )
    )
    flags = lexer_conf["g_regex_flags"]
    patterns = [_regexp(t["pattern"]) for t in terminals]
    if any(_BACKREFERENCE.search(pattern) for pattern in patterns):
        return None  # their group numbers would change in one pattern of them all
    # Each terminal, then an empty group named after it: the last group a match closes,
    # so it tells which terminal matched (see `_scanning`).
    alternatives = (
        f"(?:{_committed(p)})(?P<{t['name']}>)" for t, p in zip(terminals, patterns, strict=True)
    )
    scanner = re.compile("|".join(alternatives), flags)
    rules = {}
    for ref in data["rules"]:
        rule = memo[ref["@"]]
        expansion = rule["expansion"]
        if len(expansion) == 1 and expansion[0]["__type__"] == "Terminal":
            rules[expansion[0]["name"]] = rule["origin"]["name"]
    return LineScanner(_scanning(scanner.match), rules)


def _committed(pattern: str) -> str:
    """A pattern whose last element is a repeated group, with that repeat made possessive
    (Python 3.11+): here only an empty group follows a terminal, and it always matches, so
    the repeat is never asked to give back what it matched and matches the same. The
    regex engine then keeps no state per repeat: the first scan of a continued list of
    100,000 lines takes a third of the time and touches a third of the memory."""
    if POSSESSIVE_REPEATS and pattern.endswith(")*") and not pattern.endswith("\\)*"):
        return pattern + "+"
    return pattern


def _regexp(pattern: dict[str, Any]) -> str:
    """A terminal's regular expression with its flags, as Lark writes it."""
    value = str(pattern["value"])
    for flag in pattern["flags"]:
        value = f"(?{flag}:{value})"
    return value


def _scanning(
    match: Callable[[str, int], re.Match[str] | None],
) -> Callable[[str], Iterator[Token]]:
    """Tokens from one alternation of the terminals in Lark's order, as Lark's own lexer
    matches them (the first alternative that matches wins).

    Lark names each alternative with a group around it; here an empty group after it tells
    which matched. A group around an alternative is open while its repeat runs, and the
    regex engine then saves the group marks at every repeat: once for each continuation
    line of a long continued list, twice as slow on such a list (and a larger stack).
    """

    def tokens(text: str) -> Iterator[Token]:
        position, end = 0, len(text)
        while position < end:
            found = match(text, position)
            if found is None or found.end() == position:
                raise LexError(f"no line terminal matches at offset {position}")
            yield found.lastgroup or "", position, found.group()
            position = found.end()

    return tokens


@cache
def lark_scanner(grammar_file: str) -> LineScanner:
    """Lark's own lexer, for tables that do not fit (slower to start, same tokens)."""
    parser = load_parser(grammar_file)

    def tokens(text: str) -> Iterator[Token]:
        for token in parser.lex(text):
            yield token.type, token.start_pos or 0, str(token)

    rules = {
        rule.expansion[0].name: rule.origin.name
        for rule in parser.rules
        if len(rule.expansion) == 1 and rule.expansion[0].is_term
    }
    return LineScanner(tokens, rules)
