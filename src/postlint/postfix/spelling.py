"""Close spellings of a name among many: difflib's answer, without trying every candidate.

`difflib.get_close_matches` scores every candidate; against the ~960 parameter names that
is milliseconds per unknown name. Its score (`ratio`) can never exceed `quick_ratio`, which
only counts the characters two strings share (as multisets). This index computes that count
for all candidates at once, as one field per candidate in a Python integer, and hands only
the candidates whose bound reaches the cutoff on (to `ranking.best_matches`, which scores
as few of them as it can): the answer is difflib's, unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from postlint.postfix.ranking import best_matches, fewest_shared, ratio

LONG = 200  # characters: extra names this long are counted one by one, not indexed


class CloseNames:
    """Candidates indexed by length and by how often each character occurs."""

    # Building the index costs about as much as one or two plain searches: a run with one
    # or two unknown names never builds it.
    PLAIN_SEARCHES = 2
    EXTRAS = 256  # indexes of extra names kept, at most
    LETTER_SETS = 65_536  # remembered searches, at most (then forgotten all at once)

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self._searches = 0
        self._counts: _Counts | None = None
        # Indexes of the extra names asked with a word (a few per-service names, the same
        # for every word that starts with a service's name).
        self._extras: dict[tuple[str, ...], _Counts] = {}
        # The counts depend only on which characters a word has, not on their order: names
        # that are anagrams of each other (site_map_12 and site_map_21, thousands of
        # numbered names) share one search.
        self._by_letters: dict[tuple[str, float], list[tuple[str, int | None]]] = {}

    def close(
        self, word: str, n: int = 3, cutoff: float = 0.8, extra: Iterable[str] = ()
    ) -> list[str]:
        """Exactly `difflib.get_close_matches(word, self.names + extra, n, cutoff)`."""
        found = self._candidates(word, cutoff)
        extra = tuple(extra)
        if not found and not extra:
            return []  # most unknown names: nothing is close
        bounds: dict[str, float | None] = {}
        for name, shared in found:
            # quick_ratio, as difflib computes it (None: not counted, a plain search).
            bounds[name] = ratio(shared, len(word) + len(name)) if shared is not None else None
        extras = self._extras_index(extra) if extra else None
        if extras is not None:
            for i, shared in extras.reaching(word, cutoff):
                name = extras.names[i]
                bounds.setdefault(name, ratio(shared, len(word) + len(name)))
        else:
            for name in extra:
                bounds.setdefault(name, None)
        if not bounds:
            return []  # what difflib answers, without indexing `word` for nothing
        return best_matches(word, bounds, n, cutoff)

    def _extras_index(self, extra: tuple[str, ...]) -> _Counts | None:
        """An index of the extra names, made once for each set of them; None for names as
        long as a master.cf can make them (an index holds a key per character occurrence)."""
        extras = self._extras.get(extra)
        if extras is None and max(map(len, extra)) < LONG:
            if len(self._extras) >= self.EXTRAS:
                self._extras.clear()
            extras = self._extras[extra] = _Counts(sorted(set(extra)))
        return extras

    def _candidates(self, word: str, cutoff: float) -> list[tuple[str, int | None]]:
        """The candidates whose quick_ratio with `word` reaches `cutoff`, each with how many
        characters it shares with the word (None: not counted, the first few searches)."""
        if self._counts is None:
            self._searches += 1
            if self._searches <= self.PLAIN_SEARCHES:
                return [(name, None) for name in self.names]
            self._counts = _Counts(self.names)
        letters = ("".join(sorted(word)), cutoff)
        found = self._by_letters.get(letters)
        if found is None:
            if len(self._by_letters) >= self.LETTER_SETS:
                self._by_letters.clear()
            found = self._by_letters[letters] = [
                (self.names[i], shared) for i, shared in self._counts.reaching(word, cutoff)
            ]
        return found


class _Counts:
    """For every candidate at once, how many characters it shares with a word.

    One integer holds a field per candidate (`width` bits, candidate i at bit i * width).
    `_upto[c, k]` holds min(k, occurrences of c) in each candidate's field, so adding one
    such integer per distinct character of the word gives every candidate's shared count
    (difflib's quick_ratio numerator) in a dozen big-integer additions. A field's top bit
    stays clear (counts are below half its range), so adding `half - needed` to each field
    sets that bit exactly where the candidate shares enough characters.
    """

    def __init__(self, names: list[str]) -> None:
        self.names = names
        longest = max(map(len, names), default=0)
        self.width = 8 * ((longest.bit_length() + 8) // 8)  # whole bytes, top bit free
        self.half = 1 << (self.width - 1)
        self.field = (1 << self.width) - 1
        stride = self.width // 8
        # (character, k) -> candidates holding the character at least k times
        holders: dict[tuple[str, int], bytearray] = {}
        ones: dict[int, bytearray] = {}  # length -> a 1 in the field of each such candidate
        size = len(names) * stride
        for i, name in enumerate(names):
            if len(name) not in ones:
                ones[len(name)] = bytearray(size)
            ones[len(name)][i * stride] = 1
            seen: dict[str, int] = {}
            for char in name:
                seen[char] = k = seen.get(char, 0) + 1
                fields = holders.get((char, k))
                if fields is None:
                    fields = holders[char, k] = bytearray(size)
                fields[i * stride] = 1
        self._ones = {length: _number(found) for length, found in ones.items()}
        self._upto = _Upto()
        for char, k in sorted(holders):
            below = self._upto.get((char, k - 1), 0)
            self._upto[char, k] = below + _number(holders[char, k])
            self._upto.most[char] = k
        self.high = sum(self._ones.values()) * self.half
        self._offsets: dict[tuple[int, float], int] = {}

    OFFSETS = 256  # remembered (word length, cutoff) pairs, at most

    def reaching(self, word: str, cutoff: float) -> list[tuple[int, int]]:
        """(candidate, shared characters) for each candidate whose quick_ratio with `word`
        reaches `cutoff`."""
        # (character, times) pairs straight from Counter: the additions run without a
        # Python-level loop (a few microseconds for a typical name).
        total = sum(map(self._upto.__getitem__, Counter(word).items()))
        hits = (total + self._offset(len(word), cutoff)) & self.high
        found = []
        while hits:
            low = hits & -hits
            at = low.bit_length() - 1  # the top bit of candidate at // width's field
            start = at + 1 - self.width
            found.append((start // self.width, (total >> start) & self.field))
            hits ^= low
        return found

    def _offset(self, size: int, cutoff: float) -> int:
        """`half - needed` in the field of each candidate whose length can reach the cutoff
        with a word of `size` characters (0 elsewhere: its top bit is never set)."""
        found = self._offsets.get((size, cutoff))
        if found is None:
            if len(self._offsets) >= self.OFFSETS:
                self._offsets.clear()  # hostile input: thousands of word lengths
            found = 0
            for length, ones in self._ones.items():
                needed = fewest_shared(size, length, cutoff)
                if needed is not None:
                    found += (self.half - needed) * ones
            self._offsets[size, cutoff] = found
        return found


class _Upto(dict[tuple[str, int], int]):
    """(character, k) -> min(k, occurrences) per candidate field; a k above what any
    candidate holds is the same as the most any holds, and an unknown character is 0."""

    def __init__(self) -> None:
        super().__init__()
        self.most: dict[str, int] = {}  # the most times a candidate holds each character

    def __missing__(self, key: tuple[str, int]) -> int:
        most = self.most.get(key[0])
        return 0 if most is None else self[key[0], most]


def _number(fields: bytearray) -> int:
    return int.from_bytes(fields, "little")


@lru_cache(maxsize=8)
def close_names(names: frozenset[str]) -> CloseNames:
    """One index per set of names (a release's parameters), built on first use."""
    return CloseNames(names)
