"""The main.cf edits `postlint upgrade --fix` makes: pins that keep today's behaviour on the
newer release, or (--adopt) the steps that move to its defaults without refusing mail.
Each edit is one of the fix engine's edit builders, applied to the text and re-parsed."""

from __future__ import annotations

import re

from postlint.engine.diagnostics import Edit
from postlint.engine.edits import delete_entry, insert_parameter, rename_parameter, replace_value
from postlint.engine.fixes import apply_edits
from postlint.postfix.catalogue import builtin_catalogue, install_parameters
from postlint.postfix.compat import at_level
from postlint.postfix.releases import Release
from postlint.postfix.upgrade import PINNED_HOST, Change, Evaluation, compare
from postlint.postfix.upgrade_names import notes
from postlint.postfix.versions import Version
from postlint.syntax import FileKind, parse
from postlint.syntax.ast import ConfigFile

MAX_PASSES = 8  # each pass pins what the previous pins' $name references still change
# Read by the newer release's own programs (postlog needs POSTLOG_SERVICE): pinning the
# older list would break them, so these follow the release.
# proxy_read_maps and proxy_write_maps list the tables proxymap may open: the newer
# release's list covers its new table parameters.
NOT_PINNED = frozenset(
    ("import_environment", "export_environment", "proxy_read_maps", "proxy_write_maps")
)
# Raising compatibility_level must not refuse, reroute or stop relaying mail: changes in
# these groups (and TLS fingerprint digests, which client-certificate tables are keyed
# by) keep their current value when --adopt raises the level.
_KEEP_ON_RAISE = ("relay", "rewriting")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def edited(file: ConfigFile, edit: Edit) -> ConfigFile:
    """The file after one edit (re-parsed, so the next edit has fresh offsets)."""
    text = apply_edits(file.text, [edit])
    return parse(text, file.kind, file.path, None)  # as postconf reads it: no template masking


def set_parameter(file: ConfigFile, name: str, value: str) -> ConfigFile:
    """`name = value` as main.cf's effective setting: the last definition changed, or a
    new line next to its family."""
    defs = [p for p in file.parameters() if p.name == name]
    if defs:
        return edited(file, replace_value(file, defs[-1], value))
    return edited(file, insert_parameter(file, name, value))


def empty_main(path: str) -> ConfigFile:
    return parse("", FileKind.MAIN, path, None)


def old_raw(before: Evaluation, name: str) -> str:
    """The value the older release used, as written (a level switch resolved there)."""
    raw = before.config.raw_lookup(name) or ""
    return at_level(raw, before.level) if before.level is not None else raw


def pin(
    main: ConfigFile, master: ConfigFile | None, old: Release, new: Release
) -> tuple[ConfigFile, list[Change]]:
    """main.cf with the fewest settings that keep every main.cf-wide effective value of
    the older release on the newer one; also the changes that pins cannot keep."""
    before = Evaluation(main, master, old)
    current = main
    tried: set[str] = set()
    pinned: set[str] = set()
    left: list[Change] = []
    for _ in range(MAX_PASSES):
        after = Evaluation(current, master, new)
        left = [c for c in changes_between(before, after) if c.service is None]
        todo = [c for c in left if c.name not in tried and c.name not in NOT_PINNED]
        for change in [c for c in left if c.name in tried and c.name in pinned]:
            # The value as written does not do it (the newer release does not expand this
            # name, or what it references changed too): the value it had, literally.
            pinned.discard(change.name)
            value = change.before.value
            if "$" not in value and not _mentions_host(value):
                current = set_parameter(current, change.name, value)
                todo.append(change)
        if not todo:
            break
        for change in todo:
            if change.name in tried:
                continue
            tried.add(change.name)
            if change.name in after.config.main_values:
                continue  # set here already: its $name references get pinned instead
            raw = old_raw(before, change.name)
            if raw != after.config.raw_lookup(change.name) and not _deprecated_value(
                change.name, raw, new
            ):
                current = set_parameter(current, change.name, raw)
                pinned.add(change.name)
    return current, left


def _mentions_host(value: str) -> bool:
    """A value with the pinned host facts in it: writing it would bake them in."""
    return PINNED_HOST.myhostname in value or PINNED_HOST.mydomain in value


def changes_between(before: Evaluation, after: Evaluation) -> list[Change]:
    return compare(before, after).changes


def raise_level(
    main: ConfigFile, master: ConfigFile | None, old: Release, new: Release, level: str
) -> ConfigFile:
    """main.cf at compatibility_level `level` on the newer release, with relaying and
    address rewriting (and TLS fingerprint digests, when the config looks certificates
    up by fingerprint) kept as they are today: as the older release has them, or for a
    parameter it does not have, as the newer one has it at the current level."""
    today = Evaluation(main, master, old)
    now = Evaluation(main, master, new)
    current = set_parameter(main, "compatibility_level", level)
    fingerprints = _uses_fingerprints(main)
    pinned: set[str] = set()
    for _ in range(MAX_PASSES * 2):
        raised = Evaluation(current, master, new)
        found = [(today, c) for c in changes_between(today, raised)]
        found += [(now, c) for c in changes_between(now, raised) if not old.knows(c.name)]
        keep = [
            (base, c)
            for base, c in found
            if c.service is None
            and c.name not in pinned
            and c.name not in main_names(main)
            and (c.category in _KEEP_ON_RAISE or ("fingerprint" in c.name and fingerprints))
        ]
        if not keep:
            break
        # One at a time: a pin can also keep the values that $name-reference it.
        base, change = keep[0]
        pinned.add(change.name)
        current = set_parameter(current, change.name, old_raw(base, change.name))
    return current


def main_names(main: ConfigFile) -> set[str]:
    return {p.name for p in main.parameters()}


def _uses_fingerprints(main: ConfigFile) -> bool:
    """Whether certificates are matched by fingerprint (client certificate tables, the
    `fingerprint` TLS level): a new digest would no longer match the listed ones."""
    words = ("check_ccert_access", "permit_tls_clientcerts", "relay_clientcerts", "fingerprint")
    return any(any(w in p.value for w in words) for p in main.parameters())


def adopt(
    main: ConfigFile, master: ConfigFile | None, old: Release, new: Release, level: str | None
) -> ConfigFile:
    """Raise compatibility_level (to `level`, else the newer release's highest), use the
    current names of renamed parameters, and drop settings that equal the new default."""
    current = main
    for note in notes(main, master, old, new):
        replacement = note.replacement or ""
        if note.kind == "renamed" and note.where == "main.cf" and _IDENTIFIER.match(replacement):
            for param in [p for p in current.parameters() if p.name == note.name][-1:]:
                if new.knows(replacement) and replacement not in main_names(current):
                    current = edited(current, rename_parameter(current, param, replacement))
    target = level or (new.newest_level if new.has_compatibility_level else None)
    if target is not None:
        current = raise_level(current, master, old, new, target)
    return drop_defaults(current, master, old, new)


def drop_defaults(
    main: ConfigFile, master: ConfigFile | None, old: Release, new: Release
) -> ConfigFile:
    """Remove main.cf lines that were needed on the older release but write the newer
    release's default (its default changed to this value). Settings that equal both
    defaults stay: paths and owners are often the packager's, not upstream's."""
    keep = install_parameters() | {"compatibility_level"}
    before = Evaluation(main, master, old)
    current = main
    while True:
        evaluation = Evaluation(current, master, new)
        defs = evaluation.config.definitions
        redundant = [
            defs[name][-1]
            for name in defs
            if name not in keep
            and len(defs[name]) == 1
            and new.knows(name)
            and not new.depends_on_level(name)
            and evaluation.config.effective(name).same_as_default
            and old_default(before, name) != new.default(name)
        ]
        if not redundant:
            return current
        current = edited(current, delete_entry(current, redundant[0]))


def old_default(before: Evaluation, name: str) -> str | None:
    return before.release.default(name, before.level)


def _deprecated_value(name: str, value: str, new: Release) -> bool:
    """A value the newer release's postconf warns about (the `export` cipher grade):
    pinning it would add a warning, so the change is left for the admin."""
    for entry in builtin_catalogue().deprecations:
        if entry.item_type != "parameter value" or not entry.deprecated_since:
            continue
        word = entry.item.split()[0]
        applies = (
            name.endswith("_ciphers") if "cipher" in entry.item else name in (entry.context or "")
        )
        if applies and value.strip() == word:
            return Version.parse(entry.deprecated_since).key <= new.version.key
    return False
