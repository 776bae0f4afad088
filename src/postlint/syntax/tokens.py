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
