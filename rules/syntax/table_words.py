"""Which words of a list setting name lookup tables, and what a table that cannot be opened
does, for PL423 (unknown-table-type) and PL411 (missing-table-file)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.syntax.address_lists import on_error

from postlint.api import (
    ADDRESS_LISTS,
    LIST_SEPARATORS,
    Setting,
    Span,
    brace_tokens,
    known_restrictions,
    walk_restrictions,
)

_FAILS = "every lookup in it fails, so what it decides is deferred (a temporary error)"


def lookup_failure(name: str) -> str:
    """What a table that cannot be opened does in the setting `name`: in a host or address
    list, a lookup error, which each list's program handles its own way."""
    return on_error(name) if name in ADDRESS_LISTS else _FAILS


def table_words(setting: Setting, restriction_names: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) in the value of each word that names a table: every word of a table or
    match list, and in a restriction list the bare tables and the arguments of the
    restrictions that take one (check_client_access type:name)."""
    tokens = list(brace_tokens(setting.value, LIST_SEPARATORS))
    if setting.name not in restriction_names:
        yield from tokens
        return
    words = [(setting.value[s:e], Span(s, e)) for s, e in tokens]
    takes_table = known_restrictions()
    at = 0
    for step in walk_restrictions(words, restriction_names):
        if step.kind == "table":
            yield tokens[at]
        elif step.argument is not None:
            if takes_table.get(step.word.lower()) == "table":
                yield tokens[at + 1]
            at += 1
        at += 1


# For a long list, what tells whether a word may be a table: the separators (as blanks),
# the brackets and ':'; every other byte is dropped.
_SEPARATORS_TO_BLANK = bytes.maketrans(b",\t\r\n", b"    ")
_ALL_BUT_STRUCTURE = bytes(b for b in range(256) if b not in b"[]: ,\t\r\n")


def may_name_tables(value: str) -> bool:
    """Whether a word of the list may have a ':' without starting with '[' (a '!' aside),
    answered at the speed of bytes.translate: with the other bytes gone, such a word
    starts with ':' or ']' right after a blank. Never False for a list with a table (a
    '{' anywhere may start a braced word, read as a table when it holds a ':')."""
    if "{" in value:
        return True
    reduced = value.encode("utf-8", "surrogatepass").translate(
        _SEPARATORS_TO_BLANK, _ALL_BUT_STRUCTURE
    )
    return reduced[:1] in (b":", b"]") or b" :" in reduced or b" ]" in reduced
