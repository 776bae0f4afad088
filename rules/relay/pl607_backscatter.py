"""PL607: accepting mail for recipients that do not exist, then bouncing it (backscatter)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity


class Backscatter(Rule):
    """The MX accepts mail for unknown recipients and bounces it later.

    ## What it does
    On an MX: reports `local_recipient_maps` set to empty, and `relay_domains` set without
    `relay_recipient_maps`.

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
        if ctx.role != "mx":
            return
        local = ctx.effective("local_recipient_maps")
        if not local.is_default and not local.value.strip():
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
