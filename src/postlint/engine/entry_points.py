"""The installed plugins of entry point group `postlint`, found without importlib.metadata
when only postlint's own rules are installed (the usual case).

Importing importlib.metadata (email, zipfile, csv, socket...) and reading every
distribution's metadata cost a fifth of a `postlint check` cold start. Most installs have
exactly one plugin, the built-in rules: a quick look through the directories on sys.path
(the same `*.dist-info`/`*.egg-info` folders and `entry_points.txt` files importlib.metadata
reads) tells when that is so, and only then is importlib.metadata skipped. Anything the look
cannot vouch for (another plugin, a zip or egg on sys.path, a custom distribution finder, a
second copy of postlint's metadata) goes through importlib.metadata as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from postlint.records import FrozenRecord

GROUP = "postlint"
BUILTIN_NAME = "builtin"
BUILTIN_MODULE = "postlint_rules"  # imported only when its entry point is installed
OWN_DISTRIBUTION = "postlint"
_METADATA_DIRS = (".dist-info", ".egg-info")


class Plugin(FrozenRecord):
    """One entry point of the group, not loaded yet (a record: a typed NamedTuple takes
    ~0.15 ms of every start to build)."""

    __slots__ = ("name", "value", "dist", "version", "load")  # noqa: RUF023 (__init__'s order)
    name: str  # the entry point's name (`builtin`)
    value: str  # `module` or `module:attribute`
    dist: str  # the distribution's name
    version: str
    load: Callable[[], Any]

    def __init__(
        self, name: str, value: str, dist: str, version: str, load: Callable[[], Any]
    ) -> None:
        self._set("name", name)
        self._set("value", value)
        self._set("dist", dist)
        self._set("version", version)
        self._set("load", load)

    @property
    def is_builtin(self) -> bool:
        """postlint's own rule pack, registered through the entry point like any plugin."""
        return self.value.split(":")[0].strip() == BUILTIN_MODULE


def installed_plugins() -> list[Plugin]:
    """Every entry point of the group, sorted by name (as importlib.metadata lists them)."""
    quick = _only_builtin()
    if quick is not None:
        return [quick]
    import importlib.metadata  # only here: the costly part of the start this module avoids

    found = importlib.metadata.entry_points(group=GROUP)
    return [
        Plugin(
            ep.name,
            ep.value,
            ep.dist.name if ep.dist else ep.name,
            ep.dist.version if ep.dist else "?",
            ep.load,
        )
        for ep in sorted(found, key=lambda e: e.name)
    ]


def _only_builtin() -> Plugin | None:
    """The built-in rules' entry point when the quick look shows it is the only one."""
    if any(
        hasattr(finder, "find_distributions") and not _is_path_finder(finder)
        for finder in sys.meta_path
    ):
        return None  # another source of distributions: only importlib.metadata knows it
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for entry in sys.path:
        root = entry or "."
        if not os.path.isdir(root):
            if os.path.exists(root):
                return None  # a zip file: its metadata is read by importlib.metadata
            continue
        if os.path.basename(root).lower().endswith(".egg"):
            return None
        try:
            children = os.listdir(root)
        except OSError:
            continue
        for child in children:
            if not child.lower().endswith(_METADATA_DIRS):
                continue
            entries = _group_entries(os.path.join(root, child, "entry_points.txt"))
            if entries is None:
                return None
            if entries:
                found.append((child, entries))
    if len(found) != 1 or found[0][1] != [(BUILTIN_NAME, BUILTIN_MODULE)]:
        return None
    folder = found[0][0]
    dist, _, version = folder[: -len(".dist-info")].partition("-")
    if not folder.endswith(".dist-info") or dist != OWN_DISTRIBUTION or not version:
        return None  # an egg-info (version only inside) or a renamed distribution
    return Plugin(BUILTIN_NAME, BUILTIN_MODULE, dist, version, _import_builtin)


def _is_path_finder(finder: object) -> bool:
    from importlib.machinery import PathFinder

    return finder is PathFinder


def _import_builtin() -> ModuleType:
    import importlib

    return importlib.import_module(BUILTIN_MODULE)


def _group_entries(path: str) -> list[tuple[str, str]] | None:
    """The (name, value) pairs of the group in one entry_points.txt, read as
    importlib.metadata reads it (blank lines and `#`/`;` comments skipped); None when the
    file cannot be read, so that importlib.metadata decides."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except (FileNotFoundError, NotADirectoryError):
        return []
    except (OSError, UnicodeDecodeError):
        return None
    if GROUP not in text:
        return []
    entries: list[tuple[str, str]] = []
    section = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section == GROUP:
            name, _, value = line.partition("=")
            entries.append((name.strip(), value.strip()))
    return entries
