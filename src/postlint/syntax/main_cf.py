"""main.cf parser: logical lines split into name and value the way Postfix does."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from postlint.syntax.ast import (
    POSTFIX_SPACE,
    BrokenEntry,
    ConfigFile,
    Entry,
    ErrorKind,
    FileKind,
    Parameter,
    PhysicalLine,
    Span,
)
from postlint.syntax.lines import GRAMMAR, parse_nodes
from postlint.syntax.physical import LogicalLine

if TYPE_CHECKING:
    from postlint.syntax.incremental import NodeReuse  # the editor's: a check needs none


def effective_text(text: str) -> str:
    """What C string handling keeps of a logical line: everything before a NUL byte."""
    nul = text.find("\0")
    return text if nul < 0 else text[:nul]


def parse_main_cf(text: str, path: str = "main.cf", reuse: NodeReuse | None = None) -> ConfigFile:
    """The lossless tree of a main.cf text (`reuse`: nodes of an earlier parse to keep)."""
    nodes = parse_nodes(GRAMMAR, text, split_parameter, reuse)
    return ConfigFile(FileKind.MAIN, text, nodes, path)


# name, then optional space, then "="; the name is everything up to space or "=".
_SPACE = re.escape(POSTFIX_SPACE)
_NAME_EQUALS = re.compile(f"[{_SPACE}]*([^{_SPACE}=]*)[{_SPACE}]*(=?)")


def split_parameter(lines: Sequence[PhysicalLine], fast: bool = True) -> Entry:
    """Split a logical line into name and value (util/split_nameval.c rules).

    `fast`: a one-line entry takes its spans from the line's start; False maps every offset
    through the logical line, as a continued entry must (tests compare the two).
    """
    one_line = fast and len(lines) == 1
    if one_line:  # what its logical line would hold, without making one
        text = lines[0].text
        if text.endswith("\n"):
            text = text[:-1]
    else:
        logical = LogicalLine(lines)
        text = logical.text
    if "\0" in text:
        text = effective_text(text)
    match = _NAME_EQUALS.match(text)
    assert match is not None  # every part of the pattern may be empty
    equals, after = match.span(2)
    if after == equals:
        return _broken(lines, ErrorKind.MISSING_EQUALS, "missing '=' after attribute name")
    name_start, name_end = match.span(1)
    if name_end == name_start:
        return _broken(lines, ErrorKind.MISSING_NAME, "missing attribute name")
    value = text[after:].lstrip(POSTFIX_SPACE)
    i = len(text) - len(value)
    value = value.rstrip(POSTFIX_SPACE)
    value_end = i + len(value)
    name = text[name_start:name_end]
    if one_line:
        # One physical line: a file offset is the line's start plus the logical offset.
        base = lines[0].start
        if value_end > i:
            value_span = Span(base + i, base + value_end)
        else:  # nothing after '=': the empty value sits right after it
            value_span = Span(base + after, base + after)
        name_span = Span(base + name_start, base + name_end)
        return Parameter(lines, name, name_span, base + equals, value, value_span, i)
    equals_offset = logical.offset_of(equals)
    if value_end <= i:  # nothing after '=': the empty value sits right after it
        value_span = Span(equals_offset + 1, equals_offset + 1)
    else:
        value_span = logical.span_of(i, value_end)
    param = Parameter(
        lines, name, logical.span_of(name_start, name_end), equals_offset, value, value_span, i
    )
    param.logical = logical  # made already: kept, not made again when asked for
    return param


def _broken(lines: Sequence[PhysicalLine], kind: ErrorKind, message: str) -> BrokenEntry:
    entry = BrokenEntry(lines)
    entry.error = kind
    entry.message = message
    return entry
