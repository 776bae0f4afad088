"""What the target release says about one parameter: its default, and the compatibility
level that chooses it. The one place `postlint explain` reads the catalogue, so a change in
how releases are catalogued touches only this module."""

from __future__ import annotations

import attrs

from postlint.postfix import compat
from postlint.postfix.model import Config


@attrs.frozen
class LevelSwitch:
    """A default that changes at compatibility level `threshold`."""

    threshold: str
    below: str  # the default while compatibility_level is below the threshold
    from_threshold: str  # the default from the threshold on
    level: str  # the effective compatibility_level
    level_set_at: str | None  # "main.cf:LINE" or None when it is the release default
    chosen: str | None  # the default that level picks (None: the level is malformed)


@attrs.frozen
class ReleaseFacts:
    default: str | None  # as the release's postconf -d prints it (None: no default)
    since: str | None
    deprecated_since: str | None = None
    replacement: str | None = None
    level_switch: LevelSwitch | None = None


def release_facts(config: Config, name: str) -> ReleaseFacts | None:
    """The release's facts about `name` (None for names the catalogue does not have)."""
    info = config.info(name)
    default = config.default(name)
    if info is None and default is None:
        return None
    return ReleaseFacts(
        default=default,
        since=info.since if info is not None else None,
        deprecated_since=info.deprecated_since if info is not None else None,
        replacement=info.replacement if info is not None else None,
        level_switch=_level_switch(config, default or ""),
    )


def _level_switch(config: Config, default: str) -> LevelSwitch | None:
    switch = compat.level_switch(default)
    if switch is None:
        return None
    threshold, below, above = switch.threshold, switch.old, switch.new
    level_value = config.effective("compatibility_level")
    level = level_value.value or "0"
    where = None
    if level_value.definition is not None and config.main is not None:
        line = config.main.position(level_value.definition.span.start).line
        where = f"{config.main.path}:{line}"
    chosen = switch.value(level) if compat.parse_level(level) is not None else None
    return LevelSwitch(threshold, below, above, level, where, chosen)
