"""Splitting Postfix text into words where {...} groups stay whole (mystrtokq semantics)."""

from __future__ import annotations


def brace_tokens(text: str, separators: str) -> list[tuple[int, int]]:
    """(start, end) of each word; separators inside {...} do not split."""
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
