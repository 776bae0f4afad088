"""LSP positions: lines broken only at \\n, \\r\\n and \\r, columns in the negotiated code units."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

# The only line breaks LSP knows. str.splitlines also breaks at \f, \v, \x1c-\x1e, U+0085,
# U+2028 and U+2029, which would shift every line after one of them.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Converts character offsets of one text to LSP positions and back.

    Built for every new version of an open document (on every keystroke), so building is
    done by C code: without a CR, lines are the pieces of `str.split("\\n")`.
    """

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self._units = codec.impl
        # ASCII text has one code unit per character in every encoding: no per-character walk.
        self._ascii = text.isascii()
        if "\r" in text:
            self._starts = [0]
            self._ends: list[int] = []  # where each line's content ends (before its break)
            for brk in _LINE_BREAK.finditer(text):
                self._ends.append(brk.start())
                self._starts.append(brk.end())
            self._ends.append(len(text))
        else:
            lengths = [len(line) + 1 for line in text.split("\n")]
            self._starts = list(accumulate(lengths[:-1], initial=0))
            # Each line's content ends one character (its LF) before the next line starts.
            self._ends = [start - 1 for start in self._starts[1:]]
            self._ends.append(len(text))

    def line_column(self, offset: int) -> tuple[int, int]:
        """The position of a character offset as (line, column in code units)."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        # An offset inside a \r\n pair stays at the end of its line.
        end = min(offset, self._ends[line])
        if self._ascii:
            return line, end - start
        return line, self._units.num_units(self.text[start:end])

    def span_at(self, start: int, end: int) -> tuple[int, int, int, int]:
        """line_column of both ends of a span, in one call (the server does this for every
        finding on every keystroke)."""
        if self._ascii and 0 <= start <= end <= len(self.text):
            starts, ends = self._starts, self._ends
            line = bisect.bisect_right(starts, start) - 1
            column = min(start, ends[line]) - starts[line]
            if end <= ends[line]:  # on the same line: most findings
                return line, column, line, end - starts[line]
            end_line = bisect.bisect_right(starts, end, line) - 1
            return line, column, end_line, min(end, ends[end_line]) - starts[end_line]
        return self.line_column(start) + self.line_column(end)

    def position(self, offset: int) -> types.Position:
        return types.Position(*self.line_column(offset))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def offset(self, position: types.Position) -> int:
        """The character offset of a client position; past a line's end means its end."""
        if position.line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[position.line], self._ends[position.line]
        if self._ascii:
            return start + min(max(position.character, 0), end - start)
        index, units = start, 0
        while index < end and units < position.character:
            units += self._units.code_units_for_char(self.text[index])
            index += 1
        return index

    def line_start(self, offset: int) -> int:
        """Offset of the first character of the line holding offset."""
        return self._starts[bisect.bisect_right(self._starts, offset) - 1]

    def end(self) -> types.Position:
        return self.position(len(self.text))
