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

    @cached_property
    def builtin_names(self) -> frozenset[str]:
        # Legacy (renamed) names stay known while postconf still honours them.
        return frozenset(self.catalogue.names_in(self.version))

    @cached_property
    def existing(self) -> dict[str, tuple[ParameterInfo, str]]:
        """Every catalogue parameter the release has (`exists_in`), with its default: what
        a rule checking each name of a file asks, on every lint."""
        version = self.version
        return {p.name: (p, p.default_for(version)) for p in self.catalogue if p.exists_in(version)}

    @cached_property
    def restriction_lists(self) -> frozenset[str]:
        """The built-in restriction lists (smtpd_restriction_classes lists class names)."""
        names = {p.name for p in self.catalogue if p.kind == "restriction-list"}
        return frozenset(names - {"smtpd_restriction_classes"})

    @cached_property
    def default_references(self) -> dict[str, frozenset[str]]:
        """The $names each built-in default mentions (raw parameters are not expanded)."""
        found = {}
        known = known_default_references()
        for name in self.builtin_names:
            info = self.catalogue.get(name)
            if info and not info.raw:
                text = info.default_for(self.version)
                mentioned = known.get(text)  # a plugin's default may be new text
                names = frozenset(safe_references(text) if mentioned is None else mentioned)
                if names:
                    found[name] = names
        return found


@lru_cache(maxsize=16)
def release_cache(catalogue: Catalogue, version: Version) -> ReleaseCache:
    """The shared facts of one release of one catalogue."""
    return ReleaseCache(catalogue, version)
