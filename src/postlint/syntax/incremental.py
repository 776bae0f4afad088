"""Re-parsing an edited document: lex again only around the change, keep unchanged nodes.

Typing one character in the middle of a file moves every line below it. Those lines are not
parsed again: their nodes of the previous parse are copied with their offsets moved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from itertools import repeat

import attrs

from postlint.syntax.ast import Blank, BrokenEntry, Comment, Node, Parameter, PhysicalLine, Span
from postlint.syntax.lines import Lexeme, lexemes

# Lexemes that can grow over the comment and blank lines after them (when a continuation
# line follows those): an edit below them may change where they end.
_GROWING = ("entry", "stray")


@attrs.frozen
class Relexed:
    """How the lexemes of an edited text are made of the previous ones: the first `kept`
    unchanged, then `middle` lexed again, then the previous ones from index `resumed` on,
    moved by `delta` characters."""

    kept: int
    middle: list[Lexeme]
    resumed: int
    delta: int


@attrs.define
class NodeReuse:
    """The previous parse of one document: its text, lexemes and nodes.

    A language server re-parses a file on every keystroke. With one of these per open file,
    only the logical lines around the edit are lexed again (see `relex`), and only the
    entries whose text changed are built again; those below the edit are moved copies.
    Nodes are never changed after parsing, so two trees may share them.
    """

    text: str | None = None
    found: list[Lexeme] = attrs.Factory(list)
    starts: list[int] = attrs.Factory(list)  # of `found`, for bisect
    built: list[Node] = attrs.Factory(list)  # the node of each lexeme of `built_for`
    built_for: list[Lexeme] | None = None
    plan: Relexed | None = None  # how `found` was made from the lexemes before
    replaced: list[Lexeme] = attrs.Factory(list)  # the lexemes `plan.middle` replaced

    def lexemes(self, grammar_file: str, text: str) -> list[Lexeme]:
        """What `lexemes` gives, re-lexing only around the change since the last call."""
        self.plan = None
        if self.text is None or not self.found or not text or self.built_for is not self.found:
            found = list(lexemes(grammar_file, text))
        else:
            self.plan = plan = relex(grammar_file, self.text, self.found, self.starts, text)
            self.replaced = self.found[plan.kept : plan.resumed]
            found = self.found[: plan.kept] + plan.middle
            if plan.delta:
                delta = plan.delta
                found += [(r, t, x, s + delta) for r, t, x, s in self.found[plan.resumed :]]
            else:
                found.extend(self.found[plan.resumed :])
        self.text, self.found = text, found
        self.starts = [lexeme[3] for lexeme in found]
        return found

    def nodes(self, found: list[Lexeme], build: Callable[[Lexeme], Node]) -> list[Node]:
        """The node of each lexeme (`found`: what `lexemes` returned last): the previous
        parse's where nothing changed, a moved copy below the edit, else a new one."""
        plan, old = self.plan, self.built
        self.built_for = found
        if plan is None or found is not self.found:
            self.built = [build(lexeme) for lexeme in found]
            return self.built
        out = old[: plan.kept]
        # The lexemes lexed again are usually the edited line and the one before it, which
        # may not have changed at all.
        again = dict(zip(self.replaced, old[plan.kept : plan.resumed], strict=True))
        for lexeme in plan.middle:
            node = again.get(lexeme)
            out.append(node if node is not None else build(lexeme))
        delta = plan.delta
        if delta:
            out += map(_moved, old[plan.resumed :], repeat(delta))
            if None in out:  # a kind of node that is built again (a master.cf service)
                out = [build(found[i]) if node is None else node for i, node in enumerate(out)]
        else:
            out.extend(old[plan.resumed :])
        self.built = out
        return out


def _moved(node: Node, delta: int) -> Node | None:
    """A node equal to what parsing its text `delta` characters further on would give, or
    None for a kind of node this does not know how to move (it is built again)."""
    cls = type(node)
    if len(node.lines) == 1:  # every comment and blank line, most entries
        line = node.lines[0]
        lines: tuple[PhysicalLine, ...] = (PhysicalLine(line.kind, line.text, line.start + delta),)
    else:
        lines = tuple([PhysicalLine(one.kind, one.text, one.start + delta) for one in node.lines])
    if cls is Comment or cls is Blank:
        return cls(lines)
    if cls is Parameter:
        assert isinstance(node, Parameter)
        name_span, value_span = node.name_span, node.value_span
        # Every field in one call (positional, in the order of the class's fields): setting
        # them after a default construction cost a third more, for each line below an edit.
        return Parameter(
            lines,
            node.name,
            Span(name_span.start + delta, name_span.end + delta),
            node.equals_offset + delta,
            node.value,
            Span(value_span.start + delta, value_span.end + delta),
            node.value_index,
        )
    if cls is BrokenEntry:
        assert isinstance(node, BrokenEntry)
        broken = BrokenEntry(lines)
        broken.error, broken.message = node.error, node.message
        return broken
    return None


def relex(grammar_file: str, old: str, found: list[Lexeme], starts: list[int], new: str) -> Relexed:
    """How the lexemes of `new` are made of those of `old`: lexing restarts just before the
    first change and stops as soon as it meets an old lexeme boundary in the unchanged tail.

    From a boundary on, lexemes depend only on the text that follows (every line terminal is
    allowed anywhere), so once a new lexeme starts in the unchanged tail exactly where an old
    one did, the rest are the old ones, moved. Before the change, comment and blank lines
    stand alone; only the last entry above the change may grow (a new continuation line
    below the comments under it joins it).

    Matching an entry scans the comment and blank lines after it, to see whether a
    continuation line follows them: below the last setting of a commented stock file, that
    is the rest of the file. Those scans are left to a plain pattern here, and the lexer
    only sees the text up to where they end.
    """
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    index = max(bisect.bisect_left(starts, prefix) - 1, 0)  # last lexeme starting before
    growing = index
    while growing > 0 and found[growing][0] not in _GROWING:
        growing -= 1
    # Only gap lines lie between that entry and the edited line: it grows when the first
    # line from there on that is not a gap line is a continuation line.
    line = new.rfind("\n", 0, prefix) + 1
    if growing < index and found[growing][0] in _GROWING and _continued_after_gaps(new, line):
        index = growing
    restart = starts[index]
    delta = len(new) - len(old)
    tail = len(new) - suffix  # new[tail:] == old[tail - delta:]
    window = _window_end(new, max(tail, restart + 1))
    middle: list[Lexeme] = []
    for lexeme in lexemes(grammar_file, new[restart:window], restart):
        at = _old_at(starts, lexeme[3] - delta) if lexeme[3] >= tail else None
        if at is not None:
            return Relexed(index, middle, at, delta)
        middle.append(lexeme)
    if window < len(new):  # no lexeme crosses the window's end: go on from there
        at = _old_at(starts, window - delta)
        if at is not None:
            return Relexed(index, middle, at, delta)
        for lexeme in lexemes(grammar_file, new[window:], window):
            at = _old_at(starts, lexeme[3] - delta)
            if at is not None:
                return Relexed(index, middle, at, delta)
            middle.append(lexeme)
    return Relexed(index, middle, len(found), delta)


def _old_at(starts: list[int], position: int) -> int | None:
    """The index of the old lexeme that started at `position`, if one did."""
    at = bisect.bisect_left(starts, position)
    return at if at < len(starts) and starts[at] == position else None


# The line classes of lines.lark: a gap line (comment or blank) belongs to the entry above
# it only when a continuation line (indented text) follows it and the gap lines after it.
_GAP_LINES = re.compile(r"(?:[ \t\x0b\x0c\r]*(?:#[^\n]*)?\n)*")
_CONTINUATION = re.compile(r"[ \t\x0b\x0c\r]+[^ \t\x0b\x0c\r\n#]")


def _continued_after_gaps(text: str, line: int) -> bool:
    """Whether a continuation line follows the gap lines from line start `line` on."""
    after = _GAP_LINES.match(text, line)
    assert after is not None  # the pattern may match nothing
    return _CONTINUATION.match(text, after.end()) is not None


def _window_end(text: str, at: int) -> int:
    """Where lexing from before `at` may stop: the start of the first line at or after `at`
    when no continuation line follows the gap lines from there (then no lexeme crosses it:
    every lexeme after it starts at a line of its own), else the end of the text."""
    line = at if text[at - 1 : at] == "\n" else text.find("\n", at) + 1
    if line == 0 or line >= len(text) or _continued_after_gaps(text, line):
        return len(text)
    return line


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisecting on slice comparisons (memcmp, not a loop)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit` (so that it does not overlap the prefix)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low
