"""PL305: parameters renamed in Postfix 3.11 (and earlier), still used by their old name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
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
        new = (entry.replacement or "").split(" ")[0]
        info = ctx.catalogue.get(new)
        if info is not None and info.exists_in(ctx.version):
            found[entry.item] = new
    return found


class RenamedParameter(Rule):
    """A parameter is used under a name Postfix renamed.

    ## What it does
    Reports old names such as `virtual_maps`, `fallback_relay`, `authorized_verp_clients`,
    `smtpd_client_connection_limit_exceptions`, `postscreen_whitelist_interfaces` or
    `postscreen_blacklist_action`, when the target release knows the new name.

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
    When the new name is already set it wins, and the old line is deleted.

    ## References
    - DEPRECATION_README; Postfix 3.11 release notes
    """

    code = "PL305"
    name = "renamed-parameter"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        main = ctx.main
        table = renames(ctx)
        if main is not None:
            for param in main.parameters():
                new = table.get(param.name)
                if new is None:
                    continue
                if new in ctx.config.definitions:
                    fix = Fix(
                        f"Delete {param.name} ({new} is set and wins)",
                        (edits.delete_entry(main, param),),
                        Applicability.SAFE,
                        ((param.name, None),),
                    )
                else:
                    since = ctx.catalogue.get(new).since  # type: ignore[union-attr]
                    safety, title = ctx.fix_for_release(
                        since, Applicability.SAFE, f"Rename to {new}"
                    )
                    fix = Fix(
                        title,
                        (edits.rename_parameter(main, param, new),),
                        safety,
                        ((new, param.value), (param.name, None)),
                    )
                yield ctx.diagnostic(
                    main,
                    param.name_span,
                    f"{param.name} was renamed to {new}; use the new name",
                    fix=fix,
                )
        if ctx.master is not None:
            for svc in ctx.master.services():
                for override in svc.overrides:
                    new = table.get(override.name or "")
                    if new is not None and override.name_span is not None:
                        yield ctx.diagnostic(
                            ctx.master,
                            override.name_span,
                            f"{override.name} was renamed to {new}",
                            service=svc,
                        )
