"""PL309: permit_mx_backup, deprecated in Postfix 3.9."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, restriction_items


class PermitMxBackup(Rule):
    """`permit_mx_backup` in a restriction list.

    ## What it does
    Reports `permit_mx_backup` in any restriction list or class.

    ## Why it matters
    It relays for any domain that lists this host as an MX, which a spammer can arrange
    with a DNS record of their own; it is deprecated since 3.9.

    ## Example
    ```
    smtpd_relay_restrictions = permit_mynetworks, permit_mx_backup, reject_unauth_destination
    ```

    ## Use instead
    List the backup domains in `relay_domains` and their recipients in
    `relay_recipient_maps`.

    ## Fix safety
    No automatic fix.

    ## References
    - DEPRECATION_README; STANDARD_CONFIGURATION_README "Configuring Postfix as primary or
      backup MX host"
    """

    code = "PL309"
    name = "permit-mx-backup"
    family = "deprecated"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for item in restriction_items(ctx.config):
            if item.name == "permit_mx_backup":
                yield ctx.diagnostic(
                    item.file,
                    item.span,
                    f"permit_mx_backup in {item.list_name} is deprecated and "
                    "relays for any domain whose MX points here; use "
                    "relay_domains with relay_recipient_maps",
                    service=item.service,
                )
