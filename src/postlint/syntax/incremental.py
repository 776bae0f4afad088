"""Re-parsing an edited document: lex again only around the change, keep unchanged nodes."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

import attrs

from postlint.syntax.ast import Node
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

    def lexemes(self, grammar_file: str, text: str) -> list[Lexeme]:
        """What `lexemes` gives, re-lexing only around the change since the last call."""
        if self.text is None or not self.found or not text:
            found = list(lexemes(grammar_file, text))
        else:
            found = relex(grammar_file, self.text, self.found, self.starts, text)
        self.text, self.found = text, found
        self.starts = [lexeme[3] for lexeme in found]
        return found

    def nodes(self, found: Iterable[Lexeme], build: Callable[[Lexeme], Node]) -> list[Node]:
        """The node of each lexeme: the previous parse's when the same text sits at the same
        place, else a new one."""
        self.previous, self.current = self.current, {}
        out = []
        for lexeme in found:
            node = self.previous.get(lexeme)
            if node is None:
                node = build(lexeme)
            self.current[lexeme] = node
            out.append(node)
        return out


def relex(
    grammar_file: str, old: str, found: list[Lexeme], starts: list[int], new: str
) -> list[Lexeme]:
    """The lexemes of `new`, given those of `old`: lexing restarts just before the first
    change and stops as soon as it meets an old lexeme boundary in the unchanged tail.

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
                if delta:
                    out.extend((r, t, x, s + delta) for r, t, x, s in found[at:])
                else:
                    out.extend(found[at:])
                return out
        out.append(lexeme)
    return out


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
