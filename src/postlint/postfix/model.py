"""Effective configuration: what Postfix computes from main.cf, master.cf and its defaults."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from postlint.postfix.catalogue import (
    Catalogue,
    ParameterInfo,
    builtin_catalogue,
    stock_services,
)
from postlint.postfix.effective_value import EffectiveValue
from postlint.postfix.expansion import (
    FUNCTIONS,
    Budget,
    Expander,
    ExpansionError,
    Failure,
)
from postlint.postfix.global_expansion import ExpansionCarry, GlobalExpansion
from postlint.postfix.host import HostFacts, host_default
from postlint.postfix.per_service import KnownNames, ServiceParameters
from postlint.postfix.release_cache import ReleaseCache, release_cache
from postlint.postfix.releases import Release
from postlint.postfix.usage import NameUsage
from postlint.postfix.versions import Version
from postlint.syntax.ast import ConfigFile, Override, Parameter, Service
from postlint.syntax.main_cf import definitions

if TYPE_CHECKING:
    from postlint.postfix.daemon_reads import Readers


# Names whose value is the service's own, whatever main.cf says.
_SERVICE_NAMES = frozenset(("service_name", "process_name"))


class Config(NameUsage, GlobalExpansion):
    """One Postfix configuration (main.cf with its master.cf) for a target version."""

    # Set to hear of every effective() asked for (`postlint explain` lists the rules that
    # read a parameter this way).
    observer: Callable[[str], None] | None = None

    def __init__(
        self,
        main: ConfigFile | None,
        master: ConfigFile | None,
        version: Version,
        catalogue: Catalogue | None = None,
        host: HostFacts | None = None,
        config_directory: str | None = None,
        assume_stock_master: bool = False,
        carry: ExpansionCarry | None = None,
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
        # What the rules' engine works out once per configuration (engine/context.py).
        self.derived: dict[str, object] = {}
        # Errors are kept as Failure (plain data), never as exceptions with their tracebacks.
        self._expansions: dict[tuple[str, int | None], str | Failure] = {}
        self._budget = Budget()  # what all expansions of this configuration may produce
        # `carry`: the editor's last lint of the same document (global_expansion.py).
        self._start_global_expansions(carry, (self.version, self.catalogue, self.host))
        self._override_maps: dict[int, dict[str, Override]] = {}
        self._deriving_host = False

    # ---------------------------------------------------------------- main.cf
    @cached_property
    def definitions(self) -> dict[str, list[Parameter]]:
        """Every main.cf definition of each name, in file order."""
        return definitions(self.main) if self.main else {}

    @cached_property
    def main_values(self) -> dict[str, str]:
        """main.cf as Postfix loads it: last definition wins, read-only names dropped."""
        values = {name: defs[-1].value for name, defs in self.definitions.items()}
        for name in self.catalogue.read_only_names:
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
        return self.catalogue.release(self.version)

    @cached_property
    def shared(self) -> ReleaseCache:
        """Facts of the target release, shared with every other config of that release."""
        return release_cache(self.catalogue, self.version)

    @cached_property
    def builtin_names(self) -> frozenset[str]:
        """Every name the target release knows, legacy (renamed) names included."""
        return self.shared.builtin_names

    @cached_property
    def listed_names(self) -> set[str]:
        """What postconf lists without a name argument (not the legacy names)."""
        plugin_names = self.catalogue.names() - self.catalogue.names_with("source", "postfix")
        return (self.release.names | plugin_names) & self.builtin_names

    @cached_property
    def service_defaults(self) -> ServiceParameters:
        """Per-service parameters (relay_destination_concurrency_limit ...) from master.cf."""
        suffixes = list(self.release.service_suffixes)
        programs = [(svc.name, svc.command) for svc in self.services]
        if self.master is None and self.assume_stock_master:
            programs = [(name, program) for name, _type, program in stock_services()]
        return ServiceParameters(programs, suffixes, self.builtin_names)

    @cached_property
    def builtin_or_service(self) -> KnownNames:
        """Built-in and per-service parameter names, as one container (`in` only)."""
        return KnownNames(self.builtin_names, self.service_defaults)

    def is_builtin(self, name: str) -> bool:
        return name in self.builtin_or_service

    def info(self, name: str) -> ParameterInfo | None:
        return self.catalogue.get(name)

    def is_raw(self, name: str) -> bool:
        """Never $-expanded by the target release (which names those are changed over time)."""
        if name in self.release.names:
            return name in self.release.raw_names
        info = self.catalogue.get(name)
        return bool(info and info.raw)

    # ---------------------------------------------------------------- values
    def default(self, name: str) -> str | None:
        """The built-in default for the target version (None if the name has none)."""
        if name in ("myhostname", "mydomain"):
            return self._host_default(name)
        if name == "process_id":
            return str(os.getpid())
        if name in self.service_defaults:
            return self.service_defaults[name]
        info = self.catalogue.get(name)
        if info is None or not (info.exists_in(self.version) or info.read_only):
            return None
        return info.default_for(self.version)

    def _host_default(self, name: str) -> str | None:
        if self._deriving_host:  # main.cf defines one through the other: stop there
            return self.host.myhostname if name == "myhostname" else self.host.mydomain
        self._deriving_host = True
        try:
            return host_default(name, self.host, self._main_setting)
        finally:
            self._deriving_host = False

    def _main_setting(self, name: str) -> str | None:
        """main.cf's value, expanded as mail_params.c sees it: myhostname fully; mydomain
        (read while myhostname is being set up) against main.cf's own settings only."""
        value = self.main_values.get(name)
        if value is None:
            return None
        try:
            if name == "mydomain":
                return Expander(self.main_values.get, functions=self._functions).expand(value)
            return self.expand(value)
        except ExpansionError:
            return value

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

    @cached_property
    def _functions(self) -> dict[str, Callable[[str], str]]:
        """The `${name{text}}` functions the target release has."""
        release = (self.version.major, self.version.minor)
        return {name: fn for name, (since, fn) in FUNCTIONS.items() if release >= since}

    def expander(self, service: Service | None = None) -> Expander:
        return Expander(
            lambda name: self.raw_lookup(name, service),
            functions=self._functions,
            budget=self._budget,
        )

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
        if service is None:
            # The common case, a main.cf value expanded before: straight from the cache.
            known = self._global.get(value)
            if type(known) is str:
                return known
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
                    cache[key] = self._failure(exc)
            result = cache[key]
        if isinstance(result, Failure):
            raise result.error()
        return result

    @cached_property
    def _service_dependent_names(self) -> frozenset[str]:
        """Names whose value may differ per service: $service_name, $process_name and every
        name some service overrides with -o."""
        names = set(_SERVICE_NAMES)
        for svc in self.services:
            names.update(self.overrides(svc))
        return frozenset(names)

    @cached_property
    def _noisy_names(self) -> frozenset[str]:
        """Names whose raw_lookup may expand a value of this configuration (a side effect on
        its caches and budget). Only mydomain's default does, when main.cf sets myhostname
        but not mydomain (myhostname's default reads main.cf's mydomain with an expander
        of its own)."""
        main = self.main_values
        noisy = "mydomain" not in main and "myhostname" in main
        return frozenset(("mydomain",)) if noisy else frozenset()

    def effective(
        self, name: str, service: Service | str | None = None, *, as_written: bool = False
    ) -> EffectiveValue:
        """The value `name` has for `service` (or globally), expanded as Postfix would.

        For a service, what its program sees: an -o of a name the program never reads
        (`-o relayhost=...` on the smtp client) changes nothing, so the value is main.cf's
        or the default, as for every other program. `as_written`: the -o all the same
        (`postlint explain` shows it, with its lack of effect)."""
        if self.observer is not None:
            self.observer(name)
        svc = self.service(service) if isinstance(service, str) else service
        override = None
        if svc is not None:
            override = self.overrides(svc).get(name)
            if override is not None and not as_written and self.never_reads(svc, name):
                override = None
        definition = None
        same = False
        if self._foreign(name):
            # A Postfix parameter of another release: this one ignores the setting.
            override = None
            raw, source = "", "default"
        elif override is not None:
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

    def never_reads(self, service: Service, name: str) -> bool:
        """The program of `service` surely never reads `name` (when unsure: it reads it)."""
        return self.readers.unread(service, name) is not None

    @cached_property
    def readers(self) -> Readers:
        """Which program reads which name, for this configuration (daemon_reads.py)."""
        # Imported here: daemon_reads builds on this module.
        from postlint.postfix.daemon_reads import Readers

        return Readers(self)

    def _foreign(self, name: str) -> bool:
        """A name Postfix has in some release, but not in the target (nor per service)."""
        info = self.catalogue.get(name)
        return (
            info is not None
            and info.source == "postfix"
            and info.status not in ("service", "service-template", "read-only")
            and not self.is_builtin(name)
        )

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
