"""PL607: accepting mail for recipients that do not exist, then bouncing it (backscatter)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, receives_on_port_25, restriction_items

# Probing the recipient before accepting the message refuses unknown recipients in the SMTP
# session, which is exactly what a recipient list would do.
VERIFY = "reject_unverified_recipient"


def verifies_recipients(ctx: Context) -> bool:
    """Whether mail from the Internet is checked with recipient address verification."""
    return any(
        item.name == VERIFY
        and (item.service is None or receives_on_port_25(ctx.config, item.service))
        for item in restriction_items(ctx.config)
    )


class Backscatter(Rule):
    """The MX accepts mail for unknown recipients and bounces it later.

    ## What it does
    On an MX: reports `local_recipient_maps` set to empty (while `mydestination` lists local
    domains; without any the table is never used), and `relay_domains` set without
    `relay_recipient_maps`, unless the port-25 server verifies recipients
    (`reject_unverified_recipient` in its restrictions), which refuses unknown recipients
    during the SMTP session just as well.

    ## Why it matters
    Spam with forged senders is accepted, then bounced to innocent people (backscatter);
    the server ends up on blocklists and its queue fills.

    ## Example
    ```
    relay_domains = example.org
    ```

    ## Use instead
    ```
    relay_domains = example.org
    relay_recipient_maps = hash:/etc/postfix/relay_recipients
    ```

    ## Fix safety
    No automatic fix: the recipient list is yours to provide.

    ## References
    - BACKSCATTER_README; LOCAL_RECIPIENT_README
    """

    code = "PL607"
    name = "backscatter"
    family = "relay"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.role != "mx" or verifies_recipients(ctx):
            return
        local = ctx.effective("local_recipient_maps")
        # With no local domains (mydestination empty) the table is never consulted.
        has_local_domains = bool(ctx.effective("mydestination").value.strip())
        if has_local_domains and not local.is_default and not local.value.strip():
            file, span = ctx.where(local)
            yield ctx.diagnostic(
                file,
                span,
                "local_recipient_maps is empty, so mail for unknown "
                "local users is accepted and bounced later (backscatter); remove "
                "this line",
            )
        relay = ctx.effective("relay_domains")
        if relay.is_default or not relay.value.strip():
            return
        if not ctx.effective("relay_recipient_maps").value.strip():
            file, span = ctx.where(relay)
            yield ctx.diagnostic(
                file,
                span,
                "relay_domains is set without relay_recipient_maps, "
                "so mail for any address in those domains is accepted and may "
                "bounce later; list the valid recipients",
            )
