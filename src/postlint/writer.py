"""Writing fixed config files to disk: every file of a unit, or none of them.

Each file gets a temp file in its own directory, written in full and synced, then given
the original's owner, group, extended attributes (POSIX ACLs are `system.posix_acl_access`)
and mode. Only when every temp file is ready are they renamed over the originals, so a
cross-file fix (PL114 moves a setting from main.cf to master.cf) cannot land half-way.
Anything that would change a file other than its content is refused with one line:
an owner the invoking user cannot keep, an attribute that cannot be copied, a file with
several hard links (a rename would split them; rewriting in place would lose the
all-or-nothing guarantee, so it is refused). A symlink is written through to its target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from postlint.files import InputError, read_regular


@attrs.frozen
class Replacement:
    """New content for a file; `expected` is what it held when it was read."""

    path: Path
    data: bytes
    expected: bytes | None = None


@attrs.define
class _Staged:
    """A temp file, complete and with the original's metadata, waiting to be renamed."""

    path: Path  # as named, for messages
    target: Path  # the real file (a symlink's target)
    tmp: str
    original: bytes

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace one file's content (see write_all)."""
    write_all([Replacement(path, data, expected)])


def write_all(replacements: Iterable[Replacement]) -> None:
    """Replace every file's content, or (InputError) leave every file as it was."""
    staged: list[_Staged] = []
    with _signals_as_interrupt():
        try:
            for replacement in replacements:
                item = _stage(replacement)
                staged.append(item)
                # main.cf and master.cf as links to one file: the second rename would undo
                # the first file's changes.
                same = next((s.path for s in staged[:-1] if s.target == item.target), None)
                if same is not None:
                    raise InputError(f"{item.path}: the same file as {same}; not fixed")
        except BaseException:
            for item in staged:
                item.discard()
            raise
        _commit(staged)


_ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """While files are written, SIGTERM and SIGHUP (a service manager, `timeout`, a closed
    terminal) raise KeyboardInterrupt, so they get Ctrl-C's cleanup (temp files removed,
    files already renamed put back); then the signal is sent again with its own handler,
    so the process still ends by it. A signal that is ignored (nohup) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and receives the signals)
        return
    caught: list[int] = []

    def interrupt(signum: int, _frame: object) -> None:
        caught.append(signum)
        raise KeyboardInterrupt

    previous = {
        signum: signal.signal(signum, interrupt)
        for signum in _ENDING_SIGNALS
        if signal.getsignal(signum) is signal.SIG_DFL
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            os.kill(os.getpid(), caught[0])


def _stage(replacement: Replacement) -> _Staged:
    path = replacement.path
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except OSError as exc:
        raise InputError(f"{path}: cannot fix: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file; not fixed")
    # Mode bits, not os.access(): root may write anything, but a file without write bits
    # is one its owner asked not to be changed.
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(f"{path}: file is read-only; not fixed")
    if info.st_nlink > 1:
        raise InputError(
            f"{path}: has {info.st_nlink} hard links; not fixed (replacing it would split "
            "them; --diff shows the change)"
        )
    original = read_regular(target)
    if replacement.expected is not None and original != replacement.expected:
        raise InputError(f"{path}: changed on disk during the run; not fixed")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(
            f"{path}: cannot create a file in {target.parent}: {exc.strerror}; not fixed"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(replacement.data)
            handle.flush()
            _copy_metadata(path, info, target, handle.fileno())
            os.fsync(handle.fileno())
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write: {exc.strerror}; not fixed") from None
        raise
    return _Staged(path, target, tmp, original)


def _copy_metadata(path: Path, info: os.stat_result, target: Path, fd: int) -> None:
    """Owner and group, then extended attributes, then mode (last: chown clears set-id
    bits, and setting an ACL rewrites the group bits)."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except PermissionError:
            raise InputError(
                f"{path}: owned by {_owner(info)}; fixing it as {_owner(mine)} would change "
                "that; not fixed (run as its owner or root)"
            ) from None
    _copy_xattrs(path, target, fd)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


def _owner(info: os.stat_result) -> str:
    import grp
    import pwd

    try:
        user = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        user = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return f"{user}:{group}"


_UNSUPPORTED = (errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS)


def _copy_xattrs(path: Path, target: Path, fd: int) -> None:
    """Make the temp file's extended attributes exactly the original's.

    The temp file may have inherited some (a default ACL of the directory, a security
    label); those the original lacks are removed, and only differing values are set.
    """
    if not hasattr(os, "listxattr"):
        return  # not Linux
    try:
        names = os.listxattr(target, follow_symlinks=False)
        wanted = {name: os.getxattr(target, name, follow_symlinks=False) for name in names}
    except OSError as exc:
        if exc.errno in _UNSUPPORTED:
            return
        raise
    try:
        present = set(os.listxattr(fd))
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
        present = set()
    name = ""
    try:
        for name in sorted(present - set(wanted)):
            os.removexattr(fd, name)
        for name, value in wanted.items():
            if name in present and _xattr(fd, name) == value:
                continue
            os.setxattr(fd, name, value)
    except OSError as exc:
        what = "its ACL" if name.startswith("system.posix_acl") else f"attribute {name}"
        raise InputError(f"{path}: cannot keep {what} ({exc.strerror}); not fixed") from None


def _xattr(fd: int, name: str) -> bytes | None:
    try:
        return os.getxattr(fd, name)
    except OSError:
        return None


def _commit(staged: list[_Staged]) -> None:
    """Rename every temp file over its original; if one rename fails, put back the ones
    already done (their old content is in memory) and report it."""
    done: list[_Staged] = []
    try:
        for index, item in enumerate(staged):
            try:
                os.replace(item.tmp, item.target)
            except OSError as exc:
                for rest in staged[index:]:
                    rest.discard()
                ok = _restore(done)
                state = "no file was changed" if ok else "an earlier file stayed changed"
                raise InputError(f"{item.path}: cannot replace: {exc.strerror}; {state}") from None
            done.append(item)
    except KeyboardInterrupt:
        # Ctrl-C, or the worker pool stopping this process with SIGINT, between renames:
        # put back every file renamed (its temp file is gone), so the unit is all old.
        renamed = [item for item in staged if not os.path.lexists(item.tmp)]
        for item in staged:
            item.discard()
        _restore(renamed)
        raise
    for directory in {item.target.parent for item in staged}:
        _sync_directory(directory)


def _restore(done: list[_Staged]) -> bool:
    """Put the old content back; whether that worked for every file."""
    ok = True
    for item in reversed(done):
        try:
            restored = _stage(Replacement(item.target, item.original))
            os.replace(restored.tmp, restored.target)
        except (InputError, OSError):
            ok = False
    return ok


def _sync_directory(directory: Path) -> None:
    """Make the renames durable (a crash right after must not bring the old files back)."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
