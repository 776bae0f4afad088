"""Config text made safe to show: controls and undecodable bytes as visible backslash escapes.

Values, paths and excerpts come from files another user may have written. Raw, an ESC or
OSC sequence clears the screen or sets the window title, a bare CR overwrites the line and
a bidi override reorders it; XML 1.0 cannot hold most C0 controls at all; and a byte that was
not UTF-8 (kept as a lone surrogate by the `surrogateescape` decoding) cannot be written to a
strict UTF-8 stream or into JSON that other tools read.
"""

from __future__ import annotations

import os
import re
from functools import cache
from urllib.parse import quote

from postlint.invisible import INVISIBLE


@cache
def _unsafe() -> re.Pattern[str]:
    """C0 controls, DEL, C1 controls, lone surrogates, and the invisible characters that
    reorder, hide or break text (bidi controls, zero-width and format characters, line
    separators). Compiled on first use: most runs print only printable text, and the class
    with the surrogate range is ~0.5 ms to compile."""
    return re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff{INVISIBLE}]")


@cache
def _surrogate() -> re.Pattern[str]:
    return re.compile(r"[\ud800-\udfff]")  # (only JSON output needs it)


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text for a terminal, a CI log or XML: `\\x1b`, `\\r`, `\\xff`, `\\u202e` instead of
    the characters themselves; everything else unchanged."""
    # Every character _unsafe() matches is unprintable (Cc, Cf, Cs, Zl, Zp): a C-speed check
    # skips the regex for the common line.
    return text if text.isprintable() else _unsafe().sub(_escape, text)


def without_surrogates(text: str) -> str:
    """Text for JSON: the format escapes controls itself, but a lone surrogate (an
    undecodable byte) is not a character, so it becomes `\\xff` like in the text formats."""
    return text if text.isascii() else _surrogate().sub(_escape, text)


def file_uri(path: str) -> str:
    """A path as a URI reference (SARIF artifactLocation.uri): every byte that is not
    unreserved is percent-encoded, from the path's bytes as the file system has them."""
    try:
        data = os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that no byte decoded to: keep it visible
        data = path.encode("utf-8", "surrogatepass")
    return quote(data, safe="/")
