"""What an LSP client does with positions: lines break only at \\n, \\r\\n and \\r, and columns
count code units of the negotiated encoding. Written from the specification, independently of
the server's own conversion, so tests compare the server against the client's view."""

from __future__ import annotations

import re

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text)


def offset(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    start = 0
    for _ in range(position.line):
        brk = _BREAK.search(text, start)
        if brk is None:
            return len(text)
        start = brk.end()
    brk = _BREAK.search(text, start)
    end = brk.start() if brk else len(text)
    index = start
    while index < end and units(text[start:index], encoding) < position.character:
        index += 1
    return index


def position(text: str, at: int, encoding: str = "utf-16") -> types.Position:
    """Where character offset `at` is for the client."""
    lines = _BREAK.split(text[:at])
    return types.Position(len(lines) - 1, units(lines[-1], encoding))


def apply(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    spans = [
        (offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text)
        for e in edits
    ]
    for start, end, new in sorted(spans, key=lambda s: s[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text
