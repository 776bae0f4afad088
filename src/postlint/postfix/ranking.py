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
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import difflib


def best_matches(
    word: str,
    bounded: Iterable[tuple[float, str]],
    n: int,
    cutoff: float,
) -> list[str]:
    """`difflib.get_close_matches(word, candidates, n, cutoff)`, given as (quick_ratio, name)
    the candidates whose quick_ratio with `word` reaches `cutoff` (the others cannot).

    difflib keeps the n best (score, name) pairs; in falling order of quick_ratio, once n
    scores are known, a candidate whose bound is below the n-th best score cannot enter the
    answer (it cannot even tie), and neither can any after it.
    """
    check_arguments(n, cutoff)
    matcher: difflib.SequenceMatcher[str] | None = None
    size = len(word)
    short = size < AUTOJUNK  # else difflib itself, as before (a hostile name's length)
    masks: dict[str, int] | None = None
    scored: list[tuple[float, str]] = []
    worst = cutoff  # the score to reach: the cutoff, then the n-th best once n are known
    # A candidate sharing nearly every character nearly always scores above the cutoff (a
    # typo of it): the subsequence bound would only cost time there, not save a score.
    likely = (1.0 + cutoff) / 2
    for bound, name in sorted(bounded, key=_first, reverse=True):
        if bound < worst:
            break
        total = size + len(name)
        if short:
            if bound < likely:
                if masks is None:
                    masks = positions(word)
                if ratio(common_subsequence(size, masks, name), total) < worst:
                    continue
            score = ratio(matching_characters(name, word), total)
        else:
            if matcher is None:
                import difflib  # here: only names of 200+ characters (~1 ms of every start)

                matcher = difflib.SequenceMatcher()
                matcher.set_seq2(word)  # get_close_matches' sides: the word is seq2
            matcher.set_seq1(name)
            score = matcher.ratio()
        if score >= cutoff:
            scored.append((score, name))
            if len(scored) >= n:
                worst = heapq.nlargest(n, scored)[-1][0]
    return [name for _score, name in heapq.nlargest(n, scored)]


_first = itemgetter(0)


def check_arguments(n: int, cutoff: float) -> None:
    """difflib's own checks of get_close_matches' arguments."""
    if n <= 0:
        raise ValueError(f"n must be > 0: {n!r}")
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")


def quick_bounds(word: str, names: Iterable[str], cutoff: float) -> list[tuple[float, str]]:
    """(quick_ratio, name) for each of `names` whose quick_ratio with `word` reaches
    `cutoff`, counted one by one (names too long for an index)."""
    letters: Counter[str] | None = None
    found = []
    for name in names:
        total = len(word) + len(name)
        # real_quick_ratio first: it needs only the lengths
        if ratio(min(len(word), len(name)), total) < cutoff:
            continue
        if letters is None:
            letters = Counter(word)
        shared = sum(min(times, letters[c]) for c, times in Counter(name).items())
        bound = ratio(shared, total)
        if bound >= cutoff:
            found.append((bound, name))
    return found


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
    longest, then the earliest i, then the earliest j.

    From each start in `a`, in order, it only asks whether a match longer than the best so
    far starts there: a later start must be strictly longer to win, so the first start
    reaching the longest length is the one kept. Where one does, its length is found by
    doubling the step and then halving it (a length that occurs means every shorter one
    does too): a typo's neighbour matches in a run of twenty characters, found in a few
    searches instead of twenty."""
    within = b[blo:bhi]
    best, at = 0, alo
    i = alo
    while i + best < ahi:
        if a[i : i + best + 1] in within:
            at = i
            found = best + 1  # a length that occurs
            missed = ahi - i + 1  # a length that does not (past the end of `a`)
            step = 1
            while found + step < missed and a[i : i + found + step] in within:
                found += step
                step += step
            missed = min(missed, found + step)
            while missed - found > 1:
                middle = (found + missed) // 2
                if a[i : i + middle] in within:
                    found = middle
                else:
                    missed = middle
            best = found
        i += 1
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
    # Where each character of `name` is in the word; one the word lacks changes nothing
    # (grew is 0), so it is skipped in C.
    for found in filter(None, map(masks.get, name)):
        grew = row & found
        row = (row + grew) | (row - grew)
    return size - (row & full).bit_count()


def ratio(matches: int, length: int) -> float:
    """difflib's own arithmetic (difflib._calculate_ratio), so that bounds compare exactly."""
    return 2.0 * matches / length if length else 1.0


def fewest_shared(size: int, length: int, cutoff: float) -> int | None:
    """The fewest shared characters that give quick_ratio >= cutoff (difflib's arithmetic)."""
    total = size + length
    most = min(size, length)
    # Below cutoff * total / 2 - 1 the ratio is short of the cutoff by far more than any
    # rounding: only the last few counts are tried with difflib's arithmetic.
    shared = max(int(cutoff * total / 2) - 1, 0)
    while shared <= most:
        if ratio(shared, total) >= cutoff:
            return shared
        shared += 1
    return None
