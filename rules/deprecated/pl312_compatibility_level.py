"""PL312: compatibility_level unset or below the target release's current level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import (
    Context,
    Diagnostic,
    Rule,
    Severity,
    Span,
    level_below,
    parse_level,
)


class CompatibilityLevel(Rule):
    """`compatibility_level` is unset or older than the target release's level.

    ## What it does
    Compares the config's `compatibility_level` with the newest level the target release
    knows (1, 2, 3.6, 3.11) and lists the backwards-compatible defaults that are in effect
    because of it (for parameters main.cf does not set).

    ## Why it matters
    Below level 1 the relay restrictions are empty; below 2 `mynetworks_style = subnet`
    trusts your whole LAN and `relay_domains = $mydestination`; below 3.6 fingerprints use
    MD5; below 3.11 outbound TLS is off. Postfix logs "using backwards-compatible default
    settings", but only at run time.

    ## Example
    ```
    # no compatibility_level line
    ```

    ## Use instead
    ```
    compatibility_level = 3.11
    ```
    after checking each listed default (set it explicitly where the old value is wanted).

    ## Fix safety
    No automatic fix: raising the level changes several defaults at once.

    ## References
    - COMPATIBILITY_README; postconf(5) compatibility_level
    """

    code = "PL312"
    name = "compatibility-level"
    family = "deprecated"
    severity = Severity.WARNING
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.INFO: "no default depends on the level in this config"
    }
    min_version = "3.0"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        release = ctx.catalogue.release(ctx.version)
        if not release.has_compatibility_level:
            return
        configured = ctx.config.compatibility_level.strip() or "0"
        target = release.newest_level
        have = parse_level(configured)
        if have is not None and not level_below(configured, target):
            return
        old_defaults = []
        for name, switch in release.level_switches.items():
            if name in ctx.config.main_values:
                continue
            if have is not None and level_below(configured, switch.threshold):
                old_defaults.append(f"{name} = {switch.old or '(empty)'}")
        definition = ctx.config.definition("compatibility_level")
        span = definition.span_without_newline if definition else Span(0, 0)
        where = (
            f"compatibility_level {configured}"
            if definition
            else "compatibility_level is unset (0)"
        )
        if old_defaults:
            detail = (
                "; old defaults in effect: "
                + ", ".join(old_defaults)
                + f"; write the ones you rely on into main.cf, then set compatibility_level = "
                f"{target}"
            )
            severity = Severity.WARNING
        else:
            detail = (
                "; no default depends on it here, so raising it is safe: set "
                f"compatibility_level = {target}"
            )
            severity = Severity.INFO
        yield ctx.diagnostic(
            ctx.main,
            span,
            f"{where}, below {target} of Postfix {ctx.version}{detail}",
            severity=severity,
        )
