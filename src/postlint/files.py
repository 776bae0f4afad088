"""Reading config files losslessly: bytes decode to text and encode back unchanged.

Only regular files of bounded size are read, so a planted pipe or device cannot hang or
exhaust a run (see docs/files.md).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from postlint.records import FrozenRecord
from postlint.syntax import ConfigFile, FileKind, parse
from postlint.syntax.templates import flavour_for_path

ENCODING = "utf-8"
ERRORS = "surrogateescape"  # undecodable bytes survive the round trip
BINARY_SAMPLE = 8192


class InputError(Exception):
    """A file postlint cannot read; the message is one line for the user."""


def decode(data: bytes) -> str:
    if data.isascii():  # the same text, by a copy: a tenth of the UTF-8 decoder's time
        return data.decode("ascii")
    return data.decode(ENCODING, ERRORS)


def encode(text: str) -> bytes:
    return text.encode(ENCODING, ERRORS)


def looks_binary(data: bytes) -> bool:
    """A file that is mostly not text (a config may hold a stray NUL; an ELF file is not one)."""
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13))
    return control > max(8, len(sample) // 10)


# Far above any real main.cf or master.cf; stops /dev/zero-like input before memory runs out.
MAX_SIZE = 64 * 1024 * 1024
_KINDS = {
    stat.S_IFDIR: "is a directory",
    stat.S_IFIFO: "is a named pipe, not a regular file",
    stat.S_IFSOCK: "is a socket, not a regular file",
    stat.S_IFCHR: "is a device, not a regular file",
    stat.S_IFBLK: "is a device, not a regular file",
}
_ERRNOS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EISDIR: "is a directory",
    errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
}


def _refusal(path: str | os.PathLike[str], info: os.stat_result, limit: int) -> str | None:
    """Why a file with this stat is not read, or None."""
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        return f"{path}: {_KINDS.get(kind, 'not a regular file')}"
    if info.st_size > limit:
        return f"{path}: larger than {limit // 2**20} MB; not read"
    return None


def error_for(path: str | os.PathLike[str], exc: OSError) -> InputError:
    """The one-line error for an OSError about `path`."""
    reason = _ERRNOS.get(exc.errno or 0) or exc.strerror or str(exc)
    return InputError(f"{path}: {reason}")


# A check on the open descriptor (the name may have changed since it was checked): why the
# opened file is not to be read, or None.
Verify = Callable[[int, os.stat_result], "str | None"]


def read_regular(
    path: str | os.PathLike[str],
    limit: int = MAX_SIZE,
    *,
    follow: bool = True,
    verify: Verify | None = None,
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputError for anything else.

    Pipes, devices and sockets are refused before they are opened (opening some devices
    has effects) and again on the open descriptor (the name may have been swapped), so a
    FIFO cannot hang the run and /dev/zero cannot exhaust memory. `follow=False` also
    refuses a symlink as the last component; `verify` judges the file that was opened.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    if not follow:
        flags |= os.O_NOFOLLOW
    try:
        refusal = _refusal(path, os.stat(path, follow_symlinks=follow), limit)
        if refusal:
            raise InputError(refusal)
        fd = os.open(path, flags)
    except OSError as exc:
        raise error_for(path, exc) from None
    try:
        info = os.fstat(fd)
        refusal = _refusal(path, info, limit)
        if refusal is None and verify is not None:
            why = verify(fd, info)
            refusal = f"{path}: {why}" if why else None
        if refusal:
            raise InputError(refusal)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # grew since fstat: read on, but only to the limit
                data += handle.read(limit + 1 - len(data))
    except OSError as exc:
        raise error_for(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"{path}: larger than {limit // 2**20} MB; not read")
    return data


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    return read_regular(path)


def inside(path: str | os.PathLike[str], directory: str | os.PathLike[str]) -> bool:
    """Whether `path`, all symlinks resolved, lies in `directory` (also resolved)."""
    return under(os.path.realpath(path), os.path.realpath(directory))


def under(real: str, root: str) -> bool:
    """Whether resolved path `real` lies in resolved directory `root` (or is it)."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def resolve_within(path: str, root: str) -> str | None:
    """Absolute `path` with its symlinks resolved as the kernel follows them, looking outside
    resolved directory `root` only along the path as written; None when a `..` in it, or a
    symlink met on the way (one committed to a repository), would look anywhere else (at a
    path outside `root` that is not one of its parents): a finding must not tell what lies
    there. A component that does not exist ends the walk: the rest names nothing either."""
    pending = [part for part in reversed(path.split("/")) if part not in ("", ".")]
    if ".." in pending:
        return None
    resolved, written, hops = "/", True, 0
    while pending:
        part = pending.pop()
        if part == "..":  # from a link's target; a parent is looked at by name only
            resolved = os.path.dirname(resolved)
            continue
        candidate = os.path.join(resolved, part)
        if under(candidate, root):
            written = False  # inside: from here on only `root` and its parents
        elif not (written or under(root, candidate)):
            return None
        try:
            info = os.lstat(candidate)
        except FileNotFoundError:
            rest = [p for p in reversed(pending) if p != ".."]
            return os.path.join(candidate, *rest)
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(info.st_mode):
            hops += 1
            try:
                target = os.readlink(candidate)
            except OSError:
                return None
            if hops > 40:  # the kernel's own bound (ELOOP)
                return None
            written = False
            if target.startswith("/"):
                resolved = "/"
            pending.extend(p for p in reversed(target.split("/")) if p not in ("", "."))
            continue
        resolved = candidate
    return resolved


def kind_for_path(path: str | os.PathLike[str], forced: FileKind | None = None) -> FileKind:
    if forced is not None:
        return forced
    return FileKind.MASTER if Path(path).name.startswith("master.cf") else FileKind.MAIN


def template_for_path(path: str | os.PathLike[str], option: str | None = None) -> str | None:
    """The template language to mask: --template wins ("none" turns it off), then the
    name (main.cf.j2), else "sniff": the text decides (plain names can hold templates)."""
    if option == "none":
        return None
    if option in ("jinja", "erb", "tt"):
        return option
    found = flavour_for_path(str(path))
    if option == "auto" and found is None:
        return "auto"
    return found or "sniff"


def load(
    path: str | os.PathLike[str],
    kind: FileKind | None = None,
    template: str | None = None,
    verify: Verify | None = None,
) -> ConfigFile:
    data = read_regular(path, verify=verify)
    if looks_binary(data):
        raise InputError(f"{path}: binary file, not a Postfix configuration")
    return parse(
        decode(data), kind_for_path(path, kind), str(path), template_for_path(path, template)
    )


class ConfigPair(FrozenRecord):
    """A main.cf and its sibling master.cf (either may be missing)."""

    __slots__ = ("main", "master")
    main: ConfigFile | None
    master: ConfigFile | None

    def __init__(self, main: ConfigFile | None, master: ConfigFile | None) -> None:
        self._set("main", main)
        self._set("master", master)


def sibling(path: Path, kind: FileKind) -> Path:
    return path.with_name("master.cf" if kind is FileKind.MAIN else "main.cf")


def load_directory(directory: str | os.PathLike[str]) -> ConfigPair:
    d = Path(directory)
    if not d.is_dir():
        raise InputError(f"{directory}: not a directory")
    main_path, master_path = d / "main.cf", d / "master.cf"
    if not main_path.exists():
        raise InputError(f"open {main_path}: No such file or directory")
    # As postconf reads them: template tags are text (no masking), like any other value.
    main = load(main_path, FileKind.MAIN, "none")
    master = load(master_path, FileKind.MASTER, "none") if master_path.exists() else None
    return ConfigPair(main, master)
