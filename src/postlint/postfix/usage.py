"""postconf's "unused parameter" logic: which names a configuration defines, mentions or
leaves undefined (user-defined names count as used only when something refers to them)."""

from __future__ import annotations

import re
from functools import cached_property

from postlint.postfix.macros import value_references

DBMS_PREFIXES = ("ldap", "mysql", "pgsql", "sqlite", "memcache", "mongodb")
_DBMS_REF = re.compile(r"\b(?:proxy:)?(" + "|".join(DBMS_PREFIXES) + r"):([^\s,/{}$][^\s,{}]*)")


class NameUsage:
    """Mixed into Config: needs its catalogue, main_values, services, overrides, is_raw,
    is_builtin, builtin_names and shared (the release's cached facts)."""

    @cached_property
    def referenced_names(self) -> set[str]:
        """Names mentioned as $name anywhere postconf looks (values, -o values, defaults)."""
        names: set[str] = set()
        for name, value in self.main_values.items():
            if not self.is_raw(name):
                names.update(value_references(value))
        for svc in self.services:
            for override in svc.overrides:
                if override.name and not self.is_raw(override.name):
                    names.update(value_references(override.value))
        # The defaults' references are worked out once per release (ReleaseCache).
        for name, mentioned in self.shared.default_references.items():
            if name not in self.main_values:
                names.update(mentioned)
        classes = self.main_values.get("smtpd_restriction_classes", "")
        names.update(n for n in re.split(r"[\s,]+", classes) if n)
        return names

    @cached_property
    def override_definitions(self) -> dict[str, str]:
        """Names given a value by some master.cf -o (for user-defined parameters)."""
        found: dict[str, str] = {}
        for svc in self.services:
            for name, override in self.overrides(svc).items():
                found.setdefault(name, override.value)
        return found

    @cached_property
    def dbms_names(self) -> set[str]:
        """Prefixes of legacy database parameters (`ldap:foo` makes `foo_*` known)."""
        values = list(self.main_values.values())
        for svc in self.services:
            values.extend(o.value for o in svc.overrides)
        # One scan of all values joined by newlines finds what a scan of each would: a
        # match holds no white space, and a newline ends a word as a value's start does.
        # (A scan per value cost a call each, for every value of a dense file, per lint.)
        return {match.group(2) + "_" for match in _DBMS_REF.finditer("\n".join(values))}

    @cached_property
    def user_defined(self) -> set[str]:
        """User-defined names that count as used (postconf keeps and prints them)."""
        used = set()
        referenced, prefixes = self.referenced_names, tuple(self.dbms_names)
        for name in self.main_values.keys() | self.override_definitions.keys():
            # is_builtin last: it is the dearer test, and most names are not referenced
            if (name in referenced or name.startswith(prefixes)) and not self.is_builtin(name):
                used.add(name)
        return used

    def is_known(self, name: str) -> bool:
        """What postconf does not call an 'unused parameter'."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = (
                self.is_builtin(name)
                or name in self.user_defined
                or name in self.catalogue.read_only_names
            )
        return known

    @cached_property
    def _known(self) -> dict[str, bool]:
        # is_known, per name asked: PL402 and PL203 both ask of every name (10,000 in a
        # file of unknown names), and a per-service name costs a few lookups to rule out.
        return {}

    def undefined_references(self) -> set[str]:
        """$names mentioned but defined nowhere (postconf: 'undefined parameter')."""
        return {
            name
            for name in self.referenced_names
            if name
            and not self.is_builtin(name)
            and name not in self.main_values
            and name not in self.override_definitions
            and name not in self.catalogue.read_only_names
        }
