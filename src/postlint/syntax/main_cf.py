"""main.cf parser: logical lines split into name and value the way Postfix does."""

from __future__ import annotations

import re

from lark import Token

from postlint.syntax.ast import (
    POSTFIX_SPACE,
    Blank,
    BrokenEntry,
    Comment,
    ConfigFile,
    Entry,
    ErrorKind,
    FileKind,
    Node,
    Parameter,
    PhysicalLine,
    Span,
)
from postlint.syntax.lines import NodeReuse, line_groups, physical_lines, token_groups


def effective_text(text: str) -> str:
    """What C string handling keeps of a logical line: everything before a NUL byte."""
    nul = text.find("\0")
    return text if nul < 0 else text[:nul]


def parse_main_cf(text: str, path: str = "main.cf", reuse: NodeReuse | None = None) -> ConfigFile:
    nodes: list[Node] = []
    if reuse is None:
        for rule, lines in line_groups("main_cf.lark", text):
            nodes.append(_node(rule, lines))
    else:
        reuse.begin()
        for rule, token in token_groups("main_cf.lark", text):
            nodes.append(reuse.node(rule, token, _node_from_token))
    return ConfigFile(FileKind.MAIN, text, nodes, path)


def _node_from_token(rule: str, token: Token) -> Node:
    return _node(rule, physical_lines(token))


def _node(rule: str, lines: tuple[PhysicalLine, ...]) -> Node:
    if rule == "comment":
        return Comment(lines)
    if rule == "blank":
        return Blank(lines)
    if rule == "stray":
        entry = BrokenEntry(lines)
        entry.error = ErrorKind.INDENTED_START
        entry.message = "logical line must not start with whitespace"
        return entry
    return split_parameter(lines)


# name, then optional space, then "="; the name is everything up to space or "=".
_NAME_EQUALS = re.compile(r"[ \t\n\x0b\x0c\r]*([^ \t\n\x0b\x0c\r=]*)[ \t\n\x0b\x0c\r]*(=?)")


def split_parameter(lines: tuple[PhysicalLine, ...]) -> Entry:
    """Split a logical line into name and value (util/split_nameval.c rules)."""
    param = Parameter(lines)
    logical = param.logical
    text = effective_text(logical.text)
    match = _NAME_EQUALS.match(text)
    assert match is not None  # every part of the pattern may be empty
    if not match.group(2):
        return _broken(lines, ErrorKind.MISSING_EQUALS, "missing '=' after attribute name")
    name_start, name_end = match.span(1)
    if name_end == name_start:
        return _broken(lines, ErrorKind.MISSING_NAME, "missing attribute name")
    equals = match.start(2)
    value = text[equals + 1 :].lstrip(POSTFIX_SPACE)
    i = len(text) - len(value)
    value = value.rstrip(POSTFIX_SPACE)
    value_end = i + len(value)
    param.name = match.group(1)
    param.name_span = logical.span_of(name_start, name_end)
    param.equals_offset = logical.offset_of(equals)
    param.value = value
    param.value_index = i
    if value_end > i:
        param.value_span = logical.span_of(i, value_end)
    else:
        after = param.equals_offset + 1
        param.value_span = Span(after, after)
    return param


def _broken(lines: tuple[PhysicalLine, ...], kind: ErrorKind, message: str) -> BrokenEntry:
    entry = BrokenEntry(lines)
    entry.error = kind
    entry.message = message
    return entry
