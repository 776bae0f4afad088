"""No module is imported from the working directory.

`python -m postlint` puts the working directory first on sys.path (an empty PYTHONPATH entry
does too), so everything imported after start-up, lazily by postlint (tomllib, pluggy) or as
a module-name local plugin, would first be looked for there. Root running postlint in a
directory another user can write (/tmp/job, a CI checkout) would run that user's `tomllib.py`.
The package itself is found before this runs: never run `python -m postlint` in such a
directory (`python -P` or the `postlint` command do not look there at all).
"""

from __future__ import annotations

import os
import sys


def drop_working_directory(first: bool = False) -> None:
    """Remove the entries of sys.path that mean the working directory: "" and "." always,
    and with `first` (python -m) the first entry when it is the working directory."""
    try:
        here = os.getcwd()
    except OSError:  # the working directory was removed: only "" and "." can mean it
        here = None
    inserted = first and not getattr(sys.flags, "safe_path", False)
    sys.path[:] = [
        entry
        for index, entry in enumerate(sys.path)
        if entry not in ("", ".") and not (inserted and index == 0 and entry == here)
    ]
