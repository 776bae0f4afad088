"""Standard output that cannot be written, or a standard stream that is closed, is a one-line
error, not a traceback at exit."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


class OutputError(Exception):
    """Standard output cannot be written (a full disk, /dev/full); exit code 2."""


@contextlib.contextmanager
def stdout_guard() -> Iterator[None]:
    """Writes to stdout, flushed here: a failure is one line, not a traceback at exit."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): not a failure of the output itself
    except OSError as exc:
        # The unwritten rest stays buffered; send it nowhere so exit does not retry it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def flush_stdout() -> None:
    """Flush what a command left buffered; a failure is an OutputError, not a traceback."""
    with stdout_guard():
        pass


def reserve_closed_streams() -> str | None:
    """Point a standard descriptor that a shell or cron closed (`>&-`, `2>&-`, `<&-`) at
    /dev/null, so the next file opened cannot take its number (a child's output, or a write
    meant for stdout, would land in that file: a config being fixed), and messages for a
    closed stderr are dropped instead of falling back to stdout, where print() sends them.

    Returns the error when stdout is closed: nothing could show the command's result.
    """
    for fd, name, flags in (
        (0, "stdin", os.O_RDONLY),
        (1, "stdout", os.O_WRONLY),
        (2, "stderr", os.O_WRONLY),
    ):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)  # taken since Python started: by something that owns it now
        except OSError:
            devnull = os.open(os.devnull, flags)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives until exit)
    if sys.stdout is None:
        return "cannot write the output: standard output is closed"
    return None
