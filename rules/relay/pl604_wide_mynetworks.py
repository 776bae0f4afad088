"""PL604: mynetworks trusts far more than this host's own networks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import Context, Diagnostic, Rule, Severity, list_until_comment, parse_networks


class WideMynetworks(Rule):
    """`mynetworks` includes the whole Internet or large public ranges.

    ## What it does
    Parses the effective `mynetworks` (IPv4 and IPv6 prefixes, not string matching) and
    reports `0.0.0.0/0`, `::/0`, and public prefixes wider than /24 (IPv4) or /48 (IPv6).
    When `mynetworks` is not set, `mynetworks_style = class` (whole class A/B/C networks) is
    reported too.

    ## Why it matters
    Clients in `mynetworks` may relay through `permit_mynetworks`: a wide range makes the
    server an open relay for everyone in it.

    ## Example
    ```
    mynetworks = 127.0.0.0/8 0.0.0.0/0
    ```

    ## Use instead
    ```
    mynetworks = 127.0.0.0/8 [::1]/128 192.0.2.10/32
    ```

    ## Fix safety
    No automatic fix: only you know which hosts should relay.

    ## References
    - postconf(5) mynetworks, mynetworks_style
    """

    code = "PL604"
    name = "wide-mynetworks"
    family = "relay"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "a public range that is not the whole Internet"
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        value = ctx.effective("mynetworks")
        if value.is_default:
            style = ctx.effective("mynetworks_style")
            if style.value.strip() == "class" and not style.is_default:
                file, span = ctx.where(style)
                yield ctx.diagnostic(
                    file,
                    span,
                    "mynetworks_style = class trusts whole class "
                    "A/B/C networks to relay; list your networks in mynetworks",
                )
            return
        file, span = ctx.where(value)
        for token, net in parse_networks(list_until_comment(value.value, ctx.version), 23, 47):
            wide_limit = 24 if net.version == 4 else 48
            if net.prefixlen == 0:
                yield ctx.diagnostic(
                    file,
                    span,
                    f"mynetworks contains {token}: every client on "
                    "the Internet may relay through this server",
                )
            elif net.prefixlen < wide_limit and net.is_global:
                yield ctx.diagnostic(
                    file,
                    span,
                    f"mynetworks contains the public range {token} "
                    f"(wider than /{wide_limit}): all its hosts may relay; list "
                    "only your own hosts",
                    severity=Severity.WARNING,
                )
