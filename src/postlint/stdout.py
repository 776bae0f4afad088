"""Standard output that cannot be written is a one-line error, not a traceback at exit."""

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
