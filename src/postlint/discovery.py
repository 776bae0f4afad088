"""Which config file applies to a linted file: the closest one, trusted, inside the repository.

Discovery walks up from the file's directory (its real path) and stops after the repository
root (a directory holding `.git`) or at a mount boundary, so a config file outside the
project, such as one planted in /tmp, is never found. A found file is read only when
trust.read_trusted accepts it; otherwise it is ignored with a one-line warning and the
defaults apply (discovery does not go on upwards: the closest config is the one meant).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from postlint.config import (
    ConfigError,
    Settings,
    load_toml,
    read_settings,
    settings_from_bytes,
)
from postlint.trust import Untrusted, Warn, read_trusted, warn_on_stderr

CONFIG_NAMES = ("postlint.toml", ".postlint.toml", "pyproject.toml")


def search_directories(start: Path) -> Iterator[Path]:
    """`start`'s directory and its parents, up to the repository root or the mount boundary."""
    directory = Path(os.path.realpath(start if start.is_dir() else start.parent))
    device: int | None = None
    for folder in (directory, *directory.parents):
        try:
            here = os.stat(folder).st_dev
        except OSError:
            continue  # (stdin named in a directory that does not exist): look further up
        if device is not None and here != device:
            return  # another file system: outside whatever holds the linted file
        device = here
        yield folder
        if os.path.lexists(folder / ".git"):
            return


# The lines through which a pyproject.toml can give `tool.postlint` a value: a `[tool]` or
# `[tool.postlint...]` header, a key line that starts with `tool` (a dotted key or an inline
# table at the top level; in another table it only makes the file parsed), or an escape
# that could spell either in a quoted key. TOML puts every header and key at the start of a
# line. A pyproject.toml with none of them (one for other tools) is not parsed: importing
# tomllib and parsing were ~3% of a cold start (callgrind, bench/cold_start.py).
@cache
def _may_set_tool_postlint() -> re.Pattern[bytes]:
    """Compiled when a pyproject.toml is found (/etc/postfix has none)."""
    return re.compile(
        rb"""
        ^(?:\xef\xbb\xbf)?[ \t]*          # a line's start (after a BOM: tomllib judges it)
        (?:
            \[\[?[ \t]*(?:tool(?![\w-])|"tool"|'tool')[ \t]*     # [tool] or [tool.postlint...],
            (?:\r?$|\]|\.[ \t]*(?:postlint(?![\w-])|"postlint"|'postlint'))  # closed or not
          | (?:tool(?![\w-])|"tool"|'tool')[ \t]*[.=]           # tool.postlint... = or tool = {
        )
        | \\[uUx]                                          # an escape in a quoted key
        """,
        re.MULTILINE | re.VERBOSE,
    )


def _is_postlint_pyproject(data: bytes, path: Path) -> bool:
    """Whether a pyproject.toml has a [tool.postlint] table (invalid TOML is an error only
    in a file that may have one)."""
    if not _may_set_tool_postlint().search(data):
        return False
    tool = load_toml(data, path).get("tool")
    return isinstance(tool, dict) and "postlint" in tool


class SettingsResolver:
    """Finds the settings that apply to each linted file (or the one --config file).

    `isolated` ignores every config file. `remember` caches discovery per directory (a
    command's run); the language server re-discovers on each lint, since files change.
    """

    def __init__(
        self,
        explicit: Path | None = None,
        *,
        isolated: bool = False,
        warn: Warn = warn_on_stderr,
        remember: bool = True,
    ):
        self.explicit = read_settings(explicit) if explicit else None
        self.isolated = isolated
        self.warn = warn
        self.remember = remember
        self._by_directory: dict[Path, Settings] = {}
        # What a walk finds once it reaches a folder: siblings share their parents' walk
        # (1,000 directories in one folder: one walk up from that folder, not 1,000).
        self._from_folder: dict[Path, Settings] = {}
        self._parsed: dict[tuple[Path, bytes], Settings] = {}
        self._warned: set[str] = set()

    def for_path(self, path: Path) -> Settings:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return Settings()
        key = path if path.is_dir() else path.parent
        if self.remember and key in self._by_directory:
            return self._by_directory[key]
        settings = self._discover(path)
        if self.remember:
            self._by_directory[key] = settings
        return settings

    def _discover(self, start: Path) -> Settings:
        walked: list[Path] = []
        settings: Settings | None = None
        for folder in search_directories(start):
            if folder in self._from_folder:  # the rest of this walk was walked before
                settings = self._from_folder[folder]
                break
            walked.append(folder)
            settings = self._in_folder(folder)
            if settings is not None:
                break
        if settings is None:
            settings = Settings()
        if self.remember:
            self._from_folder.update(dict.fromkeys(walked, settings))
        return settings

    def _in_folder(self, folder: Path) -> Settings | None:
        """The settings of the config file in `folder`; None: none here, walk on."""
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not os.path.lexists(candidate):
                continue
            try:
                data = read_trusted(candidate)
            except Untrusted as exc:
                self._warn_once(f"ignoring config file {candidate}: {exc}")
                return Settings()
            except FileNotFoundError:
                continue  # a dangling symlink (or gone meanwhile): as if absent
            except OSError as exc:
                raise ConfigError(f"{candidate}: cannot read: {exc.strerror}") from None
            if name == "pyproject.toml" and not _is_postlint_pyproject(data, candidate):
                continue
            return self._parse(data, candidate)
        return None

    def _parse(self, data: bytes, path: Path) -> Settings:
        # Same bytes, same Settings object: what was derived from it stays cached.
        key = (path, data)
        if key not in self._parsed:
            self._parsed[key] = settings_from_bytes(data, path)
        return self._parsed[key]

    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warn(message)
