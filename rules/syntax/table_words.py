"""Which words of a list setting name lookup tables, which tables they are, and what a table
that cannot be opened does: for PL423 (unknown-table-type), PL411 (missing-table-file) and
PL311 (berkeley-db-table)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from postlint_rules.syntax.address_lists import on_error

from postlint.api import (
    ADDRESS_LISTS,
    LIST_SEPARATORS,
    MATCH_LISTS,
    WRAPPING_TYPES,
    Context,
    Setting,
    Span,
    brace_tokens,
    known_restrictions,
    restriction_list_names,
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


# Lists of tables proxymap may open, not lookups: their tables are read where they are used.
_NOT_LOOKUPS = frozenset(("proxy_read_maps", "proxy_write_maps"))
# Types whose name is a list of tables in braces (unionmap:{hash:/x, hash:/y}), and how deep
# such lists are read inside each other (a bound for hostile input; real ones nest once).
COMPOSITE_TYPES = frozenset(("pipemap", "unionmap"))
DEEPEST = 8


class NamedTable(NamedTuple):
    """A table a setting names, and where: value[start:end] of the setting."""

    setting: Setting
    start: int
    end: int
    kind: str  # the type of the table behind proxy:
    name: str  # $names expanded


def overridden(ctx: Context, setting: Setting) -> bool:
    """A main.cf line that a later line of the same name overrides (the last one wins)."""
    return setting.parameter is not None and setting.parameter is not ctx.config.definition(
        setting.name
    )


def named_tables(ctx: Context, *, opened_only: bool = False) -> Iterator[NamedTable]:
    """Every table the lookup table, match and restriction lists name, in main.cf and -o:
    behind proxy:, and each member of unionmap:{...} and pipemap:{...} where it is written.
    `opened_only`: only those Postfix opens: not those of a main.cf line a later line of the
    name overrides, nor of an -o its service's program never reads (PL202 reports that)."""
    restriction_names = restriction_list_names(ctx.config)
    maps = ctx.catalogue.names_with("kind", "map-list") - _NOT_LOOKUPS
    wanted = maps | MATCH_LISTS | restriction_names
    for setting in ctx.settings(wanted, value=lambda value: ":" in value, only_read=opened_only):
        if opened_only and overridden(ctx, setting):
            continue
        if len(setting.value) > 4096 and not may_name_tables(setting.value):
            continue  # thousands of networks: nothing here is a table
        for start, end in table_words(setting, restriction_names):
            skip = len(setting.value[start:end]) - len(setting.value[start:end].lstrip("!"))
            yield from _tables(ctx, setting, start + skip, end, 0)


def _tables(
    ctx: Context, setting: Setting, start: int, end: int, depth: int
) -> Iterator[NamedTable]:
    word = setting.value[start:end]
    if ":" not in word:
        return  # a bare $name stands for another setting's tables: read where written
    if "$" in word:
        word = ctx.expanded(word, setting.service).strip()
        if any(c in LIST_SEPARATORS for c in word):
            return
    kind, _sep, name = word.partition(":")
    while kind in WRAPPING_TYPES and ":" in name:
        kind, _sep, name = name.partition(":")
    if kind in COMPOSITE_TYPES and name[:1] == "{" and name[-1:] == "}" and depth < DEEPEST:
        if word != setting.value[start:end]:
            return  # a member list that came from a $name: read where it is written
        inner = end - len(name) + 1
        for s, e in brace_tokens(setting.value[inner : end - 1], LIST_SEPARATORS):
            yield from _tables(ctx, setting, inner + s, inner + e, depth + 1)
    elif kind and name:
        yield NamedTable(setting, start, end, kind, name)
