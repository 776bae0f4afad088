"""Network lists: the prefix filter agrees with parsing every item, and odd lengths do not crash."""

from __future__ import annotations

import ipaddress

from hypothesis import given
from hypothesis import strategies as st
from postlint_rules.syntax.pl422_invalid_network import pattern_problem

from postlint.postfix.networks import parse_networks
from postlint.postfix.services import split_list
from postlint.testing import run

LENGTHS = st.one_of(
    st.integers(0, 130).map(str),
    st.sampled_from(["", "08", "255.0.0.0", "8]", "16/8", "\u00b2", "\u0663", "x", "-1"]),
)
ITEMS = st.one_of(
    st.tuples(st.integers(0, 255), st.integers(0, 255), LENGTHS).map(
        lambda t: f"10.{t[0]}.{t[1]}.0/{t[2]}"
    ),
    st.tuples(st.integers(0, 255), st.integers(0, 255)).map(lambda t: f"192.168.{t[0]}.{t[1]}"),
    st.tuples(st.integers(0, 0xFFFF), LENGTHS, st.booleans()).map(
        lambda t: f"[2001:db8:{t[0]:x}::]/{t[1]}" if t[2] else f"2001:db8:{t[0]:x}::/{t[1]}"
    ),
    st.sampled_from(
        ["[::1]", "::1", "hash:/etc/postfix/network_table", "cidr:/etc/x/24", "host", "[[::]]/0"]
    ),
)


def _reference(
    value: str, widest_v4: int, widest_v6: int, starts: tuple[str, ...]
) -> tuple[tuple[str, object], ...]:
    """Every item parsed as an address, kept when its prefix is no longer than asked for."""
    found = []
    for token in split_list(value):
        if ":" in token and not token.startswith("["):
            continue  # a lookup table, as Postfix reads IPv6 without brackets too
        if starts and not token.lstrip("[").lower().startswith(starts):
            continue
        if pattern_problem(token) is not None:
            continue  # Postfix's net/mask parser refuses it (PL422): it trusts nothing
        try:
            net = ipaddress.ip_network(token.replace("[", "").replace("]", ""))
        except ValueError:
            continue
        if net.prefixlen <= (widest_v4 if net.version == 4 else widest_v6):
            found.append((token, net))
    return tuple(found)


@given(
    st.lists(ITEMS, max_size=30),
    st.sampled_from([", ", " ", "\n    "]),
    st.integers(0, 32),
    st.integers(0, 128),
    st.sampled_from([(), ("10.",), ("192.168.", "fc")]),
)
def test_filter_keeps_exactly_the_wide_enough_prefixes(
    items: list[str], separator: str, widest_v4: int, widest_v6: int, starts: tuple[str, ...]
) -> None:
    value = separator.join(items)
    assert parse_networks(value, widest_v4, widest_v6, starts) == _reference(
        value, widest_v4, widest_v6, starts
    )


def test_a_prefix_length_in_other_digits_is_not_a_crash() -> None:
    # str.isdigit() accepts superscript two, which int() refuses: PL604/PL605 crashed.
    result = run(["PL604", "PL605"], "mynetworks = 10.0.0.0/\u00b2, 0.0.0.0/0\n")
    assert not [d for d in result.diagnostics if d.code == "PL999"]
    assert [d.code for d in result.diagnostics if d.code == "PL604"] == ["PL604"]
