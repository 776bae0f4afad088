"""PL311: a Berkeley DB table (hash:, btree:) for a Postfix built without Berkeley DB."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint_rules.syntax.table_words import lookup_failure, named_tables, overridden

from postlint.api import Context, Diagnostic, Rule, Severity, Version, shorten

_BERKELEY_DB = frozenset(("hash", "btree"))
_REPLACEMENTS = ("lmdb", "cdb")  # the indexed types that need no Berkeley DB
# Since 3.11 Postfix can open hash: tables as $default_database_type and btree: as
# $default_cache_db_type instead (NON_BERKELEYDB_README), at these migration levels.
_MIGRATION = Version(3, 11)
_REDIRECTING = frozenset(("enable-redirect", "enable-reindex"))
# Parameters whose value is the type postmap, postalias and newaliases use when none is named.
_TYPE_SETTINGS = ("default_database_type", "default_cache_db_type")
# newaliases builds these with postalias.
_ALIAS_SETTINGS = frozenset(("alias_maps", "alias_database"))


class BerkeleyDbTable(Rule):
    """A `hash:` or `btree:` table for a Postfix built without Berkeley DB.

    ## What it does
    Reports the `hash:` and `btree:` tables of the table, match and restriction lists (in
    main.cf and master.cf `-o`, through `proxy:`, `unionmap:` and `pipemap:`), and a
    `default_database_type` or `default_cache_db_type` of `hash` or `btree`, when the target
    Postfix has no Berkeley DB. That is known when the target is this host
    (`--postfix-version auto`: postlint asks the host's own postconf, `postconf -m`, found
    as for the version, never on PATH), or when the option says so for another host:
    `[tool.postlint.rules.PL311] berkeley-db = false`. Otherwise the rule says nothing:
    which types a build has depends on how it was built, not on its release. From Postfix
    3.11, nothing is reported while `non_bdb_migration_level` redirects such tables.

    ## Why it matters
    Berkeley DB is no longer maintained, and some systems build Postfix without it (an OS
    upgrade can take it away, see NON_BERKELEYDB_README): a `hash:` table then cannot be
    opened, every lookup in it fails and mail that needs it is deferred;
    postmap and newaliases stop with "unsupported dictionary type".

    ## Example
    ```
    virtual_alias_maps = hash:/etc/postfix/virtual
    ```
    (on a Postfix whose `postconf -m` lists no `hash`)

    ## Use instead
    ```
    virtual_alias_maps = lmdb:/etc/postfix/virtual
    ```
    after `postmap lmdb:/etc/postfix/virtual` (or `cdb:`), and `default_database_type = lmdb`;
    or, from Postfix 3.11, `postfix non-bdb enable-redirect` while migrating.

    ## Fix safety
    No automatic fix: the new type's file must be built first.

    ## References
    - Postfix NON_BERKELEYDB_README, DATABASE_README; postconf(5) default_database_type,
      non_bdb_migration_level; `postconf -m`
    """

    code = "PL311"
    name = "berkeley-db-table"
    family = "deprecated"
    severity = Severity.ERROR
    options: ClassVar[dict[str, object]] = {"berkeley-db": None}  # None: ask postconf (auto)
    option_types: ClassVar[dict[str, object]] = {"berkeley-db": bool}

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        stated = ctx.option("berkeley-db")
        if stated is None:
            built = ctx.build_table_types()
            if built is None:
                return
            missing = _BERKELEY_DB - built
            have = [t for t in _REPLACEMENTS if t in built]
            why = "this host's Postfix is built without Berkeley DB (postconf -m)"
        else:
            missing = frozenset() if stated else _BERKELEY_DB
            have = list(_REPLACEMENTS)
            why = "the target Postfix has no Berkeley DB (option berkeley-db = false)"
        if not missing:
            return
        for setting in ctx.settings(_TYPE_SETTINGS):
            if overridden(ctx, setting):
                continue
            if setting.value.strip() in missing:
                instead = f"; use {' or '.join(have)}" if have else ""
                yield ctx.diagnostic(
                    setting.file,
                    setting.value_span,
                    f"{setting.label} = {setting.value.strip()}: {why}: postmap, postalias and "
                    f"newaliases stop for a table written without a type{instead}",
                    service=setting.service,
                )
        migrating = ""
        if ctx.version >= _MIGRATION:
            level = ctx.effective("non_bdb_migration_level").value.strip()
            if level in _REDIRECTING:
                return  # Postfix opens them as $default_database_type / $default_cache_db_type
            migrating = "; or run `postfix non-bdb enable-redirect` while migrating"
        for table in named_tables(ctx, opened_only=True):
            if table.kind in missing:
                setting = table.setting
                alias = setting.name in _ALIAS_SETTINGS
                if have:
                    built = shorten(f"{have[0]}:{table.name}")
                    others = "".join(f" (or {t}:)" for t in have[1:])
                    command = "postalias" if alias else "postmap"
                    convert = f"run {command} {built}, then write {have[0]}:{others} here"
                else:
                    convert = "convert it to a type this Postfix has"
                if setting.name == "alias_database":  # only newaliases opens it, to build it
                    effect = f"newaliases stops: it cannot build a {table.kind}: table"
                else:
                    effect = (
                        f"Postfix cannot open this {table.kind}: table: "
                        f"{lookup_failure(setting.name)}"
                    )
                yield ctx.diagnostic(
                    setting.file,
                    setting.value_subspan(table.start, table.end),
                    f"{setting.label} table {shorten(setting.value[table.start : table.end])}: "
                    f"{why}: {effect}; {convert}{migrating}",
                    service=setting.service,
                )
