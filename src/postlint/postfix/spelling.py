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
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import groupby, repeat

from postlint.postfix.ranking import best_matches, check_arguments, fewest_shared, quick_bounds

LONG = 200  # characters: names this long are counted one by one, not indexed

Bounds = list[tuple[float, str]]  # (quick_ratio with the word, candidate)


class CloseNames:
    """Candidates indexed by length and by how often each character occurs."""

    EXTRAS = 256  # indexes of extra names kept, at most
    LETTER_SETS = 65_536  # remembered searches, at most (then forgotten all at once)

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self._known = frozenset(self.names)
        self._long = [name for name in self.names if len(name) >= LONG]
        self._counts: _Counts | None = None  # made on the first search, a character at a time
        # Indexes of the extra names asked with a word (a few per-service names, the same
        # for every word that starts with a service's name).
        self._extras: dict[tuple[str, ...], _Counts] = {}
        # The bounds depend only on which characters a word has, not on their order: names
        # that are anagrams of each other (site_map_12 and site_map_21, thousands of
        # numbered names) share one search.
        self._by_letters: dict[tuple[str, float], Bounds] = {}

    def close(
        self, word: str, n: int = 3, cutoff: float = 0.8, extra: Iterable[str] = ()
    ) -> list[str]:
        """Exactly `difflib.get_close_matches(word, self.names + extra, n, cutoff)`."""
        check_arguments(n, cutoff)
        bounded = self._candidates(word, cutoff)
        extra = tuple(extra)
        if extra:
            extra = tuple(name for name in extra if name not in self._known)
        if extra:
            extras = self._extras_index(extra)
            if extras is None:
                more = quick_bounds(word, dict.fromkeys(extra), cutoff)
            else:
                more = extras.reaching(word, cutoff)
            bounded = bounded + more if bounded else more
        if not bounded:
            return []  # most unknown names: nothing is close
        return best_matches(word, bounded, n, cutoff)

    def _extras_index(self, extra: tuple[str, ...]) -> _Counts | None:
        """An index of the extra names, made once for each set of them; None for names as
        long as a master.cf can make them (an index holds a field per name)."""
        extras = self._extras.get(extra)
        if extras is None and max(map(len, extra)) < LONG:
            if len(self._extras) >= self.EXTRAS:
                self._extras.clear()
            extras = self._extras[extra] = _Counts(set(extra))
        return extras

    def _candidates(self, word: str, cutoff: float) -> Bounds:
        """(quick_ratio, name) for the names whose quick_ratio with `word` reaches `cutoff`
        (shared by the words with the same letters: never changed by the caller)."""
        if self._counts is None:
            self._counts = _Counts([name for name in self.names if len(name) < LONG])
        if len(word) >= LONG:  # a hostile name's length: not worth remembering
            return self._counts.reaching(word, cutoff) + quick_bounds(word, self._long, cutoff)
        letters = ("".join(sorted(word)), cutoff)
        found = self._by_letters.get(letters)
        if found is None:
            if len(self._by_letters) >= self.LETTER_SETS:
                self._by_letters.clear()
            found = self._counts.reaching(word, cutoff)
            if self._long:
                found += quick_bounds(word, self._long, cutoff)
            self._by_letters[letters] = found
        return found


class _Counts:
    """For every candidate at once, how many characters it shares with a word.

    One integer holds a field per candidate (`width` bits, candidate i at bit i * width),
    candidates in order of length. `_upto[c, k]` holds min(k, occurrences of c) in each
    candidate's field, so adding one such integer per distinct character of the word gives
    every candidate's shared count (difflib's quick_ratio numerator) in a dozen big-integer
    additions. A field's top bit stays clear (counts are below half its range), so adding
    `half - needed` to each field sets that bit exactly where the candidate shares enough
    characters. Only the candidates whose length allows the cutoff with the word's take part:
    a run of fields (a `_Window`), a third to a half of the whole for most words.
    """

    WINDOWS = 256  # remembered (word length, cutoff) pairs, at most
    SMALL = 64  # candidates: fewer are never cut into runs (one copy of the counts)

    def __init__(self, names: Iterable[str]) -> None:
        # Shorter than LONG (a field counts to the length in one byte). By length, so that
        # the names a word's length allows are one run of fields.
        self.names = sorted(sorted(names), key=len)  # by name within a length
        self.lengths = list(map(len, self.names))
        longest = max(self.lengths, default=0)
        self.width = 8 * ((longest.bit_length() + 8) // 8)  # whole bytes, top bit free
        self.half = 1 << (self.width - 1)
        self.field = (1 << self.width) - 1
        self._upto = _Upto(self.names, self._packed)
        # length -> (first field, fields) of the names that long
        self._runs: dict[int, tuple[int, int]] = {}
        at = 0
        for length, run in groupby(self.lengths):
            count = len(list(run))
            self._runs[length] = (at, count)
            at += count
        self._windows: dict[tuple[int, float], _Window | None] = {}
        self._cuts: dict[tuple[int, int], _Cut] = {}  # (first, stop) -> the counts cut so

    def _packed(self, values: bytes) -> int:
        """One field per name holding its byte of `values`."""
        stride = self.width // 8
        if stride == 1:
            return int.from_bytes(values, "little")
        spread = bytearray(len(values) * stride)
        spread[::stride] = values
        return int.from_bytes(spread, "little")

    def reaching(self, word: str, cutoff: float) -> Bounds:
        """(quick_ratio, name) for each candidate whose quick_ratio with `word` reaches
        `cutoff`."""
        size = len(word)
        window = self._window(size, cutoff)
        if window is None:
            return []
        # (character, times) pairs straight from Counter: the additions run without a
        # Python-level loop (a few microseconds for a typical name).
        total = sum(map(window.cut.__getitem__, Counter(word).items()))
        hits = (total + window.offset) & window.high
        if not hits:
            return []  # most words
        # Read as bytes (fields are whole bytes): a hit is a field whose top byte is 0x80,
        # found by bytes.find, and its count is in the field's low byte (counts < 200).
        size_in_bytes = window.cut.fields * (self.width // 8)
        flags = hits.to_bytes(size_in_bytes, "little")
        counts = total.to_bytes(size_in_bytes, "little")
        stride, first, names, lengths = self.width // 8, window.cut.first, self.names, self.lengths
        found = []
        at = flags.find(0x80)
        while at >= 0:
            field = at // stride
            shared = counts[field * stride]
            total_length = size + lengths[first + field]
            found.append(
                (2.0 * shared / total_length if total_length else 1.0, names[first + field])
            )
            at = flags.find(0x80, at + 1)
        return found

    def _window(self, size: int, cutoff: float) -> _Window | None:
        """The run of candidates whose length can reach the cutoff with a word of `size`
        characters (None: no length can)."""
        key = (size, cutoff)
        if key in self._windows:
            return self._windows[key]
        if len(self._windows) >= self.WINDOWS:
            self._windows.clear()  # hostile input: thousands of word lengths
            self._cuts.clear()
        needs = []
        for length, (at, count) in self._runs.items():
            needed = fewest_shared(size, length, cutoff)
            if needed is not None:
                needs.append((at, count, needed))
        window = None
        if needs:
            if len(self.names) < self.SMALL:
                first, stop = 0, len(self.names)
            else:
                first = min(at for at, _count, _needed in needs)
                stop = max(at + count for at, count, _needed in needs)
            cut = self._cuts.get((first, stop))
            if cut is None:
                cut = self._cuts[first, stop] = _Cut(self._upto, first, stop - first, self.width)
            window = _Window(cut)
            for at, count, needed in needs:
                ones = _ones(count, self.width) << ((at - first) * self.width)
                window.offset += (self.half - needed) * ones
                window.high += self.half * ones
        self._windows[key] = window
        return window


_BYTES = bytes(range(256))


class _Upto(dict[tuple[str, int], int]):
    """(character, k) -> min(k, occurrences) per candidate field, worked out for each
    character when a word first has it (a run with a few unknown names needs a few
    characters, not all); a k above what any candidate holds is the same as the most any
    holds, and a character no candidate holds is 0."""

    ABSENT = 4096  # characters no candidate holds remembered, at most

    def __init__(self, names: list[str], packed: Callable[[bytes], int]) -> None:
        super().__init__()
        self.names = names
        self.packed = packed  # one field per name from one byte per name
        self.most: dict[str, int] = {}  # the most times a candidate holds each character
        # The names on lines as bytes (when they are ASCII, without line breaks): a count
        # per name is then a deletion and a split, in C.
        joined = "\n".join(names)
        self.lines = (
            joined.encode() if joined.isascii() and joined.count("\n") < len(names) else None
        )

    def _times(self, char: str) -> bytes:
        """One byte per name: how often it holds `char`."""
        if self.lines is None or len(char) != 1 or not char.isascii() or char == "\n":
            return bytes(map(str.count, self.names, repeat(char)))
        others = _BYTES.replace(char.encode(), b"").replace(b"\n", b"")
        # what is left of each line is `char` as often as the name holds it (a tenth of a
        # `str.count` per name)
        return bytes(map(len, self.lines.translate(None, others).split(b"\n")))

    def most_of(self, char: str) -> int:
        """The most times a candidate holds `char` (its pairs are made on the way)."""
        most = self.most.get(char)
        if most is None:
            # how often each name holds `char`; min(k, that) by translation
            times = self._times(char)
            most = max(times, default=0)
            for k in range(1, most + 1):
                at_most_k = bytes(range(k)) + bytes([k]) * (256 - k)  # byte -> min(byte, k)
                self[char, k] = self.packed(times.translate(at_most_k))
            if most or len(self.most) < self.ABSENT:  # any character can come
                self.most[char] = most
        return most

    def __missing__(self, key: tuple[str, int]) -> int:
        char, times = key
        most = self.most_of(char)
        return self[char, min(times, most)] if most else 0


class _Window:
    """A run of fields for one word length and cutoff: the counts cut to it, and the numbers
    that test each field of the run against the cutoff."""

    def __init__(self, cut: _Cut) -> None:
        self.cut = cut
        self.offset = 0  # half - needed in each field that can reach the cutoff
        self.high = 0  # the top bit of each such field


class _Cut(dict[tuple[str, int], int]):
    """`_Upto` cut to a run of fields (made on first use of each pair)."""

    def __init__(self, upto: _Upto, first: int, fields: int, width: int) -> None:
        super().__init__()
        self.upto = upto
        self.first = first  # the run's first candidate
        self.fields = fields
        self.shift = first * width
        self.mask = (1 << (fields * width)) - 1
        self.odd = 0  # pairs kept that no candidate has

    ODD = 64  # pairs no candidate has (a character none holds, or more often) kept, at most

    def __missing__(self, key: tuple[str, int]) -> int:
        char, times = key
        most = self.upto.most_of(char)
        if most and times <= most:
            part = self[key] = (self.upto[key] >> self.shift) & self.mask
            return part
        # 0 for a character no candidate holds, else the same as the most any holds
        part = self[char, most] if most else 0
        if self.odd < self.ODD:  # any character can come: remembered only up to a point
            self.odd += 1
            self[key] = part
        return part


def _ones(count: int, width: int) -> int:
    """A 1 in each of `count` fields of `width` bits."""
    return ((1 << (count * width)) - 1) // ((1 << width) - 1)


@lru_cache(maxsize=8)
def close_names(names: frozenset[str]) -> CloseNames:
    """One index per set of names (a release's parameters), built on first use."""
    return CloseNames(names)
