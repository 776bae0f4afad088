"""What gets linted together: a main.cf with its sibling master.cf."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from postlint.files import (
    InputError,
    Verify,
    decode,
    error_for,
    inside,
    kind_for_path,
    load,
    looks_binary,
    template_for_path,
)
from postlint.records import FrozenRecord, Record
from postlint.syntax import ConfigFile, FileKind, parse

CONFIG_NAMES = ("main.cf", "master.cf")
TEMPLATE_NAME = re.compile(r"^(main|master)\.cf(\.(j2|jinja2?|erb|tmpl|tpl|in))?$")


class LintUnit(Record):
    """Both files of one configuration; `reported` says which ones the user asked about."""

    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "main",
        "master",
        "reported",
        "directory",
        "linted_only",
    )

    def __init__(
        self,
        main: ConfigFile | None,
        master: ConfigFile | None,
        reported: set[FileKind],
        directory: Path,
        # Files read through a symlink leaving the walked directory (or the unit's
        # directory, for a sibling): linted, never written.
        linted_only: set[FileKind] | None = None,
    ) -> None:
        self.main = main
        self.master = master
        self.reported = reported
        self.directory = directory
        self.linted_only = set() if linted_only is None else linted_only

    def file(self, kind: FileKind) -> ConfigFile | None:
        return self.main if kind is FileKind.MAIN else self.master

    def files(self) -> list[ConfigFile]:
        return [f for f in (self.main, self.master) if f is not None]


class Expansion(FrozenRecord):
    """The files a command line names, and what the directory walk decided about symlinks."""

    __slots__ = ("files", "linted_only", "skipped", "within")
    files: list[Path]
    linted_only: frozenset[Path]
    skipped: tuple[tuple[Path, str], ...]
    within: Mapping[Path, str]

    def __init__(
        self,
        files: list[Path],
        # Walked symlinks to a main.cf/master.cf outside the walked directory: linted,
        # never fixed.
        linted_only: frozenset[Path] = frozenset(),
        # (path, reason) of walked symlinks that were not read at all.
        skipped: tuple[tuple[Path, str], ...] = (),
        # Each walked file's walked directory (its real path, taken when the walk started).
        within: Mapping[Path, str] | None = None,
    ) -> None:
        self._set("files", files)
        self._set("linted_only", linted_only)
        self._set("skipped", skipped)
        self._set("within", {} if within is None else within)


def outside_link_refusal(path: Path, root: Path) -> str | None:
    """Why a symlink leaving `root` is not read, or None when it may be linted (not fixed).

    A directory walk reads what the walked tree holds; a symlink out of it points at a
    file the user did not name. It is linted only when it is plainly a Postfix config that
    every local user may read anyway (a main.cf/master.cf name, world-readable), so a planted
    `main.cf -> /etc/shadow` is never read, and so never quoted in findings.
    """
    real = Path(os.path.realpath(path))
    if not TEMPLATE_NAME.match(real.name):
        return f"a symlink out of {root} to a file not named main.cf or master.cf"
    try:
        mode = real.stat().st_mode
    except OSError:
        return None  # let reading it report the error
    if not mode & stat.S_IROTH:
        return f"a symlink out of {root} to a file that is not world-readable"
    return None


def opened_within(root: str) -> Verify:
    """The walk's decision made again on the open descriptor: a walked name swapped for a
    symlink (or a directory on its path swapped) after the walk looked at it cannot lead
    to a file the walk would have skipped (`main.cf -> /etc/shadow`)."""

    def check(fd: int, info: os.stat_result) -> str | None:
        try:
            real = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return None  # no /proc (not Linux): the checks on the name are all there is
        if inside(real, root):
            return None
        if TEMPLATE_NAME.match(os.path.basename(real)) and info.st_mode & stat.S_IROTH:
            return None  # what outside_link_refusal lets a walk lint
        return f"changed into a link out of {root} to another file while it was read; not read"

    return check


def _walk(directory: Path) -> Expansion:
    found: list[Path] = []
    linted_only: set[Path] = set()
    skipped: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:  # a subdirectory without read or search permission
        skipped.append((Path(exc.filename), f"cannot list it ({exc.strerror})"))

    for root, dirs, names in os.walk(directory, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in sorted(names):
            path = Path(root) / name
            if not TEMPLATE_NAME.match(name):
                continue
            if path.is_symlink() and not inside(path, directory):
                refusal = outside_link_refusal(path, directory)
                if refusal is not None:
                    skipped.append((path, refusal))
                    continue
                linted_only.add(path)
            found.append(path)
    root = os.path.realpath(directory)
    return Expansion(found, frozenset(linted_only), tuple(skipped), dict.fromkeys(found, root))


def expand(paths: Iterable[str]) -> Expansion:
    """Files as given; directories become every main.cf/master.cf below them."""
    files: list[Path] = []
    linted_only: set[Path] = set()
    skipped: list[tuple[Path, str]] = []
    within: dict[Path, str] = {}
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:  # a parent without search permission
            raise error_for(raw, exc) from None
        if is_dir:
            walked = _walk(path)
            files.extend(walked.files)
            linted_only |= walked.linted_only
            skipped.extend(walked.skipped)
            within.update(walked.within)
        elif exists:
            files.append(path)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return Expansion(files, frozenset(linted_only), tuple(skipped), within)


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; directories become every main.cf/master.cf below them."""
    return expand(paths).files


def _suffix(path: Path) -> str:
    """What follows main.cf / master.cf in a name (".j2" for main.cf.j2)."""
    match = TEMPLATE_NAME.match(path.name)
    return match.group(2) or "" if match else ""


class UnitPlan(FrozenRecord):
    """Which files make up one unit, decided before anything is read (cheap to send to workers)."""

    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "directory",
        "suffix",
        "files",
        "linted_only",
        "within",
    )
    directory: Path
    suffix: str
    files: tuple[tuple[Path, FileKind], ...]
    linted_only: frozenset[FileKind]
    within: tuple[tuple[Path, str], ...]  # walked files: the real walked directory

    def __init__(
        self,
        directory: Path,
        suffix: str,
        files: tuple[tuple[Path, FileKind], ...],
        linted_only: frozenset[FileKind] = frozenset(),
        within: tuple[tuple[Path, str], ...] = (),
    ) -> None:
        self._set("directory", directory)
        self._set("suffix", suffix)
        self._set("files", files)
        self._set("linted_only", linted_only)
        self._set("within", within)


def plan_units(
    files: list[Path],
    forced: FileKind | None = None,
    linted_only: frozenset[Path] = frozenset(),
    within: Mapping[Path, str] | None = None,
) -> list[UnitPlan]:
    """Group files by directory (and template suffix), in the order they were given."""
    groups: dict[tuple[Path, str], tuple[Path, list[tuple[Path, FileKind]]]] = {}
    resolved: dict[Path, Path] = {}  # one realpath per directory, not per file
    for path in files:
        kind = kind_for_path(path, forced)
        if TEMPLATE_NAME.match(path.name):
            parent = resolved.get(path.parent)
            if parent is None:
                parent = resolved[path.parent] = Path(os.path.realpath(path.parent))
            key = (parent, _suffix(path))
        else:
            key = (Path(os.path.realpath(path)), "")  # never raises on a symlink loop
        groups.setdefault(key, (path.parent, []))[1].append((path, kind))
    return [
        UnitPlan(
            directory,
            key[1],
            tuple(members),
            frozenset(kind for path, kind in members if path in linted_only),
            tuple((path, within[path]) for path, _kind in members if within and path in within),
        )
        for key, (directory, members) in groups.items()
    ]


def load_unit(plan: UnitPlan, template: str | None = None) -> LintUnit:
    """Read and parse a unit's files; the sibling of each file is read for context."""
    unit = LintUnit(None, None, set(), plan.directory, set(plan.linted_only))
    roots = dict(plan.within)
    for path, kind in plan.files:
        root = roots.get(path)
        tree = load(path, kind, template, opened_within(root) if root else None)
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
        if unit.file(kind) is None:
            _add_sibling(unit, unit.directory / (name + suffix), kind, template)


def _add_sibling(unit: LintUnit, sibling: Path, kind: FileKind, template: str | None) -> None:
    """Read a file nobody named, for context: only a regular file, and through a symlink
    out of the directory only as a walk would (linted, never written)."""
    try:
        if not sibling.is_file():
            return
        leaves = sibling.is_symlink() and not inside(sibling, unit.directory)
        if leaves and outside_link_refusal(sibling, unit.directory) is not None:
            return
        verify = opened_within(os.path.realpath(unit.directory))
        tree = load(sibling, kind, template, verify)
    except (InputError, OSError):
        return  # context only: an unreadable sibling is not fatal
    if kind is FileKind.MAIN:
        unit.main = tree
    else:
        unit.master = tree
    if leaves:
        unit.linted_only.add(kind)


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
