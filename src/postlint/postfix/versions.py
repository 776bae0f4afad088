"""Postfix release numbers, compared numerically (3.10 > 3.9)."""

from __future__ import annotations

import re
from functools import lru_cache

from postlint.records import FrozenRecord

NEWEST_STABLE = "3.11"  # the default target: newest stable release in the catalogue
NEWEST = "3.12"  # development snapshot; used only when asked for

_VERSION = re.compile(r"^([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?$")


class Version(FrozenRecord):
    """`X.Y` (patch None: the newest patch level of that line) or `X.Y.Z` (exactly that).
    Comparisons treat a missing patch as 0, so a rule's `min_version = "3.1"` admits 3.1.0,
    but 3.1 and 3.1.0 are different targets (not equal).
    """

    __slots__ = ("major", "minor", "patch")
    major: int
    minor: int
    patch: int | None

    def __init__(self, major: int, minor: int = 0, patch: int | None = None) -> None:
        self._set("major", major)
        self._set("minor", minor)
        self._set("patch", patch)

    def _values(self) -> tuple[int, int, int | None]:
        return self.major, self.minor, self.patch  # (used as a dict key: no loop)

    @classmethod
    def parse(cls, text: str) -> Version:
        return _parse_version(text)

    @property
    def key(self) -> tuple[int, int, int]:
        return self.major, self.minor, self.patch or 0

    @property
    def line(self) -> Version:
        return Version(self.major, self.minor)

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key

    def __le__(self, other: Version) -> bool:
        return self.key <= other.key

    def __gt__(self, other: Version) -> bool:
        return self.key > other.key

    def __ge__(self, other: Version) -> bool:
        return self.key >= other.key

    def __str__(self) -> str:
        if self.patch is None:
            return f"{self.major}.{self.minor}"
        return f"{self.major}.{self.minor}.{self.patch}"


@lru_cache(maxsize=256)
def _parse_version(text: str) -> Version:
    """Parsed once per spelling: the catalogue compares the same few releases very often."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not a Postfix version: {text!r} (expected X.Y or X.Y.Z)")
    major, minor, patch = match.groups()
    return Version(int(major), int(minor or 0), int(patch) if patch else None)


def parse_target(text: str) -> Version:
    """A --postfix-version argument (X.Y, X.Y.Z or a distribution name), checked against
    the releases the catalogue has data for."""
    from postlint.postfix.releases import parse_target as parse  # the data imports Version

    return parse(text)
