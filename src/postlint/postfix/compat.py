"""Compatibility levels and the `compatibility_level` switches in built-in defaults, read in
one place (the expander, the catalogue, relay control and PL312 all ask here)."""

from __future__ import annotations

import re

from postlint.records import FrozenRecord

_LEVEL = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")
# A default that depends on the level. 3.0-3.5 compare integers (`< {1}`); 3.6 and later
# compare levels (`<level {3.6}`), which also accepts major.minor[.patch].
_SWITCH = re.compile(
    r"^\$\{\{\$compatibility_level\} <(level)? \{([\d.]+)\} \? \{(.*)\} : \{(.*)\}\}$", re.S
)


def parse_level(text: str) -> tuple[int, int, int] | None:
    """A compatibility_level value `major[.minor[.patch]]`, or None if malformed."""
    text = text.strip()
    # (A level of thousands of digits is none Postfix reads, and int() would refuse it.)
    if len(text) > 100 or not _LEVEL.match(text):
        return None
    parts = [int(p) for p in text.split(".")] + [0, 0]
    return parts[0], parts[1], parts[2]


def level_below(level: str, threshold: str) -> bool:
    """Whether `level` is below `threshold` (a malformed or empty level counts as 0)."""
    have = parse_level(level) or (0, 0, 0)
    return have < (parse_level(threshold) or (0, 0, 0))


class LevelSwitch(FrozenRecord):
    """`${{$compatibility_level} <level {X} ? {old} : {new}}`: a default that changed at X."""

    __slots__ = ("threshold", "old", "new")  # noqa: RUF023 (__init__'s order)
    threshold: str
    old: str  # the backwards-compatible value, below the threshold
    new: str  # the value at or above it

    def __init__(self, threshold: str, old: str, new: str) -> None:
        self._set("threshold", threshold)
        self._set("old", old)
        self._set("new", new)

    def value(self, compatibility_level: str) -> str:
        return self.old if level_below(compatibility_level, self.threshold) else self.new


def level_switch(value: str) -> LevelSwitch | None:
    """The switch a default is made of, or None for a plain default."""
    match = _SWITCH.match(value)
    if match is None:
        return None
    return LevelSwitch(match.group(2), match.group(3), match.group(4))


def at_level(value: str, compatibility_level: str | None) -> str:
    """A default as it applies at `compatibility_level` (None: left as the expression)."""
    switch = level_switch(value) if compatibility_level is not None else None
    return switch.value(compatibility_level or "0") if switch else value


def newest_level(levels: list[str] | tuple[str, ...]) -> str:
    """The highest of a release's levels ("0" when it has none)."""
    return max(levels, key=lambda lvl: parse_level(lvl) or (0, 0, 0), default="0")
