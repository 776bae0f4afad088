"""main.cf parser: logical lines split into name and value the way Postfix does."""

from __future__ import annotations

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
from postlint.syntax.lines import line_groups


def effective_text(text: str) -> str:
    """What C string handling keeps of a logical line: everything before a NUL byte."""
    nul = text.find("\0")
    return text if nul < 0 else text[:nul]


def parse_main_cf(text: str, path: str = "main.cf") -> ConfigFile:
    nodes: list[Node] = []
    for rule, lines in line_groups("main_cf.lark", text):
        nodes.append(_node(rule, lines))
    return ConfigFile(FileKind.MAIN, text, nodes, path)


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


def split_parameter(lines: tuple[PhysicalLine, ...]) -> Entry:
    """Split a logical line into name and value (util/split_nameval.c rules)."""
    probe = Entry(lines)
    logical = probe.logical
    text = effective_text(logical.text)
    length = len(text)
    i = 0
    while i < length and text[i] in POSTFIX_SPACE:
        i += 1
    name_start = i
    while i < length and text[i] not in POSTFIX_SPACE and text[i] != "=":
        i += 1
    name_end = i
    while i < length and text[i] in POSTFIX_SPACE:
        i += 1
    if i >= length or text[i] != "=":
        return _broken(lines, ErrorKind.MISSING_EQUALS, "missing '=' after attribute name")
    if name_end == name_start:
        return _broken(lines, ErrorKind.MISSING_NAME, "missing attribute name")
    equals = i
    i += 1
    while i < length and text[i] in POSTFIX_SPACE:
        i += 1
    value_end = length
    while value_end > i and text[value_end - 1] in POSTFIX_SPACE:
        value_end -= 1
    param = Parameter(lines)
    param.name = text[name_start:name_end]
    param.name_span = logical.span_of(name_start, name_end)
    param.equals_offset = logical.offset_of(equals)
    param.value = text[i:value_end]
    param.value_index = i
    if value_end > i:
        param.value_span = logical.span_of(i, value_end)
    else:
        after = logical.offset_of(equals) + 1
        param.value_span = Span(after, after)
    return param


def _broken(lines: tuple[PhysicalLine, ...], kind: ErrorKind, message: str) -> BrokenEntry:
    entry = BrokenEntry(lines)
    entry.error = kind
    entry.message = message
    return entry
