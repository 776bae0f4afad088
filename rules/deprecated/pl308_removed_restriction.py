"""PL308: restrictions removed in Postfix 3.9 (every mail then gets a 451 error)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import Context, Diagnostic, Rule, Severity, Version, restriction_items


class RemovedRestriction(Rule):
    """A restriction that Postfix 3.9 removed is still in a restriction list.

    ## What it does
    Looks through every `smtpd_*_restrictions` list and restriction class, in main.cf and
    master.cf `-o`, for restrictions Postfix removed in 3.9.

    ## Why it matters
    From 3.9 on the SMTP server answers every mail with "451 4.3.5 Server configuration
    error"; before 3.9 they log deprecation warnings.

    ## Example
    ```
    smtpd_recipient_restrictions = permit_mynetworks, check_relay_domains
    ```

    ## Use instead
    ```
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
    ```

    ## Fix safety
    No automatic fix: the replacement depends on what the list should allow.

    ## References
    - DEPRECATION_README; postconf(5) smtpd_recipient_restrictions
    """

    code = "PL308"
    name = "removed-restriction"
    family = "deprecated"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "for a target release before the removal"
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        removed = {
            e.item: e
            for e in ctx.catalogue.deprecations
            if e.item_type == "restriction" and e.removed_in
        }
        for item in restriction_items(ctx.config):
            entry = removed.get(item.name)
            if entry is None:
                continue
            gone = ctx.version >= Version.parse(entry.removed_in or "99")
            effect = (
                "every mail gets '451 4.3.5 Server configuration error'"
                if gone
                else f"it is removed in Postfix {entry.removed_in}"
            )
            yield ctx.diagnostic(
                item.file,
                item.span,
                f"{item.name} in {item.list_name}: {effect}; use {entry.replacement}",
                service=item.service,
                severity=Severity.ERROR if gone else Severity.WARNING,
            )
