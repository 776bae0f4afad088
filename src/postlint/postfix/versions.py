"""Postfix release numbers and compatibility levels, compared numerically (3.10 > 3.9)."""

from __future__ import annotations

import re
from functools import lru_cache, total_ordering

import attrs

OLDEST = "2.0"
NEWEST_STABLE = "3.11"  # the default target: newest stable release in the catalogue
NEWEST = "3.12"  # development snapshot; used only when asked for

_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


@total_ordering
@attrs.frozen
class Version:
    major: int
    minor: int = 0
    patch: int = 0

    @classmethod
    def parse(cls, text: str) -> Version:
        return _parse_version(text)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return (self.major, self.minor, self.patch) < (other.major, other.minor, other.patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@lru_cache(maxsize=256)
def _parse_version(text: str) -> Version:
    """Parsed once per spelling: the catalogue compares the same few releases very often."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not a Postfix version: {text!r} (expected X.Y)")
    major, minor, patch = (int(g) if g else 0 for g in match.groups())
    return Version(major, minor, patch)


def parse_target(text: str) -> Version:
    """A --postfix-version argument: X.Y between 2.0 and the newest catalogued release."""
    version = Version.parse(text)
    if version < Version.parse(OLDEST) or Version.parse(NEWEST) < Version(
        version.major, version.minor
    ):
        raise ValueError(f"Postfix {text} is outside the catalogue ({OLDEST} to {NEWEST})")
    return version


_LEVEL = re.compile(r"^\d+(\.\d+){0,2}$")


def parse_level(text: str) -> tuple[int, int, int] | None:
    """A compatibility_level value `major[.minor[.patch]]`, or None if malformed."""
    if not _LEVEL.match(text):
        return None
    parts = [int(p) for p in text.split(".")] + [0, 0]
    return parts[0], parts[1], parts[2]
