"""Postfix release numbers, compared numerically (3.10 > 3.9)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NoReturn

NEWEST_STABLE = "3.11"  # the default target: newest stable release in the catalogue
NEWEST = "3.12"  # development snapshot; used only when asked for

_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


class Version:
    """`X.Y` (patch None: the newest patch level of that line) or `X.Y.Z` (exactly that).
    Comparisons treat a missing patch as 0, so a rule's `min_version = "3.1"` admits 3.1.0.

    Immutable, compared and hashed by its fields. A plain class, not attrs: it is imported
    by every start, and generating an attrs class costs ~0.4 ms.
    """

    __slots__ = ("major", "minor", "patch")
    major: int
    minor: int
    patch: int | None

    def __init__(self, major: int, minor: int = 0, patch: int | None = None) -> None:
        set_field = object.__setattr__
        set_field(self, "major", major)
        set_field(self, "minor", minor)
        set_field(self, "patch", patch)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"Version is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"Version is immutable: cannot delete {name}")

    def _fields(self) -> tuple[int, int, int | None]:
        return self.major, self.minor, self.patch

    def __reduce__(self) -> tuple[type[Version], tuple[int, int, int | None]]:
        return Version, self._fields()

    def __eq__(self, other: object) -> bool:
        # 3.1 and 3.1.0 compare equal in order (key) but are different targets.
        if isinstance(other, Version) and other.__class__ is self.__class__:
            return self._fields() == other._fields()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Version(major={self.major!r}, minor={self.minor!r}, patch={self.patch!r})"

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
