"""What depends only on the catalogue and the target release, worked out once per release.

A run over a thousand directories, or an editor re-linting on every keystroke, asks the
same questions of the same release for every config: which names exist, which $names the
~880 defaults mention. The answers are computed
on first use and shared by every Config of that release. The catalogue must be complete
(plugin parameters added) before the first config is linted, as the linter and the server
arrange.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from postlint.postfix.catalogue import Catalogue, ParameterInfo, known_default_references
from postlint.postfix.expansion import safe_references
from postlint.postfix.versions import Version


class ReleaseCache:
    def __init__(self, catalogue: Catalogue, version: Version) -> None:
        self.catalogue = catalogue
        self.version = version
        self._existing: dict[str, tuple[ParameterInfo, str] | None] = {}

    @cached_property
    def builtin_names(self) -> frozenset[str]:
        # Legacy (renamed) names stay known while postconf still honours them.
        return frozenset(self.catalogue.names_in(self.version))

    def existing(self, name: str) -> tuple[ParameterInfo, str] | None:
        """The catalogue's record of a parameter the release has (`exists_in`) and its
        default, or None: what a rule checking each name of a file asks on every lint,
        remembered per name (only names asked for: the catalogue makes records on demand)."""
        known = self._existing.get(name, _UNKNOWN)
        if known is _UNKNOWN:
            info = self.catalogue.get(name)
            if info is None:
                return None  # not remembered: a file may hold any number of unknown names
            known = (info, info.default_for(self.version)) if info.exists_in(self.version) else None
            self._existing[name] = known
        return known  # type: ignore[return-value]

    @cached_property
    def default_references(self) -> dict[str, frozenset[str]]:
        """The $names each built-in default mentions (raw parameters are not expanded)."""
        found = {}
        known = known_default_references()
        catalogue, version = self.catalogue, self.version
        raw = catalogue.names_with("ctype", "raw")
        # What ParameterInfo.default_for answers first for Postfix's own names, asked of
        # the release once instead of building each name's ParameterInfo to ask it.
        postfix = catalogue.names_with("source", "postfix")
        release = catalogue.release(version)
        for name in self.builtin_names:
            if name in raw:
                continue
            text = release.default(name) if name in postfix else None
            if text is None:
                info = catalogue.get(name)
                if info is None:
                    continue
                text = info.default_for(version)
            if "$" not in text:  # most defaults: nothing to look up
                continue
            mentioned = known.get(text)  # a plugin's default may be new text
            if mentioned is None:
                mentioned = safe_references(text)
            if mentioned:
                found[name] = frozenset(mentioned)
        return found


_UNKNOWN = object()  # not asked yet (None: asked, no such parameter in the release)


@lru_cache(maxsize=16)
def release_cache(catalogue: Catalogue, version: Version) -> ReleaseCache:
    """The shared facts of one release of one catalogue."""
    return ReleaseCache(catalogue, version)
