"""Reading the text of lookup tables a setting names (regexp:, pcre:, hash: sources, inline).

postlint lints main.cf and master.cf; a few rules also need to see into a table (what a
header_checks file does, where aliases point). A table is read only when its text can be
found for the configuration being linted: in the directory of the linted main.cf (a config
repository keeps `header_checks` next to `main.cf`), or at its absolute path when that is
the same directory (linting /etc/postfix itself). Anything else is unknown, not an error:
a symlink out of that directory, a pipe or device, a file over 8 MB, or one that is not text.
Findings quote table entries short, and only entries that look like one.

Whether a table's files exist (and the .db is newer than its source) is known only where
Postfix opens them: stat only, never a read, in the linted directory itself (table_files).
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path

from postlint.files import (
    InputError,
    Verify,
    decode,
    inside,
    looks_binary,
    read_regular,
    resolve_within,
    under,
)
from postlint.postfix.services import split_list
from postlint.records import FrozenRecord
from postlint.syntax.tokens import brace_tokens

# Table types whose source is a text file at the given path (the .db is built from it).
TEXT_SOURCES = {"regexp", "pcre", "hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash"}
PATTERN_TYPES = {"regexp", "pcre"}
LARGEST = 8 * 1024 * 1024  # bigger tables are not read (a rule's hint is not worth it)


class TableText(FrozenRecord):
    __slots__ = ("spec", "type", "path", "lines")  # noqa: RUF023 (__init__'s order)
    spec: str  # as written, type:name
    type: str
    path: str | None  # the file read, None for an inline table
    lines: tuple[tuple[int, str], ...]  # (line number, logical line) without comments

    def __init__(
        self, spec: str, type: str, path: str | None, lines: tuple[tuple[int, str], ...]
    ) -> None:
        self._set("spec", spec)
        self._set("type", type)
        self._set("path", path)
        self._set("lines", lines)


def table_specs(value: str) -> list[str]:
    """The type:name words of a list value (proxy: is looked through)."""
    specs = []
    for word in split_list(value):
        if ":" in word and not word.startswith("{"):
            specs.append(word[len("proxy:") :] if word.startswith("proxy:") else word)
    return specs


def read_table(spec: str, config_dir: Path | None) -> TableText | None:
    kind, _sep, name = spec.partition(":")
    kind = kind.lower()
    if name.startswith("{"):
        return _inline(spec, kind, name)
    if kind not in TEXT_SOURCES or config_dir is None or not name.startswith("/"):
        return None
    root = os.path.realpath(config_dir)
    candidates = [config_dir / os.path.basename(name)]
    if os.path.dirname(name) == root:
        candidates.append(Path(name))
    for path in candidates:
        real = resolve_within(os.path.abspath(path), root)
        # Only a regular file that really lives in the config directory: a planted
        # `virtual -> /proc/self/environ` or `-> /etc/shadow` is never opened.
        if real is None or not under(real, root):
            continue
        try:
            info = os.stat(real, follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= LARGEST:
            identity = (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)
            lines = _read_lines(real, identity, root)
            return TableText(spec, kind, str(path), lines) if lines is not None else None
    return None


@lru_cache(maxsize=8)  # 8 MB of short lines is ~150 MB of Python objects
def _read_lines(
    real: str, identity: tuple[int, int, int, int], config_dir: str
) -> tuple[tuple[int, str], ...] | None:
    """The logical lines of a table file; None when it is not (or no longer) a text file."""
    try:
        # No symlink as the last component: `real` was resolved and checked by the caller.
        # A directory on the way may have become a symlink since: judge the opened file.
        data = read_regular(real, LARGEST, follow=False, verify=opened_inside(config_dir))
    except InputError:
        return None
    if b"\0" in data or looks_binary(data):
        return None  # a table source is text; NUL-separated data (an environ) is not one
    return tuple(logical_lines(decode(data)))


def opened_inside(directory: str) -> Verify:
    """A check of an open descriptor: the file it reads lies in `directory`.

    Linux names an open file in /proc/self/fd; where that is missing, the checks made
    before opening stand.
    """

    def verify(fd: int, _info: os.stat_result) -> str | None:
        try:
            opened = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return None
        if inside(opened, directory):
            return None
        return "moved out of the configuration directory while being opened; not read"

    return verify


# What Postfix opens for a table of each type: the name plus these suffixes, the files
# postmap (postalias) builds from the text file at the name (util/dict_db.c, dict_lmdb.c,
# dict_cdb.c, dict_dbm.c, dict_sdbm.c). The last one is the file whose age Postfix compares
# with the text file's ("database ... is older than source file").
INDEXED_SUFFIXES: dict[str, tuple[str, ...]] = {
    "hash": (".db",),
    "btree": (".db",),
    "lmdb": (".lmdb",),
    "cdb": (".cdb",),
    "dbm": (".dir", ".pag"),
    "sdbm": (".dir", ".pag"),
}
# Types whose name is itself the file Postfix opens: a table text read whole on every open
# (dict_regexp.c, dict_pcre.c, dict_cidr.c, dict_thash.c) or a database client's settings
# (global/cfg_parser.c reads a name that starts with '/' as a file).
OPENED_FILES = frozenset(
    (
        "regexp",
        "pcre",
        "cidr",
        "texthash",
        "ldap",
        "mysql",
        "pgsql",
        "sqlite",
        "memcache",
        "mongodb",
    )
)


class FileState(FrozenRecord):
    __slots__ = ("path", "mtime")  # noqa: RUF023 (__init__'s order)
    path: str  # where it was looked at
    mtime: int | None  # whole seconds, as Postfix compares them; None: the file is missing

    def __init__(self, path: str, mtime: int | None) -> None:
        self._set("path", path)
        self._set("mtime", mtime)


class TableFiles(FrozenRecord):
    """The files Postfix opens for one table, as found on disk (stat only)."""

    __slots__ = ("source", "indexed")  # noqa: RUF023 (__init__'s order)
    source: FileState | None  # the file at the table's name; None: not known (a symlink out)
    indexed: tuple[FileState, ...]  # what postmap builds from it, per INDEXED_SUFFIXES

    def __init__(self, source: FileState | None, indexed: tuple[FileState, ...]) -> None:
        self._set("source", source)
        self._set("indexed", indexed)


def table_files(
    kind: str,
    name: str,
    config_dir: Path,
    installed_as: str | None = None,
    resolved: dict[str, str] | None = None,
) -> TableFiles | None:
    """The files Postfix opens for table `kind:name`, when what is on disk is what Postfix
    sees; None when it is not known (see installed_path, file_state) or the type opens no
    file. Nothing is opened or read: a lstat per file. `resolved`: the caller's cache of
    directories with symlinks resolved (a config names many tables in one directory)."""
    if kind not in INDEXED_SUFFIXES and kind not in OPENED_FILES:
        return None
    path = installed_path(name, config_dir, installed_as, resolved)
    if path is None:
        return None
    source = file_state(path, config_dir)
    indexed = []
    for suffix in INDEXED_SUFFIXES.get(kind, ()):
        indexed.append(file_state(path + suffix, config_dir))
    if None in indexed or (source is None and not indexed):
        return None
    return TableFiles(source, tuple(s for s in indexed if s is not None))


def installed_path(
    name: str,
    config_dir: Path,
    installed_as: str | None = None,
    resolved: dict[str, str] | None = None,
) -> str | None:
    """Where to look at the file Postfix opens at absolute path `name`: that path when its
    directory is (or lies in) the linted directory, symlinks resolved (linting
    /etc/postfix itself), or, when `installed_as` says where the linted directory is
    installed, its copy there. Otherwise None: the linted directory is a copy (a config
    repository), whose built .db files are not committed, so what it lacks says nothing."""
    base = os.path.basename(name)
    if not name.startswith("/") or "\0" in name or base in ("", ".", ".."):
        return None
    cache = {} if resolved is None else resolved
    root = cache.get(str(config_dir))
    if root is None:
        root = cache[str(config_dir)] = os.path.realpath(config_dir)
    if installed_as:
        prefix = installed_as.rstrip("/") + "/"
        if not name.startswith(prefix):
            return None
        name = os.path.join(root, name[len(prefix) :])
    directory = os.path.dirname(name)
    parent = cache.get(directory)
    if parent is None:
        parent = cache[directory] = resolve_within(directory, root) or ""
    return os.path.join(parent, base) if parent and under(parent, root) else None


def file_state(path: str, config_dir: Path) -> FileState | None:
    """Whether the regular file at `path` exists, and its age; None when that is not known:
    a symlink out of the linted directory (never followed), something other than a regular
    file, or a directory postlint may not search."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            root = os.path.realpath(config_dir)
            real = resolve_within(path, root)
            if real is None or not under(real, root):
                return None
            info = os.stat(real, follow_symlinks=False)
    except FileNotFoundError:
        return FileState(path, None)  # also a dangling symlink: Postfix finds nothing there
    except (OSError, ValueError):
        return None
    return FileState(path, int(info.st_mtime)) if stat.S_ISREG(info.st_mode) else None


QUOTED_LENGTH = 40  # a finding quotes at most this much of a table entry


def plausible_word(word: str) -> bool:
    """A key or result that could be a table entry: printable, no blanks, address-sized."""
    return 0 < len(word) <= 320 and word.isprintable() and not any(c.isspace() for c in word)


def quote_word(word: str) -> str:
    """A table word as a finding quotes it: short (the table is the admin's, not the log's)."""
    return word if len(word) <= QUOTED_LENGTH else word[: QUOTED_LENGTH - 3] + "..."


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Table lines as Postfix reads them: comments and blanks dropped, indented lines joined."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[:1] in (" ", "\t") and out:
            first, joined = out[-1]
            out[-1] = (first, f"{joined} {stripped}")
        else:
            out.append((number, stripped))
    return out


def _inline(spec: str, kind: str, name: str) -> TableText:
    """inline:{ key=value, ... } and, since Postfix 3.7, regexp:{ {rule}, ... }."""
    inner = name.strip()
    if inner.startswith("{") and inner.endswith("}"):
        inner = inner[1:-1]
    items = [inner[s:e].strip() for s, e in brace_tokens(inner, ", \t\n")]
    rows = []
    for item in items:
        if item.startswith("{") and item.endswith("}"):
            item = item[1:-1].strip()
        rows.append((1, item))
    return TableText(spec, kind, None, tuple(rows))


def pattern_rule(line: str) -> tuple[str, str, str] | None:
    """(pattern, action, rest) of a regexp:/pcre: rule line; None for if/endif and junk."""
    negated = line.startswith("!")
    body = line[1:] if negated else line
    if not body or body[0] in " \t":
        return None
    delimiter = body[0]
    if delimiter.isalnum():
        return None  # if/endif or malformed
    end = body.find(delimiter, 1)
    while end > 0 and body[end - 1] == "\\":
        end = body.find(delimiter, end + 1)
    if end < 0:
        return None
    pattern = body[1:end]
    rest = body[end + 1 :].lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    action, _sep, text = rest.strip().partition(" ")
    return ("!" if negated else "") + pattern, action, text.strip()
