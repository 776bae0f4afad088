"""difflib's choice of the n best close matches, scoring as few candidates as it can.

difflib scores a candidate with `SequenceMatcher.ratio()`: 2 * M / T, where M counts the
characters of its matching blocks and T both lengths. That is the expensive part. Two
cheaper numbers can only be higher: `quick_ratio` (M is at most the characters the two share
as multisets) and the same ratio with M replaced by the longest common subsequence (the
matching blocks are one common subsequence). A candidate whose bound cannot reach the cutoff,
or the n-th best score found so far, is never scored: the answer stays difflib's.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import difflib


def best_matches(
    word: str,
    candidates: dict[str, float | None],
    n: int,
    cutoff: float,
) -> list[str]:
    """`difflib.get_close_matches(word, candidates, n, cutoff)`.

    `candidates` maps each name to its quick_ratio with `word` when already known (None:
    worked out here). difflib keeps the n best (score, name) pairs; in falling order of quick_ratio,
    once n scores are known, a candidate whose bound is below the n-th best score cannot
    enter the answer (it cannot even tie), and neither can any after it.
    """
    if n <= 0:
        raise ValueError(f"n must be > 0: {n!r}")
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
    letters: Counter[str] | None = None
    bounded = []
    for name, known in candidates.items():
        if known is None:
            total = len(word) + len(name)
            # real_quick_ratio first: it needs only the lengths
            if ratio(min(len(word), len(name)), total) < cutoff:
                continue
            if letters is None:
                letters = Counter(word)
            shared = sum(min(times, letters[c]) for c, times in Counter(name).items())
            known = ratio(shared, total)
        if known >= cutoff:
            bounded.append((known, name))
    bounded.sort(key=lambda pair: pair[0], reverse=True)
    matcher: difflib.SequenceMatcher[str] | None = None
    short = len(word) < AUTOJUNK  # else difflib itself, as before (a hostile name's length)
    masks = positions(word) if bounded and short else {}
    scored: list[tuple[float, str]] = []
    for bound, name in bounded:
        worst = heapq.nlargest(n, scored)[-1][0] if len(scored) >= n else cutoff
        if bound < worst:
            break
        if short:
            if ratio(common_subsequence(len(word), masks, name), len(word) + len(name)) < worst:
                continue
            score = ratio(matching_characters(name, word), len(word) + len(name))
        else:
            if matcher is None:
                import difflib  # here: only names of 200+ characters (~1 ms of every start)

                matcher = difflib.SequenceMatcher()
                matcher.set_seq2(word)  # get_close_matches' sides: the word is seq2
            matcher.set_seq1(name)
            score = matcher.ratio()
        if score >= cutoff:
            scored.append((score, name))
    return [name for _score, name in heapq.nlargest(n, scored)]


# difflib treats the characters of a second sequence this long that occur in more than 1%
# of it as junk (its "autojunk" heuristic); below it, nothing is junk.
AUTOJUNK = 200


def matching_characters(a: str, b: str) -> int:
    """How many characters the matching blocks of `SequenceMatcher(None, a, b)` hold (the M
    of its ratio), for `b` shorter than AUTOJUNK: the same blocks difflib finds.

    difflib takes the longest common substring (the one starting earliest in `a`, then
    earliest in `b`), then does the same on both sides of it. Without junk its search only
    finds that substring; this finds it with the string search of `str.find`, trying the
    lengths by bisection (a length that occurs means every shorter one does too).
    """
    total = 0
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        i, j, k = _longest_match(a, b, alo, ahi, blo, bhi)
        if k:
            total += k
            if alo < i and blo < j:
                todo.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                todo.append((i + k, ahi, j + k, bhi))
    return total


def _longest_match(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """difflib's find_longest_match without junk: (i, j, k) with a[i:i+k] == b[j:j+k], the
    longest, then the earliest i, then the earliest j."""
    best, at = 0, alo
    within = b[blo:bhi]
    low, high = 1, min(ahi - alo, bhi - blo)  # the length sought is in low-1 .. high
    while low <= high:
        size = (low + high) // 2
        for i in range(alo, ahi - size + 1):
            if a[i : i + size] in within:
                best, at = size, i  # the earliest i holding a common substring this long
                low = size + 1
                break
        else:
            high = size - 1
    if not best:
        return alo, blo, 0
    return at, blo + within.find(a[at : at + best]), best


def positions(word: str) -> dict[str, int]:
    """Where each character of `word` occurs, one bit per position."""
    masks: dict[str, int] = {}
    for at, char in enumerate(word):
        masks[char] = masks.get(char, 0) | 1 << at
    return masks


def common_subsequence(size: int, masks: dict[str, int], name: str) -> int:
    """The length of the longest common subsequence of `name` and the word of `size`
    characters whose `positions` are `masks` (Hyyrö's bit-parallel form of the classic
    table: a few integer operations per character of `name`)."""
    full = (1 << size) - 1
    row = full  # a 1 where the column's value did not grow yet
    for char in name:
        grew = row & masks.get(char, 0)
        row = (row + grew) | (row - grew)
    return size - (row & full).bit_count()


def ratio(matches: int, length: int) -> float:
    """difflib's own arithmetic (difflib._calculate_ratio), so that bounds compare exactly."""
    return 2.0 * matches / length if length else 1.0


def fewest_shared(size: int, length: int, cutoff: float) -> int | None:
    """The fewest shared characters that give quick_ratio >= cutoff (difflib's arithmetic)."""
    total = size + length
    for shared in range(min(size, length) + 1):
        if ratio(shared, total) >= cutoff:
            return shared
    return None
