"""Settings: the keys of [tool.postlint] in pyproject.toml, postlint.toml or .postlint.toml,
checked for shape (which file applies: discovery.py; what they mean for a run: session.py)."""

from __future__ import annotations

import contextlib
import fnmatch
import sys
from pathlib import Path
from typing import Any

from postlint.records import FrozenRecord
from postlint.trust import Untrusted, read_plain

KEYS = {
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "postfix-version",
    "fixable",
    "unfixable",
    "severity",
    "plugins",
    "rules",
    "profile",
}


class ConfigError(Exception):
    """A configuration file postlint cannot use (exit code 2)."""


class Settings(FrozenRecord):
    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "source",
        "select",
        "extend_select",
        "ignore",
        "per_file_ignores",
        "postfix_version",
        "fixable",
        "unfixable",
        "severity",
        "plugins",
        "rule_options",
        "profile",
        "named",
    )
    source: Path | None
    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    per_file_ignores: dict[str, tuple[str, ...]]
    postfix_version: str | None
    fixable: tuple[str, ...] | None
    unfixable: tuple[str, ...]
    severity: dict[str, str]
    plugins: tuple[str, ...]
    rule_options: dict[str, dict[str, Any]]
    profile: str | None  # mx, submission or null-client
    named: bool  # the user named this file (--config): its plugins need no trust check

    def __init__(
        self,
        source: Path | None = None,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        per_file_ignores: dict[str, tuple[str, ...]] | None = None,
        postfix_version: str | None = None,
        fixable: tuple[str, ...] | None = None,
        unfixable: tuple[str, ...] = (),
        severity: dict[str, str] | None = None,
        plugins: tuple[str, ...] = (),
        rule_options: dict[str, dict[str, Any]] | None = None,
        profile: str | None = None,
        named: bool = False,
    ) -> None:
        self._set("source", source)
        self._set("select", select)
        self._set("extend_select", extend_select)
        self._set("ignore", ignore)
        self._set("per_file_ignores", {} if per_file_ignores is None else per_file_ignores)
        self._set("postfix_version", postfix_version)
        self._set("fixable", fixable)
        self._set("unfixable", unfixable)
        self._set("severity", {} if severity is None else severity)
        self._set("plugins", plugins)
        self._set("rule_options", {} if rule_options is None else rule_options)
        self._set("profile", profile)
        self._set("named", named)

    @property
    def where(self) -> str:
        """How error messages name this config."""
        return str(self.source) if self.source else "settings"

    @property
    def base(self) -> Path | None:
        return self.source.parent if self.source else None

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Codes ignored for one file by per-file-ignores (glob relative to the config)."""
        candidates = {path, Path(path).name}
        if self.base is not None:
            with contextlib.suppress(ValueError):
                candidates.add(str(Path(path).resolve().relative_to(self.base.resolve())))
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if any(fnmatch.fnmatch(c, pattern) for c in candidates):
                codes.extend(ignored)
        return tuple(codes)


def _strings(value: Any, key: str, source: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: '{key}' must be a list of strings")
    return tuple(value)


def parse_settings(table: dict[str, Any], source: Path) -> Settings:
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s): {', '.join(sorted(unknown))}")
    rules = table.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{source}: [rules.<code>] sections must be tables")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{source}: 'per-file-ignores' must be a table")
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(
        v in ("error", "warning", "info") for v in severity.values()
    ):
        raise ConfigError(f"{source}: 'severity' values must be error, warning or info")
    profile = table.get("profile")
    if profile is not None and profile not in ("mx", "submission", "null-client"):
        raise ConfigError(f"{source}: 'profile' must be mx, submission or null-client")
    version = table.get("postfix-version")
    if version is not None and not isinstance(version, str):
        raise ConfigError(f"{source}: 'postfix-version' must be a string such as \"3.7\"")
    return Settings(
        source=source,
        select=_strings(table["select"], "select", source) if "select" in table else None,
        extend_select=_strings(table.get("extend-select", []), "extend-select", source),
        ignore=_strings(table.get("ignore", []), "ignore", source),
        per_file_ignores={
            k: _strings(v, f'per-file-ignores."{k}"', source) for k, v in pfi.items()
        },
        postfix_version=version,
        fixable=_strings(table["fixable"], "fixable", source) if "fixable" in table else None,
        unfixable=_strings(table.get("unfixable", []), "unfixable", source),
        severity=dict(severity),
        plugins=_strings(table.get("plugins", []), "plugins", source),
        rule_options={k: dict(v) for k, v in rules.items()},
        profile=profile,
    )


def load_toml(data: bytes, path: Path) -> dict[str, Any]:
    """A config file's table; invalid TOML is an error for pyproject.toml too."""
    # Imported here: most runs (a bare /etc/postfix) read no config file at all.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8: {exc.reason}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def settings_from_bytes(data: bytes, path: Path) -> Settings:
    table = load_toml(data, path)
    if path.name == "pyproject.toml":
        tool = table.get("tool", {})
        table = tool.get("postlint", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.postlint] must be a table")
    return parse_settings(table, path)


def read_settings(path: Path) -> Settings:
    """A config file the user named (--config): trusted by choice, still a regular file."""
    try:
        data = read_plain(path)
    except (OSError, Untrusted) as exc:
        raise ConfigError(f"{path}: cannot read: {_reason(exc)}") from None
    return settings_from_bytes(data, path).replace(named=True)


def _reason(exc: Exception) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
