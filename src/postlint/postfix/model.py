"""Effective configuration: what Postfix computes from main.cf, master.cf and its defaults."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator, Mapping
from functools import cached_property

import attrs

from postlint.postfix.catalogue import (
    Catalogue,
    ParameterInfo,
    builtin_catalogue,
    stock_services,
)
from postlint.postfix.expansion import Expander, ExpansionError, safe_references
from postlint.postfix.release import Release, release
from postlint.postfix.versions import Version
from postlint.syntax.ast import ConfigFile, Override, Parameter, Service
from postlint.syntax.templates import OPAQUE

READ_ONLY = ("process_id", "process_name", "service_name")
DBMS_PREFIXES = ("ldap", "mysql", "pgsql", "sqlite", "memcache", "mongodb")
_DBMS_REF = re.compile(r"\b(?:proxy:)?(" + "|".join(DBMS_PREFIXES) + r"):([^\s,/{}$][^\s,{}]*)")

# Which per-service parameter suffixes each delivery program gets (postconf_service.c).
_TIME_LIMIT = "_time_limit"
_SERVICE_PROGRAMS = {
    "local": "delivery",
    "error": "delivery",
    "virtual": "delivery",
    "smtp": "delivery",
    "lmtp": "delivery",
    "pipe": "pipe",
    "spawn": "spawn",
}


def _suffix_applies(kind: str, suffix: str) -> bool:
    if kind == "spawn":
        return suffix == _TIME_LIMIT
    if kind == "delivery":
        return suffix != _TIME_LIMIT
    return True


class ServiceParameters(Mapping[str, str]):
    """Per-service parameter names (`<service><suffix>`) and their defaults, looked up on
    demand: a master.cf with 100,000 delivery services implies 1.6 million such names,
    which are never all needed (postconf_service.c rules)."""

    def __init__(
        self,
        programs: list[tuple[str, str]],
        suffixes: list[tuple[str, str]],
        builtin: set[str],
    ):
        self._kinds: dict[str, set[str]] = {}  # in master.cf order
        for name, program in programs:
            kind = _SERVICE_PROGRAMS.get(program)
            if kind is not None:
                self._kinds.setdefault(name, set()).add(kind)
        self._suffixes = suffixes
        self._builtin = builtin

    def __getitem__(self, param: object) -> str:
        if not isinstance(param, str):
            raise KeyError(param)
        for suffix, default in self._suffixes:
            if not param.endswith(suffix):
                continue
            kinds = self._kinds.get(param[: -len(suffix)])
            applies = kinds and any(_suffix_applies(k, suffix) for k in kinds)
            if applies and param not in self._builtin:
                return default
        raise KeyError(param)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name, kinds in self._kinds.items():
            for suffix, _default in self._suffixes:
                param = name + suffix
                if param in seen or param in self._builtin:
                    continue
                if any(_suffix_applies(k, suffix) for k in kinds):
                    seen.add(param)
                    yield param

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def for_services_prefixing(self, name: str) -> list[str]:
        """The per-service names of services whose name starts `name` (for suggestions)."""
        return [
            service + suffix
            for service in self._kinds
            if name.startswith(service)
            for suffix, _default in self._suffixes
            if service + suffix in self
        ]


@attrs.frozen
class KnownNames:
    builtin: frozenset[str]
    per_service: ServiceParameters

    def __contains__(self, name: object) -> bool:
        return name in self.builtin or name in self.per_service


@attrs.frozen
class HostFacts:
    """Values Postfix computes from the machine; tests pin them."""

    hostname: str = attrs.field(factory=socket.gethostname)

    @property
    def myhostname(self) -> str:
        return self.hostname if "." in self.hostname else self.hostname + ".localdomain"

    @property
    def mydomain(self) -> str:
        name = self.myhostname
        return name.split(".", 1)[1] if "." in name else "localdomain"


@attrs.frozen
class EffectiveValue:
    """A parameter's value for one service: where it came from, raw and expanded."""

    name: str
    raw: str
    source: str  # "override" (master.cf -o), "main.cf", or "default"
    definition: Parameter | None = None
    override: Override | None = None
    service: Service | None = None
    expanded: str | None = None  # None when the value cannot be expanded
    error: str | None = None
    same_as_default: bool = False  # a main.cf line that writes the built-in default

    @property
    def is_default(self) -> bool:
        """Postfix would behave the same without the setting: none, or the default written
        out (as in a `postconf -d` dump saved as main.cf)."""
        return self.source == "default" or self.same_as_default

    @property
    def value(self) -> str:
        """The expanded value (the raw one if it cannot be expanded)."""
        return self.expanded if self.expanded is not None else self.raw

    @property
    def templated(self) -> bool:
        """The value depends on a template placeholder, so it is unknown here."""
        return OPAQUE in self.raw or OPAQUE in (self.expanded or "")


# Names whose value is the service's own, whatever main.cf says.
_SERVICE_NAMES = frozenset(("service_name", "process_name"))


class Config:
    """One Postfix configuration (main.cf with its master.cf) for a target version."""

    def __init__(
        self,
        main: ConfigFile | None,
        master: ConfigFile | None,
        version: Version,
        catalogue: Catalogue | None = None,
        host: HostFacts | None = None,
        config_directory: str | None = None,
        assume_stock_master: bool = False,
    ):
        self.main = main
        self.master = master
        self.version = version
        self.catalogue = catalogue or builtin_catalogue()
        self.host = host or HostFacts()
        self.config_directory = config_directory
        # Without a master.cf, a deployed Postfix almost surely runs the stock services;
        # linting assumes them for service-defined names, postconf-style `show` does not.
        self.assume_stock_master = assume_stock_master
        self._expansions: dict[tuple[str, int | None], str | ExpansionError] = {}
        self._global: dict[str, tuple[str | ExpansionError, frozenset[str]]] = {}
        self._override_maps: dict[int, dict[str, Override]] = {}

    # ---------------------------------------------------------------- main.cf
    @cached_property
    def definitions(self) -> dict[str, list[Parameter]]:
        """Every main.cf definition of each name, in file order."""
        found: dict[str, list[Parameter]] = {}
        if self.main:
            for param in self.main.parameters():
                found.setdefault(param.name, []).append(param)
        return found

    @cached_property
    def main_values(self) -> dict[str, str]:
        """main.cf as Postfix loads it: last definition wins, read-only names dropped."""
        values = {name: defs[-1].value for name, defs in self.definitions.items()}
        for name in READ_ONLY:
            values.pop(name, None)
        if self.config_directory is not None:
            values.setdefault("config_directory", self.config_directory)
        return values

    def definition(self, name: str) -> Parameter | None:
        defs = self.definitions.get(name)
        return defs[-1] if defs else None

    # -------------------------------------------------------------- master.cf
    @cached_property
    def services(self) -> list[Service]:
        return list(self.master.services()) if self.master else []

    def service(self, key: str) -> Service | None:
        """Look a service up by `name/type` (or just name: the first with that name)."""
        for svc in self.services:
            if svc.key == key or svc.name == key:
                return svc
        return None

    def overrides(self, service: Service) -> dict[str, Override]:
        """A service's -o overrides by name (the last one wins); built once per service,
        since every $name lookup during expansion asks for it."""
        found = self._override_maps.get(id(service))
        if found is None:
            found = {o.name: o for o in service.overrides if o.name is not None}
            self._override_maps[id(service)] = found
        return found

    # ------------------------------------------------------------ known names
    @cached_property
    def release(self) -> Release:
        """Facts of the target release, shared with every other config of that release."""
        return release(self.catalogue, self.version)

    @cached_property
    def builtin_names(self) -> frozenset[str]:
        return self.release.builtin_names

    @cached_property
    def service_defaults(self) -> ServiceParameters:
        """Per-service parameters (relay_destination_concurrency_limit ...) from master.cf."""
        suffixes = [
            (suffix, default)
            for suffix, default, since in self.catalogue.service_suffixes()
            if Version.parse(since) <= self.version
        ]
        programs = [(svc.name, svc.command) for svc in self.services]
        if self.master is None and self.assume_stock_master:
            programs = [(name, program) for name, _type, program in stock_services()]
        return ServiceParameters(programs, suffixes, self.builtin_names)

    @cached_property
    def referenced_names(self) -> set[str]:
        """Names mentioned as $name anywhere postconf looks (values, -o values, defaults)."""
        names: set[str] = set()
        for name, value in self.main_values.items():
            if not self.is_raw(name):
                names.update(safe_references(value))
        for svc in self.services:
            for override in svc.overrides:
                if override.name and not self.is_raw(override.name):
                    names.update(safe_references(override.value))
        for name, mentioned in self.release.default_references.items():
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
        prefixes: set[str] = set()
        values = list(self.main_values.values())
        for svc in self.services:
            values.extend(o.value for o in svc.overrides)
        for value in values:
            for match in _DBMS_REF.finditer(value):
                prefixes.add(match.group(2) + "_")
        return prefixes

    @cached_property
    def user_defined(self) -> set[str]:
        """User-defined names that count as used (postconf keeps and prints them)."""
        used = set()
        for name in self.main_values.keys() | self.override_definitions.keys():
            if self.is_builtin(name):
                continue
            if name in self.referenced_names or name.startswith(tuple(self.dbms_names)):
                used.add(name)
        return used

    @cached_property
    def builtin_or_service(self) -> KnownNames:
        """Built-in and per-service parameter names, as one container (`in` only)."""
        return KnownNames(self.builtin_names, self.service_defaults)

    def is_builtin(self, name: str) -> bool:
        return name in self.builtin_or_service

    def is_known(self, name: str) -> bool:
        """What postconf does not call an 'unused parameter'."""
        return self.is_builtin(name) or name in self.user_defined or name in READ_ONLY

    def undefined_references(self) -> set[str]:
        """$names mentioned but defined nowhere (postconf: 'undefined parameter')."""
        return {
            name
            for name in self.referenced_names
            if name
            and not self.is_builtin(name)
            and name not in self.main_values
            and name not in self.override_definitions
            and name not in READ_ONLY
        }

    def info(self, name: str) -> ParameterInfo | None:
        return self.catalogue.get(name)

    def is_raw(self, name: str) -> bool:
        info = self.catalogue.get(name)
        return bool(info and info.raw)

    # ---------------------------------------------------------------- values
    def default(self, name: str) -> str | None:
        """The built-in default for the target version (None if the name has none)."""
        if name == "myhostname":
            return self.host.myhostname
        if name == "mydomain":
            return self.host.mydomain
        if name == "process_id":
            return str(os.getpid())
        if name in self.service_defaults:
            return self.service_defaults[name]
        info = self.catalogue.get(name)
        if info is None or not (info.exists_in(self.version) or info.read_only):
            return None
        return info.default_for(self.version)

    def raw_lookup(self, name: str, service: Service | None = None) -> str | None:
        """Value of `name` before expansion: -o override, else main.cf, else default."""
        if service is not None:
            if name == "service_name":
                return service.name
            if name == "process_name":
                return service.program
            override = self.overrides(service).get(name)
            if override is not None:
                return override.value
        if name in self.main_values:
            return self.main_values[name]
        return self.default(name)

    def expander(self, service: Service | None = None) -> Expander:
        return Expander(lambda name: self.raw_lookup(name, service))

    def expand(self, value: str, service: Service | None = None) -> str:
        """Expand $names in `value` in the context of `service` (raises ExpansionError).

        Results (and errors) are memoised: rules ask for the same values again and again,
        and a configuration does not change while it is linted. A service shares the global
        result unless it overrides one of the names the global expansion looked up (or the
        value asks for $service_name / $process_name): with thousands of services, most
        values expand once, not once per service.
        """
        if "$" not in value:
            return value
        result, looked_up = self._global_expansion(value)
        if service is not None and (
            looked_up & _SERVICE_NAMES or not looked_up.isdisjoint(self.overrides(service))
        ):
            key = (value, id(service))
            cache = self._expansions
            if key not in cache:
                try:
                    cache[key] = self.expander(service).expand(value)
                except ExpansionError as exc:
                    cache[key] = exc
            result = cache[key]
        if isinstance(result, ExpansionError):
            raise result
        return result

    def _global_expansion(self, value: str) -> tuple[str | ExpansionError, frozenset[str]]:
        found = self._global.get(value)
        if found is None:
            names: set[str] = set()

            def lookup(name: str) -> str | None:
                names.add(name)
                return self.raw_lookup(name, None)

            try:
                outcome: str | ExpansionError = Expander(lookup).expand(value)
            except ExpansionError as exc:
                outcome = exc
            found = self._global[value] = (outcome, frozenset(names))
        return found

    def effective(self, name: str, service: Service | str | None = None) -> EffectiveValue:
        """The value `name` has for `service` (or globally), expanded as Postfix would."""
        svc = self.service(service) if isinstance(service, str) else service
        override = self.overrides(svc).get(name) if svc is not None else None
        definition = None
        same = False
        if override is not None:
            raw, source = override.value, "override"
        elif name in self.main_values:
            raw, source = self.main_values[name], "main.cf"
            definition = self.definition(name)
            same = self._same_as_default(name, raw)
        else:
            raw, source = self.default(name) or "", "default"
        if self.is_raw(name):
            expanded, error = raw, None
        else:
            try:
                expanded, error = self.expand(raw, svc), None
            except ExpansionError as exc:
                expanded, error = None, str(exc)
        return EffectiveValue(name, raw, source, definition, override, svc, expanded, error, same)

    def _same_as_default(self, name: str, raw: str) -> bool:
        """The default written out, word for word or once expanded (older postconf -d
        output spells some compatibility expressions differently)."""
        default = self.default(name) or ""
        if raw == default:
            return True
        if "$" not in raw or self.is_raw(name):
            return False
        try:
            return self.expand(raw) == self.expand(default)
        except ExpansionError:
            return False

    @cached_property
    def compatibility_level(self) -> str:
        return self.effective("compatibility_level").value or "0"
