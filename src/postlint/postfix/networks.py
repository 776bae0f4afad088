"""Network lists (mynetworks and friends) parsed into address prefixes, once per value."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from postlint.postfix.services import LIST_SEPARATORS, split_list
from postlint.postfix.value_types import is_number
from postlint.postfix.versions import Version
from postlint.syntax.tokens import brace_tokens

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


_COMMENTS_END_LISTS = Version(3, 8)


def list_until_comment(value: str, version: Version) -> str:
    """A list value as that release reads it: from 3.8 on, a word that starts with '#'
    ends the list (the rest is dropped with a warning, util/mystrtok.c); before, every word
    is an item."""
    if "#" not in value or version < _COMMENTS_END_LISTS:
        return value
    for start, _end in brace_tokens(value, LIST_SEPARATORS):
        if value[start] == "#":
            return value[:start]
    return value


@lru_cache(maxsize=64)
def parse_networks(
    value: str, widest_v4: int = 32, widest_v6: int = 128, starts: tuple[str, ...] = ()
) -> tuple[tuple[str, Network], ...]:
    """(written token, prefix) of each address item; tables and host names are skipped.

    Only prefixes of length at most `widest_v4` / `widest_v6` are returned: rules look for
    wide ranges, and a large mynetworks (tens of thousands of single hosts and /24s) is
    then filtered by string length checks instead of being parsed item by item. `starts`
    narrows further to addresses written with one of these beginnings (lower case, without
    brackets), for rules that only care about certain ranges.
    """
    found = []
    for token in _words(value):
        if starts and not token.lstrip("[").lower().startswith(starts):
            continue
        if ":" in token and not token.startswith("["):
            # A lookup table (hash:/etc/...), not an address: Postfix reads IPv6 without
            # brackets (`fd00::/8`) so too (PL423 reports it), and it trusts nobody.
            continue
        if _narrower(token, widest_v4, widest_v6):
            continue
        if network_problem(token) is not None:
            # Refused by Postfix's net/mask parser (PL422 reports it): `10.0.0.1/8` (host
            # bits set) trusts nothing, not the whole 10/8.
            continue
        try:
            found.append((token, ipaddress.ip_network(token.replace("[", "").replace("]", ""))))
        except ValueError:
            continue
    return tuple(
        (token, net)
        for token, net in found
        if net.prefixlen <= (widest_v4 if net.version == 4 else widest_v6)
    )


def network_problem(item: str) -> str | None:
    """Why Postfix's net/mask parser (util/cidr_match.c) refuses an address item, said after
    the item (PL422's messages), or None when it takes it: `[addr]/len`, `[addr/len]`,
    `addr/len` or a bare address, the length in decimal digits (atoi: leading zeros too)
    and no longer than the address, the address as inet_pton reads it, no host bits after
    the prefix."""
    address = item
    mask: str | None = None
    if item.startswith("["):
        inside, close, after = item[1:].partition("]")
        if not close:
            return "has '[' without ']'"
        if after and not after.startswith("/"):
            return "has text after ']'"
        address = inside
        if after:
            mask = after[1:]
    if mask is None and "/" in address:
        address, _, mask = address.partition("/")
    version = 6 if ":" in address else 4
    bits = 32 if version == 4 else 128
    packed = _packed(address, version)
    if mask is None:
        return None if packed is not None else f"is not an IPv{version} address"
    length = prefix_length(mask)
    if length is None:
        return f"has the prefix length '{mask}', which is not a number"
    if length > bits:
        return f"has the prefix length /{mask}, longer than an IPv{version} address ({bits})"
    if packed is None:
        return f"has {address}, which is not an IPv{version} address"
    if int.from_bytes(packed, "big") & ((1 << (bits - length)) - 1):
        network = ipaddress.ip_network(f"{address}/{length}", strict=False).network_address
        # Written as the item was: IPv6 in brackets (bare, it would be read as a table).
        if version == 6:
            return f"has host bits set after /{length}: write [{network}]/{length}"
        return f"has host bits set after /{length}: write {network}/{length}"
    return None


def prefix_length(mask: str) -> int | None:
    """The prefix length written after '/', as Postfix reads it (alldig, then atoi): decimal
    digits, leading zeros allowed (`/08` is /8, `/0032` is /32); None when it is not all
    digits. A length of more than three digits after its zeros is returned as 1000: longer
    than any address either way, and never handed to int() whole."""
    if not mask.isascii() or not mask.isdigit():
        return None
    digits = mask.lstrip("0") or "0"
    return int(digits) if len(digits) <= 3 else 1000


def _packed(text: str, version: int) -> bytes | None:
    """The address in binary, read as Postfix reads it (the C library's inet_pton: dotted
    quads without leading zeros, IPv6 with an optional trailing IPv4 part); None if it
    is not one."""
    # The C module that socket wraps (the same inet_pton): socket itself converts its
    # hundreds of constants to enums on import, ~3% of a plain `postlint check`.
    from _socket import AF_INET, AF_INET6, inet_pton

    try:
        return inet_pton(AF_INET if version == 4 else AF_INET6, text)
    except OSError:
        return None


@lru_cache(maxsize=16)
def _words(value: str) -> tuple[str, ...]:
    """The list split once for all the rules that read the same value."""
    return tuple(split_list(value))


def _narrower(token: str, widest_v4: int, widest_v6: int) -> bool:
    """Whether the written prefix length alone shows the item is narrower than asked for."""
    address, slash, length = token.rpartition("/")
    if not slash:
        # A single host is a full-length prefix (or no address at all, skipped either way).
        return (widest_v6 < 128) if ":" in token else (widest_v4 < 32)
    number = _PREFIX_LENGTHS.get(length)  # the usual case: one look-up, no int()
    if number is None:
        if not is_number(length):
            return False  # let the parser reject it
        number = int(length)
    return number > (widest_v6 if ":" in address else widest_v4)


_PREFIX_LENGTHS = {str(n): n for n in range(129)}
