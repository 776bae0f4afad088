"""Lossless syntax tree for main.cf and master.cf: every byte of the file belongs to a node."""

from __future__ import annotations

import bisect
import enum
import operator
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, compress, repeat

import attrs

# LineKind lives with the lines; rules and tests import it from here with the rest.
from postlint.syntax.physical import LineKind as LineKind
from postlint.syntax.physical import (
    LogicalLine,
    PhysicalLine,
    PhysicalLines,
    Span,
    span_of_lines,
)

# C isspace() as Postfix uses it for main.cf: space, TAB, LF, VT, FF, CR.
POSTFIX_SPACE = " \t\n\x0b\x0c\r"


# Not frozen, for the reason PhysicalLine is not: a report makes two per finding, and a
# dense file has 100,000 findings. Nothing assigns to one; it hashes by value.
@attrs.define(unsafe_hash=True)
class Position:
    """1-based line, 1-based column counted in characters."""

    line: int
    column: int


@attrs.define(eq=False)
class Node:
    """Base of every top-level node: it owns a run of physical lines."""

    # A tuple, or for a multi-line entry the lazy `PhysicalLines` (equal to that tuple).
    lines: Sequence[PhysicalLine]

    @property
    def span(self) -> Span:
        return span_of_lines(self.lines)

    def unparse(self) -> str:
        if type(self.lines) is PhysicalLines:
            return self.lines.text
        return "".join(line.text for line in self.lines)


@attrs.define(eq=False)
class Comment(Node):
    """A comment line outside any entry."""

    @property
    def text(self) -> str:
        return self.lines[0].content


@attrs.define(eq=False)
class Blank(Node):
    """An empty or whitespace-only line outside any entry."""


@attrs.define(eq=False)
class Entry(Node):
    """A logical line: a main.cf parameter, a master.cf service, or a broken line."""

    # Made when first asked for: a parameter on one line is split from its line's text, and
    # most rules never look at its logical line (a file may have 100,000 parameters).
    _logical: LogicalLine | None = attrs.field(default=None, init=False, repr=False)

    @property
    def logical(self) -> LogicalLine:
        logical = self._logical
        if logical is None:
            logical = self._logical = LogicalLine(self.lines)
        return logical

    @logical.setter
    def logical(self, logical: LogicalLine) -> None:
        """For a parser that made it already (it must be that of `lines`)."""
        self._logical = logical


_NO_SPAN = Span(0, 0)  # until the parser sets it (Span is immutable: one is enough)


@attrs.define(eq=False)
class Parameter(Entry):
    """`name = value` in main.cf. `value` is what Postfix stores (trimmed)."""

    name: str = ""
    name_span: Span = _NO_SPAN
    equals_offset: int = 0
    value: str = ""
    value_span: Span = _NO_SPAN
    value_index: int = 0  # where the value starts in the logical text

    def value_subspan(self, start: int, end: int) -> Span:
        """File span of characters [start, end) of the value (which may span lines)."""
        return self.logical.span_of(self.value_index + start, self.value_index + end)

    @property
    def span_without_newline(self) -> Span:
        """From the name to the end of the value (for pointing at the whole setting)."""
        return Span(self.name_span.start, max(self.value_span.end, self.equals_offset + 1))


class ErrorKind(enum.Enum):
    """Why a line could not be read as an entry (how Postfix treats it in the comment)."""

    MISSING_EQUALS = "missing-equals"  # main.cf line without '=' (fatal in Postfix)
    MISSING_NAME = "missing-name"  # main.cf "= value" (fatal)
    INDENTED_START = "indented-start"  # text before the first logical line (skipped)
    FIELD_COUNT = "field-count"  # master.cf entry with fewer than 8 fields (fatal)


@attrs.define(eq=False)
class BrokenEntry(Entry):
    """A logical line Postfix cannot use; the rest of the file still parses."""

    error: ErrorKind = ErrorKind.MISSING_EQUALS
    message: str = ""


@attrs.frozen
class Field:
    """A whitespace-separated master.cf field or argument, as written (braces kept).

    It keeps its place in the logical line, not a Span: a master.cf has nine or more fields
    per service, and the file span is only needed when a finding points at one.
    """

    text: str
    logical: LogicalLine = attrs.field(repr=False, eq=False)
    start: int = attrs.field(repr=False)  # in the logical line's text
    end: int = attrs.field(repr=False)

    @property
    def span(self) -> Span:
        return self.logical.span_of(self.start, self.end)


class OverrideForm(enum.Enum):
    SHORT = "short"  # -o name=value
    ATTACHED = "attached"  # -oname=value
    LONG = "long"  # -o { name = value }


@attrs.frozen
class Override:
    """A `-o name=value` daemon option of a master.cf service."""

    option: Field  # the "-o" (or "-oname=value", or the cluster "-vo") token
    argument: Field | None  # the value token; None for the attached form or a missing one
    form: OverrideForm
    name: str | None  # None when there is no '=' (postconf accepts it; the daemon dies)
    value: str
    text: str  # the normalised name=value text (or the raw text without '=')
    name_span: Span | None
    value_span: Span | None
    error: str | None = None  # brace or '=' problem in the long form

    @property
    def span(self) -> Span:
        end = self.argument.span.end if self.argument else self.option.span.end
        return Span(self.option.span.start, end)


@attrs.define(eq=False)
class Service(Entry):
    """A master.cf service entry."""

    fields: tuple[Field, ...] = ()
    overrides: tuple[Override, ...] = ()
    # Normalised argv as postconf holds it: fields 0-7 as written, then the options
    # (clusters split, -o values normalised) and the arguments (outer braces removed).
    argv: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.fields[0].text

    @property
    def type(self) -> str:
        return self.fields[1].text

    @property
    def private(self) -> str:
        return self.fields[2].text

    @property
    def unprivileged(self) -> str:
        return self.fields[3].text

    @property
    def chroot(self) -> str:
        return self.fields[4].text

    @property
    def wakeup(self) -> str:
        return self.fields[5].text

    @property
    def process_limit(self) -> str:
        return self.fields[6].text

    @property
    def command(self) -> str:
        return self.fields[7].text

    @property
    def arguments(self) -> tuple[Field, ...]:
        return self.fields[8:]

    @property
    def key(self) -> str:
        """`name/type`, the way postconf names a service."""
        return f"{self.name}/{self.type}"

    @property
    def program(self) -> str:
        """The command field's basename (process_name)."""
        return self.command.rsplit("/", 1)[-1]


class FileKind(enum.Enum):
    """Which of the two files: main.cf or master.cf."""

    MAIN = "main"
    MASTER = "master"

    # Members are singletons compared by identity: hash them in C, not through Enum's
    # Python-level __hash__ (findings are grouped and looked up by file kind).
    __hash__ = object.__hash__


def _distance_to(offset: int) -> Callable[[tuple[int, int]], int]:
    """How far a known (offset, line) is from `offset`."""
    return lambda known: abs(offset - known[0])


@attrs.define(eq=False)
class ConfigFile:
    """A parsed main.cf or master.cf."""

    kind: FileKind
    text: str
    nodes: list[Node]
    path: str = "main.cf"
    template: str | None = None  # jinja, erb or auto when the file is a template
    placeholders: tuple[Span, ...] = ()  # template placeholders (opaque to the parser)
    _line_starts: list[int] | None = attrs.field(default=None, init=False, repr=False)
    # Nodes never change after parsing (a fix produces a new ConfigFile), so the filtered
    # views that every rule walks are built once.
    _by_type: dict[type, tuple[Node, ...]] = attrs.field(factory=dict, init=False, repr=False)
    # What other layers work out from this tree once (e.g. where each name is written). Here,
    # not in a weak-keyed table: its callback runs whenever a tree is freed, and a Ctrl-C
    # that lands in such a callback is printed with a traceback and lost.
    derived: dict[str, object] = attrs.field(factory=dict, init=False, repr=False)
    # The line `span_positions` found last: (its number, its start, the next line's, its text).
    _last_line: tuple[int, int, int, str] = attrs.field(
        default=(0, 0, 0, ""), init=False, repr=False
    )
    # Lines found by counting LFs (`_counted_line`): the last offset counted to and its
    # line, the end of the text and its line once counted to, and how much counting is
    # left before the line starts are made instead.
    _anchor: tuple[int, int] = attrs.field(default=(0, 0), init=False, repr=False)
    _end_anchor: tuple[int, int] = attrs.field(default=(0, 0), init=False, repr=False)
    _count_budget: tuple[int, int] | None = attrs.field(default=None, init=False, repr=False)

    def unparse(self) -> str:
        return "".join(node.unparse() for node in self.nodes)

    def _of_type(self, cls: type) -> tuple[Node, ...]:
        found = self._by_type.get(cls)
        if found is None:
            nodes = self.nodes  # picked in C: an editor asks again after every keystroke
            found = self._by_type[cls] = tuple(compress(nodes, map(isinstance, nodes, repeat(cls))))
        return found

    def entries(self) -> Iterator[Entry]:
        return iter(self._of_type(Entry))  # type: ignore[arg-type]

    def parameters(self) -> Iterator[Parameter]:
        return iter(self._of_type(Parameter))  # type: ignore[arg-type]

    def services(self) -> Iterator[Service]:
        return iter(self._of_type(Service))  # type: ignore[arg-type]

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            # Each line starts one character (the LF) after the previous one ends: summed
            # in C (a find() per line is a Python loop over 100,000 lines).
            lengths = map(len, self.text.split("\n"))
            starts = list(accumulate(map(operator.add, lengths, repeat(1)), initial=0))
            starts.pop()  # one past the end of the text
            self._line_starts = starts
        return self._line_starts

    # Counting LFs stops after this many lines found (then a look-up in the line starts is
    # cheaper), or once twice a file's length has been counted.
    COUNTED_LINES = 256

    def _counted_line(self, offset: int) -> tuple[int, int] | None:
        """(0-based line, its start) of `offset` by counting the LFs from the nearest offset
        whose line is known (the start, the end, the last one counted to), in C: a large
        file with a handful of findings needs a few lines, not the start of each of its
        100,000 (a tenth of such a run). None when the budget is spent, the line starts
        are made, or the offset is before the text."""
        if self._line_starts is not None or offset < 0:
            return None
        text = self.text
        budget = self._count_budget
        lines, chars = budget if budget is not None else (self.COUNTED_LINES, 2 * len(text))
        anchor, index = min((0, 0), self._anchor, self._end_anchor, key=_distance_to(offset))
        distance = offset - anchor if offset >= anchor else anchor - offset
        if lines <= 0 or distance > chars:
            return None
        line_start = text.rfind("\n", 0, offset) + 1
        # The way back to the line's start counts too: a file of one huge line stays linear.
        self._count_budget = (lines - 1, chars - distance - (offset - line_start))
        if offset >= anchor:
            index += text.count("\n", anchor, offset)
        else:
            index -= text.count("\n", offset, anchor)
        self._anchor = (offset, index)
        if offset >= len(text):  # fixes append at the end: a place to count back from
            self._end_anchor = (len(text), index)
        return index, line_start

    def position(self, offset: int) -> Position:
        """1-based line and column of a character offset."""
        counted = self._counted_line(offset)
        if counted is not None:
            return Position(counted[0] + 1, offset - counted[1] + 1)
        starts = self._line_starts or self._starts()
        index = bisect.bisect_right(starts, offset) - 1
        return Position(index + 1, offset - starts[index] + 1)

    def line_of(self, offset: int) -> int:
        """1-based line of a character offset (`position(offset).line` without a Position)."""
        counted = self._counted_line(offset)
        if counted is not None:
            return counted[0] + 1
        return bisect.bisect_right(self._line_starts or self._starts(), offset)

    def span_positions(self, start: int, end: int) -> tuple[Position, Position, str]:
        """Both ends of a range and the text of the line it starts on, from one search:
        a dense file has 100,000 findings, each located this way (`report.base.locate`).
        Findings come in file order, often several on a line: the last line found is
        tried first, then the next one, before a search."""
        following, line_start, next_start, line = self._last_line
        if not line_start <= start < next_start and (counted := self._counted_line(start)):
            text = self.text
            following, line_start = counted[0] + 1, counted[1]
            line_end = text.find("\n", start)  # the LF that ends the line (none: the last)
            next_start = len(text) + 1 if line_end < 0 else line_end + 1
            line = text[line_start:] if line_end < 0 else text[line_start:line_end]
            self._last_line = (following, line_start, next_start, line)
        elif not line_start <= start < next_start:
            starts = self._line_starts or self._starts()
            count = len(starts)
            if next_start <= start and following + 1 < count and start < starts[following + 1]:
                index = following  # the next line
            else:
                index = bisect.bisect_right(starts, start) - 1
            line_start = starts[index]
            following = index + 1
            if following < count:
                next_start = starts[following]
                line = self.text[line_start : next_start - 1]
            else:
                next_start = len(self.text) + 1  # no line after it: everything to the end is its
                line = self.text[line_start:]
            self._last_line = (following, line_start, next_start, line)
        first = Position(following, start - line_start + 1)
        if end < next_start:  # the usual case: the range ends on the line it starts on
            return first, Position(following, end - line_start + 1), line
        if end == next_start:  # a whole line (a fix deleting it): the next one's start
            return first, Position(following + 1, 1), line
        return first, self.position(end), line

    def offset(self, position: Position) -> int:
        starts = self._starts()
        line = min(max(position.line, 1), len(starts))
        return min(starts[line - 1] + position.column - 1, len(self.text))

    def line_text(self, line: int) -> str:
        starts = self._starts()
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end]
