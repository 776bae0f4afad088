"""The Postfix release of this host and the table types of its build, from its own postconf
(`postfix-version = "auto"`).

postlint often runs as root. The program it runs is looked for only where Postfix packages
install it, and only when its owner is root (or the invoking user) and nobody else may
change it: a PATH entry another user can write must not choose what runs.
"""

from __future__ import annotations

import os
import stat
from functools import cache

from postlint.postfix.releases import resolve_installed
from postlint.postfix.versions import Version

POSTCONF_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin")
# What postconf gets of our environment: nothing that could point it at other files.
CLEAN_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}
OLD_MTIME = 946684800  # 2000-01-01


def installed_postconf() -> str | None:
    """The path of the host's postconf, or None when none can be trusted."""
    for directory in POSTCONF_DIRS:
        path = os.path.join(directory, "postconf")
        try:
            info = os.stat(path)
            # The directories that hold the name and the program (a symlink's target's):
            # whoever may write one may put any program, root's own included, there.
            named = os.stat(directory)
            holder = os.stat(os.path.dirname(os.path.realpath(path)))
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o111 and _trusted(info, named, holder):
            return path
    return None


def _trusted(*infos: os.stat_result) -> bool:
    """Owned by root (or the invoking user) and writable by nobody else."""
    return all(
        info.st_uid in (0, os.geteuid()) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        for info in infos
    )


def detect_version() -> Version:
    """The release of the local Postfix (`postconf -d mail_version`: the compiled-in value,
    whatever main.cf says or whether there is one)."""
    try:
        return resolve_installed(_ask("-d", "-h", "mail_version").strip())
    except ValueError as exc:
        raise ValueError(f"auto: {exc}") from None


@cache
def detect_table_types() -> frozenset[str] | None:
    """The lookup table types the local Postfix was built with (`postconf -m`, plugins from
    its dynamicmaps.cf included); None when that cannot be known (no trusted postconf, or
    it fails). Asked with an empty configuration of its own: the answer is the build's,
    and no linted file is handed to postconf."""
    import tempfile  # here: most runs never ask postconf

    with tempfile.TemporaryDirectory(prefix="postlint-") as empty:
        for name in ("main.cf", "master.cf"):
            path = os.path.join(empty, name)
            with open(path, "x"):
                pass
            # postconf waits about a second for a main.cf changed within the current one.
            os.utime(path, (OLD_MTIME, OLD_MTIME))
        try:
            return frozenset(_ask("-c", empty, "-m").split())
        except ValueError:
            return None


def _ask(*flags: str) -> str:
    """What the host's postconf prints for `flags`; ValueError saying why not."""
    import subprocess  # here: most runs never ask postconf

    program = installed_postconf()
    if program is None:
        raise ValueError(
            f"auto: no postconf in {', '.join(POSTCONF_DIRS)} (owned by root, not writable "
            "by others); name the release instead, e.g. --postfix-version 3.7"
        )
    try:
        return subprocess.run(
            [program, *flags],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
            env=CLEAN_ENV,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ValueError(f"auto: cannot ask {program} ({exc})") from None
