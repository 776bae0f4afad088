"""PL411: a lookup table whose file is missing, or whose built file is older than its source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint_rules.syntax.table_words import lookup_failure, named_tables

from postlint.api import (
    INDEXED_SUFFIXES,
    Context,
    Diagnostic,
    Rule,
    Setting,
    Severity,
    TableFiles,
    shorten,
    table_files,
    table_types,
)

# newaliases builds these tables (with postalias) from their text; Postfix's lookups never
# read alias_database, only alias_maps.
_ALIAS_SETTINGS = frozenset(("alias_maps", "alias_database"))
# The Berkeley DB types: a build without them is PL311's (berkeley-db-table).
_PL311 = frozenset(("hash", "btree"))


class MissingTableFile(Rule):
    """A lookup table whose file is missing, or whose built file is older than its source.

    ## What it does
    Looks, without reading anything, at the files Postfix opens for each table in the
    table lists (`virtual_alias_maps`, `transport_maps`, `alias_maps`...), the match lists
    (`mynetworks = cidr:/etc/postfix/networks`...) and the restriction lists
    (`check_client_access hash:/etc/postfix/access`), in main.cf and master.cf `-o`
    (through `proxy:`, `unionmap:{...}` and `pipemap:{...}`; `$config_directory` and other
    `$names` expanded). It reports:

    - a `hash:`, `btree:`, `lmdb:`, `cdb:`, `dbm:` or `sdbm:` table whose built file
      (`.db`, `.lmdb`, `.cdb`, `.dir`/`.pag`) is missing, or older than its source text
      (Postfix compares whole seconds, as this rule does; it also waits 100 seconds after
      an edit before it warns, this rule does not);
    - a `regexp:`, `pcre:`, `cidr:` or `texthash:` file, or the settings file of an
      `ldap:`, `mysql:`, `pgsql:`, `sqlite:`, `memcache:` or `mongodb:` table, that is
      missing;
    - the source of an `alias_maps` or `alias_database` table that is missing, so
      `newaliases` cannot build it;
    - with `--postfix-version auto` (the target is this host), a table of a type this
      host's Postfix was built without: `postconf -m`, asked as for the version, lists the
      types of its build and of its installed plugins (`pcre:`, `lmdb:`, `mysql:` come as
      packages of their own on many systems). `hash:` and `btree:` are PL311's.

    Only files that are where Postfix opens them are looked at: a table whose path lies in
    the linted directory (linting `/etc/postfix` itself, also through a symlink to it). A
    config repository holds copies, and the files postmap builds are not committed, so
    nothing there is reported, unless the option `installed-as` names the directory the
    linted one is installed as (a complete copy: an image, a backup):
    `[tool.postlint.rules.PL411] installed-as = "/etc/postfix"` looks for
    `/etc/postfix/virtual` in the linted directory. A symlink that leads out of the
    directory, a name with `..`, or anything that is not a regular file, is not followed
    and not reported; nor is a main.cf line that a later line of its name overrides.

    ## Why it matters
    A table Postfix cannot open (missing, or of a type it lacks) is replaced by one whose
    every lookup fails: mail that needs it is deferred, and SMTP clients get 451 where a
    restriction consults it. A built file older than its text means the last edits are
    not in effect: new aliases, transports or access entries are ignored until postmap
    runs again.

    ## Example
    ```
    virtual_alias_maps = hash:/etc/postfix/virtual
    ```
    (in /etc/postfix: `virtual` exists, `virtual.db` does not)

    ## Use instead
    Run `postmap hash:/etc/postfix/virtual` (`postalias` or `newaliases` for aliases)
    after each edit of the table's text, or create the missing file.

    ## Fix safety
    No automatic fix: postlint never runs postmap or writes a table.

    ## References
    - Postfix util/dict_db.c, dict_lmdb.c, dict_cdb.c, dict_dbm.c (file names and the
      "database ... is older than source file" warning), util/dict_regexp.c,
      dict_pcre.c, dict_cidr.c, dict_thash.c, global/cfg_parser.c; postmap(1),
      postalias(1), DATABASE_README
    """

    code = "PL411"
    name = "missing-table-file"
    family = "syntax"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "a built file older than its source; the source of an alias "
        "table missing while Postfix can still open the table"
    }
    options: ClassVar[dict[str, object]] = {"installed-as": ""}

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        directory = ctx.directory
        if directory is not None and not directory.is_dir():
            directory = None  # nothing on disk to look at (a buffer, stdin)
        built = ctx.build_table_types()
        # Types this release has but this host's build lacks (unknown ones are PL423's,
        # the Berkeley DB ones PL311's).
        unbuilt = frozenset() if built is None else table_types(ctx.version) - built - _PL311
        installed = ctx.option("installed-as") or None
        seen: dict[tuple[str, str], TableFiles | None] = {}
        resolved: dict[str, str] = {}  # directories of tables, symlinks resolved
        for setting, at, until, kind, name in named_tables(ctx, opened_only=True):
            found = None
            if kind in unbuilt:
                found = Severity.ERROR, _not_built(kind, setting.name)
            elif name.startswith("/") and directory is not None:
                key = (kind, name)
                if key not in seen:
                    seen[key] = table_files(kind, name, directory, installed, resolved)
                files = seen[key]
                found = None if files is None else _problem(setting, kind, name, files)
            if found is not None:
                severity, message = found
                word = shorten(setting.value[at:until])
                yield ctx.diagnostic(
                    setting.file,
                    setting.value_subspan(at, until),
                    f"{setting.label} table {word}: {message}",
                    service=setting.service,
                    severity=severity,
                )


def _not_built(kind: str, setting_name: str) -> str:
    return (
        f"this host's Postfix has no {kind}: table type (postconf -m lists those of its "
        f"build and plugins): {lookup_failure(setting_name)}; install the package that "
        "adds it, or use a type it has"
    )


def _problem(
    setting: Setting, kind: str, name: str, files: TableFiles
) -> tuple[Severity, str] | None:
    """What is wrong with the files of table kind:name, and how bad it is; None when nothing."""
    alias = setting.name in _ALIAS_SETTINGS
    command = f"{'postalias' if alias else 'postmap'} {shorten(f'{kind}:{name}')}"
    source = files.source
    absent = source is not None and source.mtime is None
    fails = lookup_failure(setting.name)
    if not files.indexed:  # the name is the file
        return (Severity.ERROR, f"{shorten(name)} does not exist: {fails}") if absent else None
    suffixes = INDEXED_SUFFIXES[kind]
    missing = [s for s, f in zip(suffixes, files.indexed, strict=True) if f.mtime is None]
    built = shorten(name + (missing[0] if missing else suffixes[-1]))
    if setting.name == "alias_database":
        # Only newaliases reads it (to build it): the source is all it needs.
        return (
            (Severity.WARNING, f"{shorten(name)} does not exist, so newaliases fails")
            if absent
            else None
        )
    if missing:
        if absent:
            return Severity.ERROR, f"neither {shorten(name)} nor {built} exists: {fails}"
        return Severity.ERROR, f"{built} does not exist: {fails}; run {command}"
    if source is None:
        return None
    if source.mtime is None:
        if alias:
            return Severity.WARNING, f"{shorten(name)} does not exist, so {built} cannot be rebuilt"
        return None  # built some other way (postmap -i, a script): Postfix needs only this
    newest_built = files.indexed[-1].mtime
    if newest_built is not None and source.mtime > newest_built:
        return (
            Severity.WARNING,
            f"{built} is older than {shorten(name)}, so Postfix still uses the entries of the "
            f"last build (and logs 'database {built} is older than source file'); run {command}",
        )
    return None
