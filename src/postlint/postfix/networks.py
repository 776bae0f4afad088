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
        written = _as_postfix_reads(token)
        if written is None:
            continue
        try:
            # Strict, as Postfix is: `10.0.0.1/8` (host bits set) is refused there, so it
            # trusts nothing (PL422 reports it), not the whole 10/8.
            found.append((token, ipaddress.ip_network(written)))
        except ValueError:
            continue
    return tuple(
        (token, net)
        for token, net in found
        if net.prefixlen <= (widest_v4 if net.version == 4 else widest_v6)
    )


def _as_postfix_reads(token: str) -> str | None:
    """`address/length` as Postfix's net/mask parser reads the item (util/cidr_match.c), or
    None where it refuses it, which ipaddress would take: brackets elsewhere than around
    the address or the whole item (`10.0.0.0/8]`, `[[::]]/0`), a length that is not decimal
    digits (a netmask, `/255.255.0.0`)."""
    if token.startswith("["):
        inside, close, after = token[1:].partition("]")
        if not close or (after and after[0] != "/"):
            return None
        token = inside + after
    if "[" in token or "]" in token:
        return None
    _address, slash, length = token.partition("/")
    if slash and not (length.isascii() and length.isdigit()):
        return None
    return token


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
