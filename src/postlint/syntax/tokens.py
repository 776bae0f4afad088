"""Splitting Postfix text into words where {...} groups stay whole (mystrtokq semantics)."""

from __future__ import annotations

import re
from functools import cache


@cache
def _word_pattern(separators: str) -> re.Pattern[str]:
    return re.compile(f"[^{re.escape(separators)}]+")


def plain_words(text: str, separators: str) -> list[str]:
    """The words of brace-free text, split on `separators` (one regex call)."""
    return _word_pattern(separators).findall(text)


def brace_tokens(text: str, separators: str) -> list[tuple[int, int]]:
    """(start, end) of each word; separators inside {...} do not split."""
    if "{" not in text and "}" not in text:
        # No grouping: plain splitting, done by the regex engine (long lists stay fast).
        return [m.span() for m in _word_pattern(separators).finditer(text)]
    found = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in separators:
            i += 1
        if i >= n:
            break
        start, depth = i, 0
        while i < n:
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif depth <= 0 and ch in separators:
                break
            i += 1
        found.append((start, i))
    return found


_BRACKETS_OF = {"{": re.compile(r"[{}]"), "(": re.compile(r"[()]")}


def closing_bracket(text: str, opening: int = 0) -> int:
    """The offset of the bracket closing the `{` or `(` at `opening`, or -1 (none, or no
    such bracket there). Only its own kind counts: `${a(b}` closes at the brace."""
    opener = text[opening : opening + 1]
    brackets = _BRACKETS_OF.get(opener)
    if brackets is None:
        return -1
    depth = 0
    for bracket in brackets.finditer(text, opening):  # jumps from bracket to bracket
        if bracket.group() == opener:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return bracket.start()
    return -1
