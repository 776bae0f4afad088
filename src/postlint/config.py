"""Settings: [tool.postlint] in pyproject.toml, postlint.toml or .postlint.toml; closest wins."""

from __future__ import annotations

import contextlib
import fnmatch
import sys
from pathlib import Path
from typing import Any

import attrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("postlint.toml", ".postlint.toml", "pyproject.toml")
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


@attrs.frozen
class Settings:
    source: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    postfix_version: str | None = None
    fixable: tuple[str, ...] | None = None
    unfixable: tuple[str, ...] = ()
    severity: dict[str, str] = attrs.Factory(dict)
    plugins: tuple[str, ...] = ()
    rule_options: dict[str, dict[str, Any]] = attrs.Factory(dict)
    profile: str | None = None  # mx, submission or null-client

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
        per_file_ignores={k: _strings(v, k, source) for k, v in pfi.items()},
        postfix_version=version,
        fixable=_strings(table["fixable"], "fixable", source) if "fixable" in table else None,
        unfixable=_strings(table.get("unfixable", []), "unfixable", source),
        severity=dict(severity),
        plugins=_strings(table.get("plugins", []), "plugins", source),
        rule_options={k: dict(v) for k, v in rules.items()},
        profile=profile,
    )


def read_settings(path: Path) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("postlint", {})
    return parse_settings(data, path)


def find_config_file(start: Path) -> Path | None:
    """The closest config file at or above `start` (a pyproject.toml needs [tool.postlint])."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory, *directory.resolve().parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                    continue
                if "postlint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


class SettingsResolver:
    """Finds (and caches) the settings that apply to each linted file."""

    def __init__(self, explicit: Path | None = None):
        self.explicit = read_settings(explicit) if explicit else None
        self._cache: dict[Path, Settings] = {}

    def for_path(self, path: Path) -> Settings:
        if self.explicit is not None:
            return self.explicit
        found = find_config_file(path)
        if found is None:
            return Settings()
        if found not in self._cache:
            self._cache[found] = read_settings(found)
        return self._cache[found]
