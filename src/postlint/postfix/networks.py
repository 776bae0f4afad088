"""Network lists (mynetworks and friends) parsed into address prefixes, once per value."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from postlint.postfix.services import split_list

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=64)
def parse_networks(value: str) -> tuple[tuple[str, Network], ...]:
    """(written token, prefix) of each address item; tables and host names are skipped.

    Several rules read the same mynetworks; a large one (tens of thousands of prefixes)
    is parsed once.
    """
    found = []
    for token in split_list(value):
        if ":" in token and "/" not in token and not token.startswith("["):
            continue  # a lookup table (hash:/etc/...), not an address
        try:
            found.append(
                (token, ipaddress.ip_network(token.replace("[", "").replace("]", ""), strict=False))
            )
        except ValueError:
            continue
    return tuple(found)
