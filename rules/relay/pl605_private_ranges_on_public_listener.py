"""PL605: whole private ranges trusted while listening on all interfaces."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, list_until_comment, parse_networks

# How addresses inside BROAD_PRIVATE are written (172.16/12 covers 172.16-172.31).
PRIVATE_STARTS = ("10.", "172.", "192.168.", "fc", "fd")
BROAD_PRIVATE = [
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
]


class PrivateRangesOnPublicListener(Rule):
    """`mynetworks` trusts a whole private range while `inet_interfaces = all`.

    ## What it does
    On an MX listening on all interfaces, reports `mynetworks` entries that cover a whole
    RFC 1918 or ULA range (10/8, 172.16/12, 192.168/16, fc00::/7) or most of one (a /16 or
    wider inside them).

    ## Why it matters
    Behind NAT, a Docker port mapping or a userland proxy, Internet clients can appear to
    come from such a range, which makes the server an open relay
    (`permit_mynetworks`).

    ## Example
    ```
    inet_interfaces = all
    mynetworks = 127.0.0.0/8 172.16.0.0/12
    ```

    ## Use instead
    ```
    mynetworks = 127.0.0.0/8 172.18.0.5/32
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - docker-mailserver PERMIT_DOCKER notes; postconf(5) mynetworks
    """

    code = "PL605"
    name = "private-ranges-on-public-listener"
    family = "relay"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.role != "mx":
            return
        if ctx.effective("inet_interfaces").value.strip().lower() != "all":
            return
        value = ctx.effective("mynetworks")
        if value.is_default or value.templated:
            return
        file, span = ctx.where(value)
        for token, net in parse_networks(
            list_until_comment(value.value, ctx.version), 16, 48, PRIVATE_STARTS
        ):
            # Only prefixes at least as wide as /16 (IPv4) or /48 (IPv6) can be reported:
            # test that first, the address-class checks are slow on long lists.
            if net.prefixlen > (16 if net.version == 4 else 48) or net.prefixlen == 0:
                continue
            if any(
                net.version == b.version
                and net.subnet_of(b)
                and net.prefixlen <= max(b.prefixlen, 16 if net.version == 4 else 48)
                for b in BROAD_PRIVATE
            ):
                yield ctx.diagnostic(
                    file,
                    span,
                    f"mynetworks trusts the private range {token} "
                    "while listening on all interfaces; behind NAT or Docker "
                    "that can make an open relay; list single hosts",
                )
