"""Effective values straight from the release dumps (reference/postfix/releases/*/), for
checking `postlint upgrade`: a release's `postconf -d` values, overlaid with a config's
`postconf -n` settings, each $name-expanded. It uses none of postlint's model."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from conftest import REFERENCE

from postlint.postfix.expansion import FUNCTIONS, Expander
from postlint.postfix.releases import release_table

RELEASES = REFERENCE / "releases"
# Pinned on both sides (the dumps have the build machine's); the same host as the
# command's own pin, so values that expand them agree.
HOST = {
    "myhostname": "mail.example.net",
    "mydomain": "example.net",
    "mynetworks": "127.0.0.0/8 [::1]/128",
    "process_id": "1",
}
# What the releases README calls host- or packaging-dependent, and the build's identity.
NOT_COMPARED = frozenset(
    {
        "myhostname",
        "mydomain",
        "mynetworks",
        "process_id",
        "process_name",  # each process's own (postconf -d of 3.11 prints "amnesiac")
        "service_name",
        "daemon_directory",
        "html_directory",
        "manpage_directory",
        "meta_directory",
        "readme_directory",
        "sample_directory",
        "shlib_directory",
        "mail_version",
        "mail_release_date",
        "config_directory",
        "milter_macro_v",
    }
)


def read_pairs(path: Path) -> dict[str, str]:
    return read_pairs_text(path.read_text("utf-8", "surrogateescape"))


def read_pairs_text(text: str) -> dict[str, str]:
    """`name = value` lines (postconf output) as a dict; the first of a name wins."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(" =")
        if sep:
            found.setdefault(name, value.strip())
    return found


@cache
def defaults(release: str) -> dict[str, str]:
    return read_pairs(RELEASES / release / "postconf-d.txt")


def folder(version: str) -> str:
    """The dump folder a version or distribution name resolves to."""
    return release_table().release(version).name


def effective(release: str, settings: dict[str, str]) -> dict[str, str]:
    """Every parameter the release lists, as it takes effect with `settings` in main.cf
    (words joined by single spaces, as postconf prints them)."""
    facts = release_table().release(release)
    raw_names = facts.raw_names
    line = (facts.version.major, facts.version.minor)
    functions = {name: fn for name, (since, fn) in FUNCTIONS.items() if line >= since}
    base = {**defaults(release), **HOST}
    values = {**base, **settings}  # the config's own settings win over the pins
    if "myhostname" in settings and "mydomain" not in settings:
        # Postfix takes mydomain from what follows the first dot of myhostname.
        values["mydomain"] = (
            expander_for(values, functions).expand(settings["myhostname"]).partition(".")[2]
        )
    expander = expander_for(values, functions)
    out = {}
    for name in defaults(release):
        value = values[name]
        if name not in raw_names:
            value = expander.expand(value)
        out[name] = " ".join(value.split())
    return out


def expander_for(values: dict[str, str], functions: dict) -> Expander:
    return Expander(values.get, functions=functions)


def changes(old: str, new: str, settings: dict[str, str], settings_new=None) -> dict:
    """name -> (before, after) for every compared parameter both releases list."""
    before = effective(old, settings)
    after = effective(new, settings if settings_new is None else settings_new)
    names = (before.keys() & after.keys()) - NOT_COMPARED
    return {n: (before[n], after[n]) for n in sorted(names) if before[n] != after[n]}


def corpus_settings(directory: Path) -> dict[str, str]:
    """The config's main.cf as the real postconf -n printed it (corpus oracle file)."""
    found = read_pairs(directory / "postconf-n.txt")
    found.pop("config_directory", None)
    return found
