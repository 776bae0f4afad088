"""The fix-safety policy (docs/fix-safety.md) as data, and the fix builder rules use with it.

A safe fix keeps every message flowing as today and keeps every value the admin wrote. The
only settings a safe fix may add are the ones below, and only where the admin set nothing:
opportunistic TLS, TLS logging, TLS notes in Received: headers, no VRFY. Changing a value
the admin wrote is always unsafe.
"""

from __future__ import annotations

from collections.abc import Mapping

from postlint.engine import edits
from postlint.engine.diagnostics import Applicability, Fix
from postlint.postfix.catalogue import Catalogue
from postlint.postfix.versions import Version
from postlint.syntax.ast import ConfigFile, Parameter

# name -> the values a safe fix may give it while it is unset.
SAFE_ADDITIONS: Mapping[str, frozenset[str]] = {
    "smtp_tls_security_level": frozenset({"may"}),
    "lmtp_tls_security_level": frozenset({"may"}),
    "smtp_tls_loglevel": frozenset({"1"}),
    "lmtp_tls_loglevel": frozenset({"1"}),
    "smtpd_tls_loglevel": frozenset({"1"}),
    "smtpd_tls_received_header": frozenset({"yes"}),
    "disable_vrfy_command": frozenset({"yes"}),
}


def safe_addition(name: str, value: str) -> bool:
    return value in SAFE_ADDITIONS.get(name, frozenset())


def setting_fix(
    file: ConfigFile,
    existing: Parameter | None,
    name: str,
    value: str,
    *,
    overrides_admin: bool = False,
) -> Fix:
    """A fix that gives main.cf parameter `name` a value.

    Safe only when it adds an allowed setting the admin did not write; changing a value
    that is written down is unsafe. `overrides_admin`: something else the admin wrote decides
    the same behaviour today (a legacy switch), and the new setting would override it:
    unsafe too.
    """
    adds = existing is None and not overrides_admin
    applicability = (
        Applicability.SAFE if adds and safe_addition(name, value) else Applicability.UNSAFE
    )
    verb = "Add" if existing is None else "Set"
    return Fix(
        f"{verb} {name} = {value}",
        (edits.set_parameter(file, existing, name, value),),
        applicability,
        ((name, value),),
    )


def ignored_since(catalogue: Catalogue, name: str, version: Version) -> bool:
    """Whether Postfix `version` reads `name` but does nothing with it (obsolete, or a
    deprecated value that is ignored), so dropping it changes nothing."""
    entry = catalogue.deprecation(name)
    info = catalogue.get(name)
    if entry is None or not entry.deprecated_since:
        return False
    if Version.parse(entry.deprecated_since) > version:
        return False
    if entry.removed_in and Version.parse(entry.removed_in) <= version:
        return True
    notes = (entry.notes or "").lower()
    return bool(info and info.status == "builtin-obsolete") or any(
        word in notes for word in ("ignored", "not used")
    )
