"""PL606: relay_domains relays for more than intended (the pre-2.0 compatibility default)."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Span


class BroadRelayDomains(Rule):
    """`relay_domains` defaults to `$mydestination` because of a low compatibility_level.

    ## What it does
    Reports a config that does not set `relay_domains` while `compatibility_level` is below
    2, so Postfix relays for every domain in `mydestination` (and their subdomains, with the
    default `parent_domain_matches_subdomains`).

    ## Why it matters
    The server relays mail for destinations nobody intended to relay for; the 3.0 default
    is empty.

    ## Example
    ```
    # compatibility_level unset, relay_domains unset
    ```

    ## Use instead
    ```
    relay_domains =
    ```
    (or the domains you really relay for)

    ## Fix safety
    No automatic fix.

    ## References
    - COMPATIBILITY_README "relay_domains"; postconf(5) relay_domains
    """

    code = "PL606"
    name = "broad-relay-domains"
    family = "relay"
    severity = Severity.INFO
    min_version = "3.0"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        value = ctx.effective("relay_domains")
        if ctx.main is None or not value.is_default or ctx.role != "mx":
            return
        if not value.value.strip():
            return
        yield ctx.diagnostic(
            ctx.main,
            Span(0, 0),
            "relay_domains defaults to $mydestination (every domain this host receives mail "
            "for) because compatibility_level is below 2; set relay_domains explicitly",
        )
