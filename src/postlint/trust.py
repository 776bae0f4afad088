"""Reading a file that can change what postlint does (a config file, a local plugin module)
only when no other user could have written it, race-free.

Another local user must not be able to steer a run, least of all one as root: a file is
trusted only when it is a regular file owned by the invoking user or root and not writable
by group or others, in a directory of the same kind, below directories that nobody else can
rename (owned by the user or root, and not group/other-writable unless sticky, like /tmp).

The path is resolved once; then every directory from `/` down is opened without following
symlinks (each relative to the descriptor of its parent) and checked with fstat, and the
file is read from the descriptor that was checked: a symlink swapped in, or a rename, after
the check cannot change what is read.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from postlint.invisible import INVISIBLE

# Config files and plugin modules are small; a bigger one is not what it claims to be.
MAX_BYTES = 4 * 1024 * 1024

# O_PATH lets a directory be checked and used as a base without read permission (Linux).
_DIR_FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


Warn = Callable[[str], None]


@cache
def _control() -> re.Pattern[str]:
    """Controls, and the bidi and invisible format characters that disguise a path or a
    name. Compiled on first use (~0.4 ms): a plain check warns about nothing."""
    return re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]")


def warn_on_stderr(message: str) -> None:
    """The one-line warning of a command (the language server passes its own)."""
    sys.stderr.write(f"postlint: warning: {printable(message)}\n")


def printable(text: str) -> str:
    """Control characters (a path may hold any) shown as escapes, not sent to the terminal."""
    return _control().sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class Untrusted(Exception):
    """The file could be written by another user (or is not a plain file); says why."""


def _owner_ok(st: os.stat_result, uid: int) -> bool:
    return st.st_uid in (0, uid)


def _check_directory(st: os.stat_result, where: str, uid: int, holds_file: bool) -> None:
    if not _owner_ok(st, uid):
        raise Untrusted(f"directory {where} is owned by uid {st.st_uid}")
    writable = st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    # A sticky directory (/tmp) stops others renaming what they do not own, so it is a
    # safe ancestor; the directory holding the file must not let anyone else add files.
    if writable and (holds_file or not st.st_mode & stat.S_ISVTX):
        raise Untrusted(f"directory {where} is writable by group or others")


def _check_file(st: os.stat_result, uid: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise Untrusted("not a regular file")
    if not _owner_ok(st, uid):
        raise Untrusted(f"owned by uid {st.st_uid}")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise Untrusted("writable by group or others")
    if st.st_size > MAX_BYTES:
        raise Untrusted(f"larger than {MAX_BYTES} bytes")


def _open_directory(real: Path, uid: int) -> int:
    """A descriptor for `real` (already resolved), each step checked on what was opened."""
    fd = os.open("/", _DIR_FLAGS)
    try:
        where = Path("/")
        parts = real.parts[1:]
        _check_directory(os.fstat(fd), str(where), uid, holds_file=not parts)
        for index, part in enumerate(parts):
            where = where / part
            child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = child
            _check_directory(os.fstat(fd), str(where), uid, index == len(parts) - 1)
        return fd
    except BaseException:
        os.close(fd)
        raise


def _open_directory_checked(real: Path, uid: int) -> int:
    """_open_directory, with a directory swapped for a symlink meanwhile said as Untrusted."""
    try:
        return _open_directory(real, uid)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Untrusted("its directory changed while it was checked") from None
        raise


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > MAX_BYTES:  # also a file that grows while it is read
            raise Untrusted(f"larger than {MAX_BYTES} bytes")
        chunks.append(chunk)


def read_trusted(path: Path, uid: int | None = None) -> bytes:
    """The bytes of `path` if it is trusted; Untrusted (why) or OSError otherwise."""
    uid = os.geteuid() if uid is None else uid
    real = Path(os.path.realpath(path))
    placed = Path(os.path.realpath(path.parent))
    if placed != real.parent:
        # A symlink: whoever could write the directory holding it chose which file is read
        # (a link planted in another user's checkout to a root-only file), so that
        # directory must be trusted too, not only the one it points into.
        os.close(_open_directory_checked(placed, uid))
    directory = _open_directory_checked(real.parent, uid)
    try:
        try:
            fd = os.open(real.name, _FILE_FLAGS, dir_fd=directory)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Untrusted("it changed while it was checked") from None
            raise
    finally:
        os.close(directory)
    try:
        st = os.fstat(fd)
        _check_file(st, uid)
        return _read_all(fd)
    finally:
        os.close(fd)


def read_plain(path: Path) -> bytes:
    """A file the user named (trusted by choice): still only a regular file, size-capped."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Untrusted("not a regular file")
        if st.st_size > MAX_BYTES:  # a sparse file of gigabytes costs nothing to make
            raise Untrusted(f"larger than {MAX_BYTES} bytes")
        return _read_all(fd)
    finally:
        os.close(fd)
