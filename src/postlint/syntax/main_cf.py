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
    LineKind,
    Parameter,
    PhysicalLine,
    Span,
)
from postlint.syntax.lines import GRAMMAR, parse_nodes
from postlint.syntax.physical import LogicalLine

if TYPE_CHECKING:
    from postlint.syntax.incremental import NodeReuse  # the editor's: a check needs none

START = LineKind.START


def definitions(tree: ConfigFile) -> dict[str, list[Parameter]]:
    """Every definition of each parameter name of a main.cf, in file order: made once per
    parsed file, for the model (Config.definitions) and the rules that look names up."""
    found = tree.derived.get("definitions")
    if found is None:
        found = tree.derived["definitions"] = {}
        for param in tree.parameters():
            found.setdefault(param.name, []).append(param)
    return found  # type: ignore[return-value]


def effective_text(text: str) -> str:
    """What C string handling keeps of a logical line: everything before a NUL byte."""
    nul = text.find("\0")
    return text if nul < 0 else text[:nul]


def parse_main_cf(text: str, path: str = "main.cf", reuse: NodeReuse | None = None) -> ConfigFile:
    """The lossless tree of a main.cf text (`reuse`: nodes of an earlier parse to keep)."""
    nodes = parse_nodes(GRAMMAR, text, split_parameter, reuse, build_line=parameter_line)
    return ConfigFile(FileKind.MAIN, text, nodes, path)


# name, then optional space, then "="; the name is everything up to space or "=".
_SPACE = re.escape(POSTFIX_SPACE)
_NAME_EQUALS = re.compile(f"[{_SPACE}]*([^{_SPACE}=]*)[{_SPACE}]*(=?)")
# A parameter as nearly all are written on one line: the name from the line's start, "="
# (group 2 ends at it), and the space after it up to the value (not the LF: an empty value
# ends there). Anything else (no name, no "=", a NUL) takes the general path.
_INLINE_SPACE = re.escape(POSTFIX_SPACE.replace("\n", ""))
_ONE_LINE = re.compile(f"([^{_SPACE}=]+)([{_SPACE}]*)=[{_INLINE_SPACE}]*")
_SPACES = re.compile(f"[{_SPACE}]*")


def parameter_line(text: str, start: int, lines: Sequence[PhysicalLine] | None = None) -> Entry:
    """The entry of one physical line `text` (a start line, with its LF if it has one) at
    file offset `start`: what `split_parameter` makes of it, with less work per line (a
    100,000-line main.cf is mostly such lines). `lines`: that line, if made already."""
    if lines is None:
        lines = (PhysicalLine(START, text, start),)
    match = _ONE_LINE.match(text)
    if match is None or "\0" in text:
        return split_parameter(lines, fast=False)
    equals = match.end(2)
    index = match.end()
    value = text[index:].rstrip(POSTFIX_SPACE)  # also the LF
    if value:
        value_span = Span(start + index, start + index + len(value))
    else:  # nothing after '=': the empty value sits right after it
        value_span = Span(start + equals + 1, start + equals + 1)
    name = match.group(1)
    name_span = Span(start, start + len(name))
    return Parameter(lines, name, name_span, start + equals, value, value_span, index)


def split_parameter(lines: Sequence[PhysicalLine], fast: bool = True) -> Entry:
    """Split a logical line into name and value (util/split_nameval.c rules).

    `fast`: a one-line entry takes the quick path of `parameter_line`; False maps every
    offset through the logical line, as a continued entry must (tests compare the two).
    """
    if fast and len(lines) == 1:
        return parameter_line(lines[0].text, lines[0].start, lines)
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
    spaces = _SPACES.match(text, after)
    assert spaces is not None  # (it matches "" too)
    i = spaces.end()
    value = text[i:].rstrip(POSTFIX_SPACE)  # one copy of a big list's value, not two
    value_end = i + len(value)
    name = text[name_start:name_end]
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
