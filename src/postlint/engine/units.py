"""What gets linted together: a main.cf with its sibling master.cf."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import attrs

from postlint.files import (
    InputError,
    decode,
    kind_for_path,
    load,
    looks_binary,
    template_for_path,
)
from postlint.syntax import ConfigFile, FileKind, parse

CONFIG_NAMES = ("main.cf", "master.cf")
TEMPLATE_NAME = re.compile(r"^(main|master)\.cf(\.(j2|jinja2?|erb|tmpl|tpl|in))?$")


@attrs.define
class LintUnit:
    """Both files of one configuration; `reported` says which ones the user asked about."""

    main: ConfigFile | None
    master: ConfigFile | None
    reported: set[FileKind]
    directory: Path

    def file(self, kind: FileKind) -> ConfigFile | None:
        return self.main if kind is FileKind.MAIN else self.master

    def files(self) -> list[ConfigFile]:
        return [f for f in (self.main, self.master) if f is not None]


def _walk(directory: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        found.extend(Path(root) / n for n in sorted(names) if TEMPLATE_NAME.match(n))
    return found


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; directories become every main.cf/master.cf below them."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            out.append(path)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return out


def _suffix(path: Path) -> str:
    """What follows main.cf / master.cf in a name (".j2" for main.cf.j2)."""
    match = TEMPLATE_NAME.match(path.name)
    return match.group(2) or "" if match else ""


@attrs.frozen
class UnitPlan:
    """Which files make up one unit, decided before anything is read (cheap to send to workers)."""

    directory: Path
    suffix: str
    files: tuple[tuple[Path, FileKind], ...]


def plan_units(files: list[Path], forced: FileKind | None = None) -> list[UnitPlan]:
    """Group files by directory (and template suffix), in the order they were given."""
    groups: dict[tuple[Path, str], tuple[Path, list[tuple[Path, FileKind]]]] = {}
    resolved: dict[Path, Path] = {}  # one realpath per directory, not per file
    for path in files:
        kind = kind_for_path(path, forced)
        if TEMPLATE_NAME.match(path.name):
            parent = resolved.get(path.parent)
            if parent is None:
                parent = resolved[path.parent] = path.parent.resolve()
            key = (parent, _suffix(path))
        else:
            key = (path.resolve(), "")
        groups.setdefault(key, (path.parent, []))[1].append((path, kind))
    return [
        UnitPlan(directory, key[1], tuple(members)) for key, (directory, members) in groups.items()
    ]


def load_unit(plan: UnitPlan, template: str | None = None) -> LintUnit:
    """Read and parse a unit's files; the sibling of each file is read for context."""
    unit = LintUnit(None, None, set(), plan.directory)
    for path, kind in plan.files:
        tree = load(path, kind, template)
        if kind is FileKind.MAIN:
            unit.main = tree
        else:
            unit.master = tree
        unit.reported.add(kind)
    _load_siblings(unit, plan.suffix, template)
    return unit


def _load_siblings(unit: LintUnit, suffix: str, template: str | None) -> None:
    """The missing file of a unit, named like the given one (master.cf.j2 with main.cf.j2)."""
    for kind, name in ((FileKind.MAIN, "main.cf"), (FileKind.MASTER, "master.cf")):
        sibling = unit.directory / (name + suffix)
        if unit.file(kind) is None and sibling.is_file():
            try:
                tree = load(sibling, kind, template)
            except InputError:
                continue  # context only: an unreadable sibling is not fatal
            if kind is FileKind.MAIN:
                unit.main = tree
            else:
                unit.master = tree


def build_units(
    files: list[Path], forced: FileKind | None = None, template: str | None = None
) -> list[LintUnit]:
    """Plan and load every unit (the sequential path; workers call load_unit themselves)."""
    return [load_unit(plan, template) for plan in plan_units(files, forced)]


def unit_from_text(
    data: bytes, filename: str, forced: FileKind | None = None, template: str | None = None
) -> LintUnit:
    """A unit for standard input, named `filename` (its siblings are read if they exist)."""
    if looks_binary(data):
        raise InputError(f"{filename}: binary input, not a Postfix configuration")
    kind = kind_for_path(filename, forced)
    tree = parse(decode(data), kind, filename, template_for_path(filename, template))
    path = Path(filename)
    unit = LintUnit(None, None, {kind}, path.parent)
    if kind is FileKind.MAIN:
        unit.main = tree
    else:
        unit.master = tree
    # Paired as in file mode: `--stdin-filename master.cf.j2` reads main.cf.j2.
    _load_siblings(unit, _suffix(path), template)
    return unit
