"""Lark front end shared by both files: physical lines grouped into logical lines."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree

from postlint.syntax.ast import LineKind, PhysicalLine

_KIND_OF_TOKEN = {
    "START_LINE": LineKind.START,
    "CONT_LINE": LineKind.CONTINUATION,
    "COMMENT_LINE": LineKind.COMMENT,
    "BLANK_LINE": LineKind.BLANK,
    "INNER_COMMENT": LineKind.INNER_COMMENT,
    "INNER_BLANK": LineKind.INNER_BLANK,
}


class InnerLinePostLexer:
    """Retype comment and blank lines that Postfix drops inside a continued entry.

    A comment or blank line does not end a logical line: if the next line that is
    neither is a continuation line, they all belong to the entry before them.
    """

    always_accept = ("COMMENT_LINE", "BLANK_LINE")

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        pending: list[Token] = []
        open_entry = False
        for token in stream:
            kind = token.type
            if kind in ("COMMENT_LINE", "BLANK_LINE"):
                pending.append(token)
                continue
            if kind == "CONT_LINE" and open_entry:
                for gap in pending:
                    gap.type = "INNER_COMMENT" if gap.type == "COMMENT_LINE" else "INNER_BLANK"
                    yield gap
            else:
                yield from pending
            pending.clear()
            open_entry = True
            yield token
        yield from pending


def table_cache(grammar_file: str) -> str | bool:
    """Where Lark may keep the built parse tables of a grammar between runs.

    Building the LALR tables is most of a cold start. Lark stores them with a hash of the
    grammar, the options and its own version, and rebuilds when any of them changes.
    POSTLINT_CACHE_DIR overrides the location; an unwritable or shared location means no
    cache (Lark pickles the tables, so a directory others can write to is not used).
    """
    base = os.environ.get("POSTLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "postlint"
    )
    try:
        os.makedirs(base, exist_ok=True)
    except OSError:
        return False
    # The tables are pickled: only a directory that nobody else can write to is trusted.
    info = os.stat(base)
    if info.st_uid != os.getuid() or info.st_mode & 0o022 or not os.access(base, os.W_OK):
        return False
    return os.path.join(base, f"{grammar_file}.tables")


@cache
def grammar_parser(grammar_file: str) -> Lark:
    """Build (once) the LALR parser for one of the packaged .lark grammars."""
    return Lark.open_from_package(
        "postlint.syntax",
        grammar_file,
        parser="lalr",
        lexer="contextual",
        postlex=InnerLinePostLexer(),
        maybe_placeholders=False,
        cache=table_cache(grammar_file),
    )


@cache
def plain_parser(grammar_file: str) -> Lark:
    """Build (once) an LALR parser without the line post-lexer (for value.lark)."""
    return Lark.open_from_package(
        "postlint.syntax",
        grammar_file,
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        cache=table_cache(grammar_file),
    )


def line_groups(grammar_file: str, text: str) -> Iterator[tuple[str, tuple[PhysicalLine, ...]]]:
    """Parse `text` into (rule name, physical lines) groups, in file order."""
    if not text:
        return
    tree: Tree = grammar_parser(grammar_file).parse(text)
    for child in tree.children:
        assert isinstance(child, Tree)
        lines = tuple(
            PhysicalLine(_KIND_OF_TOKEN[tok.type], str(tok), tok.start_pos)
            for tok in child.children
            if isinstance(tok, Token)
        )
        yield str(child.data), lines
