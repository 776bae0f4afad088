"""Re-parsing an edited document: lex again only around the change, keep unchanged nodes.

Typing one character in the middle of a file moves every line below it. Those lines are not
parsed again: their nodes of the previous parse are copied with their offsets moved.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import attrs

from postlint.syntax.ast import Blank, BrokenEntry, Comment, Node, Parameter, PhysicalLine, Span
from postlint.syntax.lines import Lexeme, lexemes

# Lexemes that can grow over the comment and blank lines after them (when a continuation
# line follows those): an edit below them may change where they end.
_GROWING = ("entry", "stray")


@attrs.define
class NodeReuse:
    """The previous parse of one document: its text, lexemes and nodes.

    A language server re-parses a file on every keystroke. With one of these per open file,
    only the logical lines around the edit are lexed again (see `relex`), and only the
    entries whose text or position changed are built again. Nodes are never changed after
    parsing, so two trees may share them.
    """

    previous: dict[Lexeme, Node] = attrs.Factory(dict)
    current: dict[Lexeme, Node] = attrs.Factory(dict)
    text: str | None = None
    found: list[Lexeme] = attrs.Factory(list)
    starts: list[int] = attrs.Factory(list)  # of `found`, for bisect
    # From this index of `found` on, the lexemes are the previous ones moved by `delta`.
    moved: int | None = None
    delta: int = 0

    def lexemes(self, grammar_file: str, text: str) -> list[Lexeme]:
        """What `lexemes` gives, re-lexing only around the change since the last call."""
        self.moved, self.delta = None, 0
        if self.text is None or not self.found or not text:
            found = list(lexemes(grammar_file, text))
        else:
            delta = len(text) - len(self.text)
            found, moved = relex(grammar_file, self.text, self.found, self.starts, text)
            if moved < len(found) and delta:
                self.moved, self.delta = moved, delta
        self.text, self.found = text, found
        self.starts = [lexeme[3] for lexeme in found]
        return found

    def nodes(self, found: list[Lexeme], build: Callable[[Lexeme], Node]) -> list[Node]:
        """The node of each lexeme: the previous parse's when the same text sits at the same
        place, a copy of it moved when the text only moved, else a new one.

        `found` is what `lexemes` returned last.
        """
        self.previous, self.current = self.current, {}
        previous, current = self.previous, self.current
        moved = len(found) if self.moved is None else self.moved
        out = []
        for lexeme in found[:moved]:
            node = previous.get(lexeme)
            if node is None:
                node = build(lexeme)
            current[lexeme] = node
            out.append(node)
        delta = self.delta
        for lexeme in found[moved:]:
            rule, terminal, token, start = lexeme
            old = previous.get((rule, terminal, token, start - delta))
            node = _moved(old, delta) if old is not None else None
            if node is None:
                node = build(lexeme)
            current[lexeme] = node
            out.append(node)
        return out


def _moved(node: Node, delta: int) -> Node | None:
    """A node equal to what parsing its text `delta` characters further on would give, or
    None for a kind of node this does not know how to move (it is built again)."""
    cls = type(node)
    lines = tuple([PhysicalLine(line.kind, line.text, line.start + delta) for line in node.lines])
    if cls is Comment or cls is Blank:
        return cls(lines)
    if cls is Parameter:
        assert isinstance(node, Parameter)
        param = Parameter(lines)
        param.name, param.value, param.value_index = node.name, node.value, node.value_index
        param.name_span = Span(node.name_span.start + delta, node.name_span.end + delta)
        param.equals_offset = node.equals_offset + delta
        param.value_span = Span(node.value_span.start + delta, node.value_span.end + delta)
        return param
    if cls is BrokenEntry:
        assert isinstance(node, BrokenEntry)
        broken = BrokenEntry(lines)
        broken.error, broken.message = node.error, node.message
        return broken
    return None


def relex(
    grammar_file: str, old: str, found: list[Lexeme], starts: list[int], new: str
) -> tuple[list[Lexeme], int]:
    """The lexemes of `new`, given those of `old`, and the index from which they are old ones
    moved: lexing restarts just before the first change and stops as soon as it meets an old
    lexeme boundary in the unchanged tail.

    From a boundary on, lexemes depend only on the text that follows (every line terminal is
    allowed anywhere), so once a new lexeme starts in the unchanged tail exactly where an old
    one did, the rest are the old ones, moved. Before the change, comment and blank lines
    stand alone; only the last entry above the change may grow (a new continuation line
    below the comments under it joins it), so that entry is matched again first.
    """
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    index = max(bisect.bisect_left(starts, prefix) - 1, 0)  # last lexeme starting before
    growing = index
    while growing > 0 and found[growing][0] not in _GROWING:
        growing -= 1
    if growing < index and found[growing][0] in _GROWING:
        start = starts[growing]
        again = next(lexemes(grammar_file, new[start:], start), None)
        if again is None or len(again[2]) != len(found[growing][2]):
            index = growing
    restart = starts[index]
    delta = len(new) - len(old)
    tail = len(new) - suffix  # new[tail:] == old[tail - delta:]
    out = found[:index]
    for lexeme in lexemes(grammar_file, new[restart:], restart):
        position = lexeme[3]
        if position >= tail:
            at = bisect.bisect_left(starts, position - delta)
            if at < len(starts) and starts[at] == position - delta:
                moved = len(out)
                if delta:
                    out.extend((r, t, x, s + delta) for r, t, x, s in found[at:])
                else:
                    out.extend(found[at:])
                return out, moved
        out.append(lexeme)
    return out, len(out)


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
