"""Close spellings of a name among many: difflib's answer, without trying every candidate.

`difflib.get_close_matches` scores every candidate; against the ~960 parameter names that
is milliseconds per unknown name. Its score (`ratio`) can never exceed `quick_ratio`, which
only counts the characters two strings share (as multisets). This index computes that bound
for all candidates at once, with one bit per candidate in Python integers, and hands only the
candidates whose bound reaches the cutoff to difflib: the answer is difflib's, unchanged.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterable
from functools import lru_cache


class CloseNames:
    """Candidates indexed by length and by how often each character occurs."""

    # Building the index costs about as much as a few plain difflib searches: a run with
    # one or two unknown names never builds it.
    PLAIN_SEARCHES = 4

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self._searches = 0
        self._has: dict[tuple[str, int], int] | None = None
        self._by_length: dict[int, int] = {}
        self._misses: dict[tuple[int, float], dict[int, int]] = {}
        # quick_ratio depends only on which characters a word has, not on their order:
        # names that are anagrams of each other (site_map_12 and site_map_21, thousands of
        # numbered names) share one search.
        self._by_letters: dict[tuple[str, float], list[str]] = {}

    LETTER_SETS = 65_536  # remembered searches, at most (then forgotten all at once)

    def _build(self) -> dict[tuple[str, int], int]:
        # (character, k) -> candidates holding that character at least k times
        bits: dict[tuple[str, int], list[int]] = {}
        lengths: dict[int, list[int]] = {}
        for bit, name in enumerate(self.names):
            lengths.setdefault(len(name), []).append(bit)
            seen: dict[str, int] = {}
            for char in name:
                seen[char] = k = seen.get(char, 0) + 1
                bits.setdefault((char, k), []).append(bit)
        self._by_length = {length: _mask(found) for length, found in lengths.items()}
        return {key: _mask(found) for key, found in bits.items()}

    def close(
        self, word: str, n: int = 3, cutoff: float = 0.8, extra: Iterable[str] = ()
    ) -> list[str]:
        """Exactly `difflib.get_close_matches(word, self.names + extra, n, cutoff)`."""
        bounds: dict[str, float | None] = {}
        for name, misses in self._candidates(word, cutoff):
            # quick_ratio, as difflib computes it: the shared characters are the word's
            # characters less the ones the candidate misses.
            shared = len(word) - misses if misses is not None else None
            bounds[name] = _ratio(shared, len(word) + len(name)) if shared is not None else None
        for name in extra:
            bounds.setdefault(name, None)
        if not bounds:
            return []  # what difflib answers, without indexing `word` for nothing
        return _best_matches(word, bounds, n, cutoff)

    def candidates(self, word: str, cutoff: float) -> list[str]:
        """The names whose quick_ratio with `word` reaches `cutoff` (a superset of matches)."""
        return [name for name, _misses in self._candidates(word, cutoff)]

    def _candidates(self, word: str, cutoff: float) -> list[tuple[str, int | None]]:
        """The candidates, each with how many of the word's characters it lacks (None:
        not counted, the first few plain searches)."""
        if self._has is None:
            self._searches += 1
            if self._searches <= self.PLAIN_SEARCHES:
                return [(name, None) for name in self.names]
            self._has = self._build()
        letters = ("".join(sorted(word)), cutoff)
        found = self._by_letters.get(letters)
        if found is None:
            if len(self._by_letters) >= self.LETTER_SETS:
                self._by_letters.clear()
            found = self._by_letters[letters] = self._search(word, cutoff)
        return found

    def _search(self, word: str, cutoff: float) -> list[tuple[str, int | None]]:
        assert self._has is not None
        allowed = self._allowed_misses(len(word), cutoff)
        if not allowed:
            return []
        most = max(allowed.values())
        # at_most[j]: candidates (of a length that can reach the cutoff) missing at most j
        # of the word's characters seen so far.
        fitting = 0
        for length in allowed:
            fitting |= self._by_length[length]
        at_most = [fitting] * (most + 1)
        seen: dict[str, int] = {}
        holders = []
        for char in word:
            seen[char] = k = seen.get(char, 0) + 1
            holders.append(self._has.get((char, k), 0))
        # Misses are counted, so the order does not matter: rare characters first (a digit,
        # a `q`) rule most candidates out early, and a made-up name stops after a few.
        holders.sort(key=int.bit_count)
        for has in holders:
            for j in range(most, 0, -1):
                at_most[j] = (at_most[j] & has) | at_most[j - 1]
            at_most[0] &= has
            if not at_most[most]:
                return []  # every candidate already misses too many of the word's characters
        keep = 0
        for length, misses in allowed.items():
            keep |= self._by_length[length] & at_most[misses]
        found: list[tuple[str, int | None]] = []
        for misses in range(most + 1):  # a candidate's misses: the first level holding it
            level = keep & at_most[misses]
            keep ^= level
            while level:
                low = level & -level
                found.append((self.names[low.bit_length() - 1], misses))
                level ^= low
        return found

    def _allowed_misses(self, size: int, cutoff: float) -> dict[int, int]:
        """For each candidate length, how many of the word's characters may be missing."""
        found = self._misses.get((size, cutoff))
        if found is None:
            found = self._misses[(size, cutoff)] = {
                length: size - shared
                for length in self._by_length
                if (shared := _fewest_shared(size, length, cutoff)) is not None
            }
        return found


def _best_matches(
    word: str, candidates: dict[str, float | None], n: int, cutoff: float
) -> list[str]:
    """`difflib.get_close_matches(word, candidates, n, cutoff)`, scoring fewer candidates.

    `candidates` maps each name to its quick_ratio with `word` when already known (None:
    difflib computes it). difflib scores every candidate with `ratio()` (the expensive
    part) and keeps the n best (score, name) pairs. `quick_ratio()` is an upper bound of
    `ratio()` computed with the same arithmetic, so in falling order of that bound, once n
    scores are known, a candidate whose bound is below the n-th best score cannot enter the
    answer (it cannot even tie), and neither can any after it.
    """
    if n <= 0:
        raise ValueError(f"n must be > 0: {n!r}")
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded = []
    for name, known in candidates.items():
        if known is not None:
            if known >= cutoff:  # real_quick_ratio is never below quick_ratio
                bounded.append((known, name))
            continue
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounded.append((bound, name))
    bounded.sort(key=lambda pair: pair[0], reverse=True)
    scored: list[tuple[float, str]] = []
    for bound, name in bounded:
        if len(scored) >= n and bound < heapq.nlargest(n, scored)[-1][0]:
            break
        matcher.set_seq1(name)
        if (score := matcher.ratio()) >= cutoff:
            scored.append((score, name))
    return [name for _score, name in heapq.nlargest(n, scored)]


def _ratio(matches: int, length: int) -> float:
    """difflib's own arithmetic (difflib._calculate_ratio), so that bounds compare exactly."""
    return 2.0 * matches / length if length else 1.0


def _mask(bits: list[int]) -> int:
    return int.from_bytes(_bitmap(bits), "little")


def _bitmap(bits: list[int]) -> bytearray:
    out = bytearray(bits[-1] // 8 + 1)
    for bit in bits:
        out[bit >> 3] |= 1 << (bit & 7)
    return out


def _fewest_shared(size: int, length: int, cutoff: float) -> int | None:
    """The fewest shared characters that give quick_ratio >= cutoff (difflib's arithmetic)."""
    total = size + length
    for shared in range(min(size, length) + 1):
        if _ratio(shared, total) >= cutoff:
            return shared
    return None


@lru_cache(maxsize=8)
def close_names(names: frozenset[str]) -> CloseNames:
    """One index per set of names (a release's parameters), built on first use."""
    return CloseNames(names)
