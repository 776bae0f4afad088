"""What depends only on the catalogue and the target release, worked out once per release.

A run over a thousand directories, or an editor re-linting on every keystroke, asks the
same questions of the same release for every config: which names exist, which $names the
~880 defaults mention, which defaults follow compatibility_level. The answers are computed
on first use and shared by every Config of that release. The catalogue must be complete
(plugin parameters added) before the first config is linted, as the linter and the server
arrange.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

import attrs

from postlint.postfix.catalogue import Catalogue
from postlint.postfix.expansion import safe_references
from postlint.postfix.versions import Version, parse_level

# A default that follows compatibility_level: `${{$compatibility_level} <level {3.6}} ? ...`
LEVEL_EXPRESSION = re.compile(r"<level \{([\d.]+)\}")
OLD_BRANCH = re.compile(r"<level \{[\d.]+\} \? \{(.*)\} : \{.*\}\}$")


@attrs.frozen
class LevelDefault:
    """A parameter whose default depends on compatibility_level."""

    name: str
    level: str  # the level from which the new default applies
    old: str | None  # the default below that level, when the expression shows it


class Release:
    def __init__(self, catalogue: Catalogue, version: Version) -> None:
        self.catalogue = catalogue
        self.version = version

    @cached_property
    def builtin_names(self) -> frozenset[str]:
        # Legacy (renamed) names stay known while postconf still honours them.
        return frozenset(self.catalogue.names_in(self.version))

    @cached_property
    def default_references(self) -> dict[str, frozenset[str]]:
        """The $names each built-in default mentions (raw parameters are not expanded)."""
        found = {}
        for name in self.builtin_names:
            info = self.catalogue.get(name)
            if info and not info.raw:
                names = frozenset(safe_references(info.default_for(self.version)))
                if names:
                    found[name] = names
        return found

    @cached_property
    def level_defaults(self) -> tuple[LevelDefault, ...]:
        """Defaults of existing parameters that follow compatibility_level, in catalogue order."""
        found = []
        for info in self.catalogue:
            if not info.exists_in(self.version):
                continue
            default = info.default_for(self.version)
            match = LEVEL_EXPRESSION.search(default)
            if match:
                old = OLD_BRANCH.search(default)
                found.append(LevelDefault(info.name, match.group(1), old.group(1) if old else None))
        return tuple(found)

    @cached_property
    def current_level(self) -> str:
        """The highest compatibility level this release defines."""
        levels = {"0"}
        for info in self.catalogue:
            match = LEVEL_EXPRESSION.search(info.default_for(self.version))
            if match:
                levels.add(match.group(1))
        usable = [lvl for lvl in levels if Version.parse(lvl) <= self.version or lvl in ("1", "2")]
        return max(usable, key=lambda lvl: parse_level(lvl) or (0, 0, 0))


@lru_cache(maxsize=16)
def release(catalogue: Catalogue, version: Version) -> Release:
    """The shared facts of one release of one catalogue."""
    return Release(catalogue, version)
