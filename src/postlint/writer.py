"""Writing fixed config files to disk: a temp file in the same directory, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from postlint.files import InputError


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace a file's content via a temp file + rename in the same directory.

    Writes through a symlink to its target, keeps mode and (when permitted) owner, and
    refuses when the file is read-only or changed since it was read (`expected`).
    """
    import stat
    import tempfile

    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot fix: {exc.strerror}") from None
    # Mode bits, not os.access(): root may write anything, but a file without write bits
    # is one its owner asked not to be changed.
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(f"{path}: file is read-only; not fixed")
    if expected is not None and target.read_bytes() != expected:
        raise InputError(f"{path}: changed on disk during the run; not fixed")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(PermissionError, AttributeError):
            os.chown(tmp, info.st_uid, info.st_gid)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
