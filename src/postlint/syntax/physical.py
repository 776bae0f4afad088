"""Physical lines and logical lines: how util/readlline.c cuts a file and joins an entry."""

from __future__ import annotations

import bisect
import enum
import operator
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress, repeat
from typing import overload

import attrs

from postlint.syntax.possessive import compile_possessive
from postlint.syntax.slots import slot_setters


class LineKind(enum.Enum):
    """How util/readlline.c classifies a physical line."""

    START = "start"  # begins a logical line
    CONTINUATION = "continuation"  # indented: appended to the current logical line
    COMMENT = "comment"
    BLANK = "blank"
    INNER_COMMENT = "inner-comment"  # comment inside a continued entry (dropped by Postfix)
    INNER_BLANK = "inner-blank"  # blank line inside a continued entry (dropped by Postfix)


@attrs.frozen(init=False)
class Span:
    """Half-open range of character offsets into the decoded file text."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # See postlint.syntax.slots: a parse makes two Spans per parameter.
        _set_start(self, start)
        _set_end(self, end)

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


_set_start, _set_end = slot_setters(Span, "start", "end")


# Not frozen (frozen attrs classes are three times slower to create, and a 100,000-line
# file makes 100,000 of these); nothing assigns to a line after parsing.
@attrs.define(eq=True)
class PhysicalLine:
    """One line of the file, with its newline if it has one."""

    kind: LineKind
    text: str
    start: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + len(self.text))

    @property
    def content(self) -> str:
        """The line without its final LF."""
        return self.text[:-1] if self.text.endswith("\n") else self.text

    @property
    def joins(self) -> bool:
        """Whether Postfix keeps this line's text in the logical line."""
        return self.kind in (LineKind.START, LineKind.CONTINUATION)


_FIRST_SEGMENT = (0,)  # the segment starts of a one-line entry (shared: never changed)


@attrs.define(eq=False)
class LogicalLine:
    """A logical line: the physical lines Postfix joins into one entry.

    `text` is what Postfix sees (continuation lines appended without their LF; inner
    comment and blank lines dropped). `offset_of()` maps a position in `text` back to
    the file.
    """

    lines: Sequence[PhysicalLine]  # a tuple, or the lazy PhysicalLines of a big entry
    text: str = attrs.field(init=False)
    # The logical start of each segment (kept line) and its file offset; None until asked
    # for in a big entry, whose first and last segments are then in `_ends`.
    _starts: Sequence[int] | None = attrs.field(init=False, repr=False)
    _file_starts: Sequence[int] | None = attrs.field(init=False, repr=False)
    # (end of the first segment, logical and file start of the last one): read only while
    # `_starts` is None
    _ends: tuple[int, int, int] = attrs.field(default=(0, 0, 0), init=False, repr=False)
    FEW_LINES = 128  # up to this many physical lines, the plain loop below is as fast

    def __attrs_post_init__(self) -> None:
        if type(self.lines) is PhysicalLines:
            self._join_token(self.lines)
            return
        count = len(self.lines)
        if count == 1:
            self._join_one()
        elif count > self.FEW_LINES:
            self._join_many()
        else:
            self._join_few()

    def _join_one(self) -> None:
        """Most entries: a start line and nothing else (the same result as `_join_few`)."""
        line = self.lines[0]
        text = line.text
        self.text = text[:-1] if text.endswith("\n") else text
        self._starts = _FIRST_SEGMENT
        self._file_starts = (line.start,)

    def _join_few(self) -> None:
        parts: list[str] = []
        starts: list[int] = []
        file_starts: list[int] = []
        length = 0
        start, continuation = LineKind.START, LineKind.CONTINUATION
        for line in self.lines:
            kind = line.kind
            if kind is not start and kind is not continuation:  # identity: enum hashing is slow
                continue
            content = line.text
            if content.endswith("\n"):
                content = content[:-1]
            starts.append(length)
            file_starts.append(line.start)
            parts.append(content)
            length += len(content)
        self.text = "".join(parts)
        self._starts = starts
        self._file_starts = file_starts

    def _join_many(self) -> None:
        """The same for a big list: map() and str methods do the work, not a Python loop."""
        lines = self.lines
        kinds = list(map(operator.attrgetter("kind"), lines))  # list.count: identity, in C
        if kinds.count(LineKind.INNER_COMMENT) or kinds.count(LineKind.INNER_BLANK):
            # Compared by id(): hashing an enum member is a Python call per line.
            dropped = {id(LineKind.INNER_COMMENT), id(LineKind.INNER_BLANK)}.__contains__
            lines = tuple(compress(lines, map(operator.not_, map(dropped, map(id, kinds)))))
        texts = list(map(operator.attrgetter("text"), lines))
        # All but the file's last line end with LF: the n-th starts n characters earlier.
        sums = accumulate(map(len, texts), initial=0)
        self._starts = list(map(operator.sub, sums, range(len(texts))))
        self._file_starts = list(map(operator.attrgetter("start"), lines))
        self.text = "".join(texts).replace("\n", "")

    def _join_token(self, lines: PhysicalLines) -> None:
        """The same from the entry's text, without making its physical lines (see
        `PhysicalLines`): the line lengths are all a logical line needs."""
        text = lines.text
        if len(lines) <= self.FEW_LINES and _GAP.search(text) is None:
            # Most continued entries: a few lines, all kept. Each line starts one character
            # (its predecessor's LF) after the previous one ends, in the file.
            contents = text.split("\n")
            if text.endswith("\n"):
                contents.pop()  # the empty text after the last LF
            starts, file_starts = [], []
            length, offset = 0, lines.start
            for content in contents:
                starts.append(length)
                file_starts.append(offset)
                size = len(content)
                length += size
                offset += size + 1
            self.text = "".join(contents)
            self._starts = starts
            self._file_starts = file_starts
            return
        # A big list (or lines dropped inside it): its text is made by the regex engine
        # and str methods (the dropped lines cut out, then every LF); where each line
        # starts is worked out only when a place inside it is asked for (`_index`). Its
        # first and last lines are all a parse asks for (the name, the ends of the value).
        self.text = _GAP_LINE.sub("", text).replace("\n", "")
        first_end = text.find("\n")
        # The last kept line (the last line, unless a gap ends a text without a final LF).
        end = len(text) - 1 if text.endswith("\n") else len(text)
        while True:
            before = text.rfind("\n", 0, end)
            if before < 0 or _GAP.match(text, before) is None:
                break
            end = before  # a gap line: the line before it ends at its LF
        self._ends = (
            len(text) if first_end < 0 else first_end,
            len(self.text) - (end - before - 1),
            lines.start + before + 1,
        )
        self._starts = None
        self._file_starts = None

    def _index(self) -> Sequence[int]:
        """Where each kept line of a big entry starts, in the logical text and in the file
        (made on the first look inside the entry, then kept)."""
        lines = self.lines
        assert type(lines) is PhysicalLines
        text = lines.text
        contents = text.split("\n")
        if text.endswith("\n"):
            contents.pop()  # the empty text after the last LF
        lengths = list(map(len, contents))
        file_starts = list(accumulate(map(operator.add, lengths, repeat(1)), initial=lines.start))
        file_starts.pop()
        # The line after each gap's LF: found among the line starts by bisection, in C.
        gaps = [lines.start + 1 + gap.start() for gap in _GAP.finditer(text)]
        if gaps:
            keep = [True] * len(contents)
            for index in map(bisect.bisect_left, repeat(file_starts), gaps):
                keep[index] = False
            lengths = list(compress(lengths, keep))
            file_starts = list(compress(file_starts, keep))
        starts = list(accumulate(lengths, initial=0))
        starts.pop()
        self._file_starts = file_starts
        self._starts = starts
        return starts

    def _at_ends(self, index: int) -> int | None:
        """The file offset of logical `index` when it is on the first or last kept line of
        a big entry whose index is not made (None: it is in between)."""
        first_end, last_start, last_file_start = self._ends
        if index < first_end:
            return self.lines.start + index  # type: ignore[attr-defined]  # PhysicalLines
        if index >= last_start:
            return last_file_start + (index - last_start)
        return None

    @property
    def span(self) -> Span:
        return span_of_lines(self.lines)

    @property
    def first_line(self) -> PhysicalLine:
        return self.lines[0]

    def offset_of(self, index: int) -> int:
        """File offset of character `index` of the logical text (end maps past the last char)."""
        starts = self._starts
        if starts is None:
            offset = self._at_ends(index)
            if offset is not None:
                return offset
            starts = self._index()
        if not starts:
            return self.lines[0].start
        seg = bisect.bisect_right(starts, index) - 1
        if seg < 0:
            seg = 0
        return self._file_starts[seg] + (index - starts[seg])

    def end_offset_of(self, index: int) -> int:
        """File offset just after character `index - 1` (for the end of a range)."""
        if index <= 0:
            return self.offset_of(0)
        return self.offset_of(index - 1) + 1

    def span_of(self, start: int, end: int) -> Span:
        """File span of logical range [start, end)."""
        if end <= start:
            offset = self.offset_of(start) if start < len(self.text) else self.end_offset_of(start)
            return Span(offset, offset)
        starts = self._starts
        if not starts or start < 0:
            return Span(self.offset_of(start), self.end_offset_of(end))
        # Both ends found here: a parse maps two ranges of every continued entry.
        file_starts = self._file_starts
        seg = bisect.bisect_right(starts, start) - 1
        first = file_starts[seg] + (start - starts[seg])
        last = end - 1
        if seg + 1 < len(starts) and starts[seg + 1] <= last:
            seg = bisect.bisect_right(starts, last, seg + 1) - 1
        return Span(first, file_starts[seg] + (last - starts[seg]) + 1)


def span_of_lines(lines: Sequence[PhysicalLine]) -> Span:
    """Where a run of lines is in the file (without making lazy lines)."""
    if type(lines) is PhysicalLines:
        return Span(lines.start, lines.start + len(lines.text))
    return Span(lines[0].start, lines[-1].start + len(lines[-1].text))


# Each physical line with its LF (the last one may lack it).
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# An inner comment or blank line: after a LF, only whitespace, then '#' or LF. The repeat
# is possessive where Python has that (3.11): at each of a big entry's 100,000 LFs it then
# fails once, instead of once per space of the indentation it would give back.
_GAP = compile_possessive(r"\n[ \t\x0b\x0c\r]*+(?=([#\n]))")
# The same line with the LF before it, to be cut out (a comment up to its end of line).
_GAP_LINE = compile_possessive(r"\n[ \t\x0b\x0c\r]*+(?:#[^\n]*|(?=\n))")
_GAP_KIND = {"#": LineKind.INNER_COMMENT, "\n": LineKind.INNER_BLANK}


def physical_lines(first: LineKind, text: str, base: int) -> tuple[PhysicalLine, ...]:
    """The physical lines of a logical line's text (at file offset `base`): the first of
    kind `first`, then continuation lines, and the comment and blank lines among them."""
    texts = _LINE.findall(text)
    starts = list(accumulate(map(len, texts), initial=base))
    # A big entry is thousands of continuation lines with a few comment or blank lines
    # among them: those few are found by one regex search, not by a look at every line.
    kinds = [LineKind.CONTINUATION] * len(texts)
    kinds[0] = first
    for gap in _GAP.finditer(text):
        kinds[bisect.bisect_right(starts, base + gap.start() + 1) - 1] = _GAP_KIND[gap.group(1)]
    return tuple(map(PhysicalLine, kinds, texts, starts))


class PhysicalLines(Sequence[PhysicalLine]):
    """The physical lines of one multi-line entry, made only when someone asks for them.

    A big entry is tens of thousands of continuation lines: its logical line needs only
    their lengths (`LogicalLine._join_token`), and most rules never look at them one by one,
    so the line objects are made on the first look. Equal to the tuple of those lines.
    """

    __slots__ = ("_count", "_lines", "first", "start", "text")

    def __init__(self, first: LineKind, text: str, start: int) -> None:
        self.first = first  # the kind of the first line (START, or CONTINUATION for a stray)
        self.text = text
        self.start = start
        self._lines: tuple[PhysicalLine, ...] | None = None
        self._count: int | None = None  # len(): counted once (rules ask it again and again)

    def _all(self) -> tuple[PhysicalLine, ...]:
        if self._lines is None:
            self._lines = physical_lines(self.first, self.text, self.start)
        return self._lines

    def gaps(self) -> list[int]:
        """Indexes of the inner comment and blank lines (counted, without making lines)."""
        found = []
        index = previous = 0
        for gap in _GAP.finditer(self.text):
            # The line after this LF: its index is the number of LFs up to and including it.
            index += self.text.count("\n", previous, gap.start() + 1)
            previous = gap.start() + 1
            found.append(index)
        return found

    def __len__(self) -> int:
        count = self._count
        if count is None:
            count = self._count = self.text.count("\n") + (not self.text.endswith("\n"))
        return count

    @overload
    def __getitem__(self, index: int) -> PhysicalLine: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[PhysicalLine, ...]: ...

    def __getitem__(self, index: int | slice) -> PhysicalLine | tuple[PhysicalLine, ...]:
        if index == 0 and self._lines is None:  # rules often look at the first line only
            end = self.text.find("\n") + 1
            return PhysicalLine(self.first, self.text[: end or len(self.text)], self.start)
        return self._all()[index]

    def __iter__(self) -> Iterator[PhysicalLine]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PhysicalLines, tuple)):
            return self._all() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the tuple of (unhashable) lines

    def __repr__(self) -> str:
        return repr(self._all())
