"""Names a configuration sets that an upgrade affects: parameters the newer release removed,
renamed or deprecated (from the catalogue's deprecation data), and settings the older
release ignores because it does not know them yet."""

from __future__ import annotations

import re

import attrs

from postlint.postfix.catalogue import DeprecationInfo, builtin_catalogue
from postlint.postfix.releases import Release
from postlint.postfix.versions import Version
from postlint.syntax.ast import ConfigFile

_WORD = re.compile(r"[\w.-]+")


@attrs.frozen
class NameNote:
    """One name this configuration uses and what the upgrade does to it."""

    name: str
    kind: str  # removed | renamed | deprecated | restriction | unknown-before
    where: str  # "main.cf", "master.cf -o (submission/inet)", or the parameter holding it
    replacement: str | None
    detail: str


def used_names(main: ConfigFile | None, master: ConfigFile | None) -> dict[str, str]:
    """Every parameter name the configuration sets, with where it is first set."""
    found: dict[str, str] = {}
    if main is not None:
        for param in main.parameters():
            found.setdefault(param.name, "main.cf")
    if master is not None:
        for svc in master.services():
            for override in svc.overrides:
                if override.name:
                    found.setdefault(override.name, f"master.cf -o ({svc.key})")
    return found


def _words(main: ConfigFile | None) -> dict[str, str]:
    """Each word of a main.cf value, with the parameter it appears in (restrictions)."""
    found: dict[str, str] = {}
    if main is not None:
        for param in main.parameters():
            for word in _WORD.findall(param.value):
                found.setdefault(word, param.name)
    return found


def _since(text: str | None) -> Version | None:
    try:
        return Version.parse(text) if text else None
    except ValueError:
        return None


def _between(text: str | None, old: Version, new: Version) -> bool:
    version = _since(text)
    return version is not None and old.key < version.key <= new.key


def notes(
    main: ConfigFile | None, master: ConfigFile | None, old: Release, new: Release
) -> list[NameNote]:
    used = used_names(main, master)
    out: list[NameNote] = []
    for name, where in used.items():
        note = _parameter_note(name, where, old, new)
        if note is not None:
            out.append(note)
    words = _words(main)
    for entry in builtin_catalogue().deprecations:
        if entry.item_type.startswith("restriction") and entry.item in words:
            note = _restriction_note(entry, words[entry.item], old, new)
            if note is not None:
                out.append(note)
    return sorted(out, key=lambda n: (n.kind, n.name))


def _parameter_note(name: str, where: str, old: Release, new: Release) -> NameNote | None:
    catalogue = builtin_catalogue()
    entry = catalogue.deprecation(name)
    info = catalogue.get(name)
    replacement = (entry.replacement if entry else None) or (info.replacement if info else None)
    if old.knows(name) and not new.knows(name):
        return NameNote(name, "removed", where, replacement, f"{new.mail_version} ignores it")
    if not old.knows(name) and new.knows(name) and info is not None:
        detail = f"{old.mail_version} ignores it; it takes effect on {new.mail_version}"
        return NameNote(name, "unknown-before", where, None, detail)
    if name in new.legacy_names:
        detail = f"an old name; {new.mail_version} still honours it"
        return NameNote(name, "renamed", where, replacement, detail)
    if entry is not None and new.knows(name):
        return _deprecation(entry, where, old, new)
    return None


def _deprecation(entry: DeprecationInfo, where: str, old: Release, new: Release) -> NameNote | None:
    deprecated = _since(entry.deprecated_since)
    if deprecated is None or deprecated.key > new.version.key:
        return None
    warned = _since(entry.warning_since)
    parts = [f"deprecated since {entry.deprecated_since}"]
    if warned is not None and warned.key <= new.version.key:
        new_warning = _between(entry.warning_since, old.version, new.version)
        parts.append(
            f"{new.mail_version}'s postconf warns about it"
            + (" (new with this upgrade)" if new_warning else "")
        )
    if entry.removed_in:
        parts.append(f"removed in {entry.removed_in}")
    return NameNote(entry.item, "deprecated", where, entry.replacement, "; ".join(parts))


def _restriction_note(
    entry: DeprecationInfo, where: str, old: Release, new: Release
) -> NameNote | None:
    removed = _since(entry.removed_in)
    if removed is not None and removed.key <= new.version.key:
        gone = f"removed in {entry.removed_in}: {new.mail_version} rejects the restriction list"
        return NameNote(entry.item, "restriction", where, entry.replacement, gone)
    deprecated = _since(entry.deprecated_since)
    if deprecated is not None and deprecated.key <= new.version.key:
        detail = f"deprecated since {entry.deprecated_since}"
        return NameNote(entry.item, "restriction", where, entry.replacement, detail)
    return None
