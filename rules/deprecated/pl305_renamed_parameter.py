"""PL305: parameters renamed in Postfix 3.11 (and earlier), still used by their old name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
)

# Handled by their own rules (the replacement is not a plain rename there).
OWN_RULES = re.compile(
    r"_(use|enforce)_tls$|_tls_per_site$|_tls_enforce_peername$|"
    r"^disable_dns_lookups$"
)


def renames(ctx: Context) -> dict[str, str]:
    """Old name -> new name, from deprecated.tsv rows whose replacement is a parameter."""
    found = {}
    for entry in ctx.catalogue.deprecations:
        if entry.item_type != "parameter" or entry.removed_in or OWN_RULES.search(entry.item):
            continue
        new, _, rest = (entry.replacement or "").partition(" ")
        if rest and not rest.startswith("(plus "):
            continue  # a value or another mechanism ("relay_domains (with a recipient list)")
        info = ctx.catalogue.get(new)
        if info is not None and info.exists_in(ctx.version):
            found[entry.item] = new
    return found


class RenamedParameter(Rule):
    """A parameter is used under a name Postfix renamed.

    ## What it does
    Reports old names such as `virtual_maps`, `fallback_relay`, `authorized_verp_clients`,
    `smtpd_client_connection_limit_exceptions`, `postscreen_whitelist_interfaces` or
    `postscreen_blacklist_action`, when the target release knows the new name, in main.cf
    and in master.cf `-o`.

    ## Why it matters
    The old names still work, but postconf 3.11+ warns about each of them, and readers
    (and search engines) find only the new names in current documentation.

    ## Example
    ```
    virtual_maps = hash:/etc/postfix/virtual
    ```

    ## Use instead
    ```
    virtual_alias_maps = hash:/etc/postfix/virtual
    ```

    ## Fix safety
    Safe: the new parameter's default is the old one's value, so renaming keeps the meaning.
    When the new name is already set it wins, and the old main.cf line is deleted (an `-o`
    whose new name the same service also sets is only reported).

    ## References
    - DEPRECATION_README; Postfix 3.11 release notes
    """

    code = "PL305"
    name = "renamed-parameter"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        table = renames(ctx)
        for setting in ctx.settings(table):
            new = table[setting.name]
            if setting.service is not None:
                wins = any(o.name == new for o in setting.service.overrides)
            else:
                wins = new in ctx.config.definitions
            fix = None
            if wins and setting.parameter is not None:
                fix = Fix(
                    f"Delete {setting.name} ({new} is set and wins)",
                    (edits.delete_entry(setting.file, setting.parameter),),
                    Applicability.SAFE,
                    ((setting.name, None),),
                )
            elif not wins:
                since = ctx.catalogue.get(new).since  # type: ignore[union-attr]
                safety, title = ctx.fix_for_release(since, Applicability.SAFE, f"Rename to {new}")
                span = setting.name_span
                rename = Edit(setting.file, span.start, span.end, new)
                fix = Fix(
                    title,
                    (rename,),
                    safety,
                    (
                        (setting.key(new), setting.value),
                        (setting.key(setting.name), None),
                    ),
                )
            yield ctx.diagnostic(
                setting.file,
                setting.name_span,
                f"{setting.name} was renamed to {new}; use the new name",
                service=setting.service,
                fix=fix,
            )
