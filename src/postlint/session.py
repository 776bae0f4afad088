"""From settings to a lint run, in one place: settings -> plugins -> registry -> run options.

Every consumer goes through here (the check command, `rules` and `rule`, the language
server, postlint.testing and the test helpers), so they agree on which rules run, with
which options, and report the same config errors, naming the file and the key.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from postlint.config import ConfigError, Settings
from postlint.discovery import SettingsResolver
from postlint.engine.diagnostics import Severity
from postlint.engine.plugins import LoadedPlugins, PluginError, load_plugins
from postlint.engine.registry import Registry, SelectionError
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit
from postlint.postfix.catalogue import Catalogue, fresh_catalogue
from postlint.postfix.local_postconf import detect_version
from postlint.postfix.versions import NEWEST_STABLE, Version, parse_target
from postlint.records import FrozenRecord
from postlint.trust import Warn, warn_on_stderr

# Set (to anything but empty): only postlint's own rules load; no third-party entry point,
# no local plugin (like pytest's PYTEST_DISABLE_PLUGIN_AUTOLOAD, which it is named after).
DISABLE_PLUGINS_ENV = "POSTLINT_DISABLE_PLUGIN_AUTOLOAD"


class UsageError(Exception):
    """A command-line option postlint cannot use (exit code 2)."""


# What setting up a run can fail with: each is one line for the user, exit code 2.
SETUP_ERRORS = (ConfigError, PluginError, SelectionError, UsageError)


# The small records below are FrozenRecords: an attrs class costs ~0.4 ms to build at
# import, a typed NamedTuple ~0.15 ms (each annotation is checked), a record ~0.01 ms
# (bench/cold_start.py).


class PluginPolicy(FrozenRecord):
    """Which plugins may load: third-party entry points, local plugin modules."""

    __slots__ = ("third_party", "local", "why_not")  # noqa: RUF023 (__init__'s order)
    third_party: bool
    local: bool
    why_not: str  # why local plugins are off, for the warning

    def __init__(self, third_party: bool = True, local: bool = True, why_not: str = "") -> None:
        self._set("third_party", third_party)
        self._set("local", local)
        self._set("why_not", why_not)

    @classmethod
    def from_environment(cls, refuse_local: bool = False) -> PluginPolicy:
        if os.environ.get(DISABLE_PLUGINS_ENV):
            return cls(False, False, f"{DISABLE_PLUGINS_ENV} is set")
        if refuse_local:
            return cls(True, False, "--no-local-plugins")
        return cls()


class CommandLine(FrozenRecord):
    """What the command line says; it wins over the config file."""

    __slots__ = ("select", "extend_select", "ignore", "postfix_version")  # noqa: RUF023
    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    postfix_version: str | None

    def __init__(
        self,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        postfix_version: str | None = None,
    ) -> None:
        self._set("select", select)
        self._set("extend_select", extend_select)
        self._set("ignore", ignore)
        self._set("postfix_version", postfix_version)


EVERY_PLUGIN = PluginPolicy()
NO_COMMAND_LINE = CommandLine()


class Resolved(FrozenRecord):
    """One config's settings checked against the registry, with the command line applied."""

    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "settings",
        "version",
        "version_assumed",
        "enabled",
        "severity",
        "rule_options",
        "fixable",
        "local_build",
    )
    settings: Settings
    version: Version
    version_assumed: bool
    enabled: frozenset[str]
    severity: Mapping[str, Severity]
    rule_options: Mapping[str, Mapping[str, Any]]
    fixable: frozenset[str] | None  # None: every code may be fixed
    local_build: bool  # the target is this host's Postfix (postfix-version auto)

    def __init__(
        self,
        settings: Settings,
        version: Version,
        version_assumed: bool,
        enabled: frozenset[str],
        severity: Mapping[str, Severity],
        rule_options: Mapping[str, Mapping[str, Any]],
        fixable: frozenset[str] | None,
        local_build: bool = False,
    ) -> None:
        self._set("settings", settings)
        self._set("version", version)
        self._set("version_assumed", version_assumed)
        self._set("enabled", enabled)
        self._set("severity", severity)
        self._set("rule_options", rule_options)
        self._set("fixable", fixable)
        self._set("local_build", local_build)

    def run_options(self, unit: LintUnit) -> RunOptions:
        ignore = {t.kind: frozenset(self.settings.ignored_for(t.path)) for t in unit.files()}
        return RunOptions(
            self.version,
            self.enabled,
            version_assumed=self.version_assumed,
            profile=self.settings.profile,
            ignore_by_kind=ignore,
            severity=self.severity,
            rule_options=self.rule_options,
            local_build=self.local_build,
        )


class Session:
    """Plugins (as the settings and the policy allow), registry, catalogue and linter."""

    def __init__(
        self,
        settings: Settings | None = None,
        policy: PluginPolicy = EVERY_PLUGIN,
        command_line: CommandLine = NO_COMMAND_LINE,
        warn: Warn = warn_on_stderr,
    ):
        settings = settings or Settings()
        self.policy = policy
        self.command_line = command_line
        local = settings.plugins if policy.local else ()
        if settings.plugins and not policy.local:
            warn(
                f"{settings.where}: not loading local plugins {', '.join(settings.plugins)} "
                f"({policy.why_not})"
            )
        self.plugins: LoadedPlugins = load_plugins(
            local,
            settings.base,
            third_party=policy.third_party,
            trusted=settings.named,
            warn=warn,
        )
        self.registry = Registry(self.plugins.rules)
        self.catalogue: Catalogue = fresh_catalogue()
        for info in self.plugins.parameters:
            self.catalogue.add(info)
        self.linter = Linter(self.registry, self.catalogue)
        self._resolved: dict[int, tuple[Settings, Resolved]] = {}
        self._versions: dict[str, Version] = {}

    def resolve(self, settings: Settings) -> Resolved:
        """Checked once per settings object (the resolver hands out one per config file)."""
        cached = self._resolved.get(id(settings))
        if cached is None or cached[0] is not settings:
            cached = (settings, self._resolve(settings))
            self._resolved[id(settings)] = cached
        return cached[1]

    def run_options(self, settings: Settings, unit: LintUnit) -> RunOptions:
        return self.resolve(settings).run_options(unit)

    def _resolve(self, settings: Settings) -> Resolved:
        cli = self.command_line
        where = settings.where
        for key, selectors in (
            ("select", settings.select or ()),
            ("extend-select", settings.extend_select),
            ("ignore", settings.ignore),
            ("fixable", settings.fixable or ()),
            ("unfixable", settings.unfixable),
            ("severity", tuple(settings.severity)),
            *((f'per-file-ignores."{k}"', v) for k, v in settings.per_file_ignores.items()),
        ):
            self._check(selectors, lambda e, key=key: ConfigError(f"{where}: {key}: {e}"))
        for flag, selectors in (
            ("--select", cli.select or ()),
            ("--extend-select", cli.extend_select),
            ("--ignore", cli.ignore),
        ):
            self._check(selectors, lambda e, flag=flag: UsageError(f"{flag}: {e}"))
        enabled = self.registry.select(
            cli.select if cli.select is not None else settings.select,
            (*settings.extend_select, *cli.extend_select),
            (*settings.ignore, *cli.ignore),
        )
        severity = {
            code: Severity(level)
            for selector, level in settings.severity.items()
            for code in self.registry.resolve([selector])
        }
        requested = cli.postfix_version or settings.postfix_version  # None: the default
        return Resolved(
            settings,
            self._version(settings),
            not requested,
            frozenset(enabled),
            severity,
            self._rule_options(settings),
            self._fixable(settings),
            requested == "auto",
        )

    def _check(
        self, selectors: Iterable[str], error: Callable[[SelectionError], Exception]
    ) -> None:
        for selector in selectors:
            try:
                self.registry.resolve([selector])
            except SelectionError as exc:
                raise error(exc) from None

    def _version(self, settings: Settings) -> Version:
        cli = self.command_line.postfix_version
        text = cli or settings.postfix_version or NEWEST_STABLE
        if text not in self._versions:
            try:
                self._versions[text] = detect_version() if text == "auto" else parse_target(text)
            except ValueError as exc:
                if cli:
                    raise UsageError(f"--postfix-version: {exc}") from None
                raise ConfigError(f"{settings.where}: postfix-version: {exc}") from None
        return self._versions[text]

    def _rule_options(self, settings: Settings) -> dict[str, Mapping[str, Any]]:
        """[rules.<code-or-name>] tables, each value checked against the rule's declared type."""
        out: dict[str, Mapping[str, Any]] = {}
        for key, values in settings.rule_options.items():
            rule = self.registry.get(key)
            if rule is None:
                raise ConfigError(f"{settings.where}: [rules.{key}] names no rule")
            for name, value in values.items():
                problem = rule.option_problem(name, value)
                if problem is not None:
                    raise ConfigError(f"{settings.where}: rules.{key}.{name}: {problem}")
            out[rule.code] = dict(values)
        return out

    def _fixable(self, settings: Settings) -> frozenset[str] | None:
        if settings.fixable is None and not settings.unfixable:
            return None
        allowed = (
            self.registry.resolve(settings.fixable)
            if settings.fixable is not None
            else set(self.registry.rules)
        )
        return frozenset(allowed - self.registry.resolve(settings.unfixable))


class Sessions:
    """One session per set of local plugins, so each file is linted with the plugins its own
    config names (configs without local plugins share one). A failed load is kept as its
    error: a broken plugin is not run again for every file (or, in the editor, keystroke)."""

    def __init__(
        self,
        policy: PluginPolicy = EVERY_PLUGIN,
        command_line: CommandLine = NO_COMMAND_LINE,
        warn: Warn = warn_on_stderr,
    ):
        self.policy = policy
        self.command_line = command_line
        self.warn = warn
        self._sessions: dict[tuple[object, ...], Session | Exception] = {}
        self.registry = Registry({})  # the rules of every session, for reports and hovers

    def get(self, settings: Settings) -> Session:
        key = (settings.plugins, settings.base, settings.named) if settings.plugins else ()
        if key not in self._sessions:
            try:
                session = Session(settings, self.policy, self.command_line, self.warn)
            except SETUP_ERRORS as exc:
                self._sessions[key] = exc
                raise
            self._sessions[key] = session
            self.registry = Registry({**self.registry.rules, **session.registry.rules})
        found = self._sessions[key]
        if isinstance(found, Exception):
            raise found
        return found

    def resolve(self, settings: Settings) -> tuple[Session, Resolved]:
        session = self.get(settings)
        return session, session.resolve(settings)


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that decide which config files and plugins are read (check, rules, rule)."""
    parser.add_argument("--config", default=None, metavar="FILE", help="use this config file")
    parser.add_argument(
        "--isolated", action="store_true", help="ignore every config file (use the defaults)"
    )
    parser.add_argument(
        "--no-local-plugins",
        action="store_true",
        help="do not load the local plugins a config file names",
    )


def session_for(
    args: argparse.Namespace, first: Path, command_line: CommandLine | None = None
) -> tuple[SettingsResolver, Sessions, Session]:
    """The config discovery the options ask for, the sessions, and the session of the config
    that applies to `first` (its plugins' output formats are the ones offered)."""
    if args.isolated and args.config:
        raise UsageError("--isolated ignores every config file; it cannot be used with --config")
    resolver = SettingsResolver(Path(args.config) if args.config else None, isolated=args.isolated)
    policy = PluginPolicy.from_environment(args.no_local_plugins)
    sessions = Sessions(policy, command_line or NO_COMMAND_LINE)
    return resolver, sessions, sessions.get(resolver.for_path(first))
