"""The Postfix release of this host, from its own postconf (`postfix-version = "auto"`).

postlint often runs as root. The program it runs is looked for only where Postfix packages
install it, and only when its owner is root (or the invoking user) and nobody else may
change it: a PATH entry another user can write must not choose what runs.
"""

from __future__ import annotations

import os
import stat

from postlint.postfix.releases import resolve_installed
from postlint.postfix.versions import Version

POSTCONF_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin")
# What postconf gets of our environment: nothing that could point it at other files.
CLEAN_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}


def installed_postconf() -> str | None:
    """The path of the host's postconf, or None when none can be trusted."""
    for directory in POSTCONF_DIRS:
        path = os.path.join(directory, "postconf")
        try:
            info = os.stat(path)
        except OSError:
            continue
        trusted_owner = info.st_uid in (0, os.geteuid())
        if (
            stat.S_ISREG(info.st_mode)
            and info.st_mode & 0o111
            and trusted_owner
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return path
    return None


def detect_version() -> Version:
    """The release of the local Postfix (`postconf -d mail_version`: the compiled-in value,
    whatever main.cf says or whether there is one)."""
    import subprocess  # here: most runs never ask postconf

    program = installed_postconf()
    if program is None:
        raise ValueError(
            f"auto: no postconf in {', '.join(POSTCONF_DIRS)} (owned by root, not writable "
            "by others); name the release instead, e.g. --postfix-version 3.7"
        )
    try:
        out = subprocess.run(
            [program, "-d", "-h", "mail_version"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
            env=CLEAN_ENV,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ValueError(f"auto: cannot ask {program} ({exc})") from None
    try:
        return resolve_installed(out)
    except ValueError as exc:
        raise ValueError(f"auto: {exc}") from None
