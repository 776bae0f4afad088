"""PL422 on long mynetworks lists: the regex that vouches for plain networks in bulk never
vouches for an item Postfix refuses, so a bad item hidden in thousands is still found; and
on every other host and address list, each with what its program does with a bad entry."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from postlint_rules.syntax.address_lists import READINGS
from postlint_rules.syntax.pl422_invalid_network import _plain, pattern_problem

from postlint.api import ADDRESS_LISTS
from tests.test_cli import postlint

_NUMBERS = st.sampled_from(["0", "1", "10", "99", "100", "255", "256", "300", "01"])
_LENGTHS = st.sampled_from(["", "/0", "/8", "/15", "/16", "/24", "/32", "/33", "/48", "/64"])
_GROUPS = st.sampled_from(["0", "1", "a", "db8", "2001", "ffff", "fffff"])

_IPV4 = st.builds(
    lambda parts, length: ".".join(parts) + length,
    st.lists(_NUMBERS, min_size=3, max_size=5),
    _LENGTHS,
)
_IPV6 = st.builds(
    lambda groups, length: "[" + ":".join(groups) + "::]" + length,
    st.lists(_GROUPS, min_size=1, max_size=8),
    st.sampled_from(["", "/16", "/31", "/32", "/47", "/48", "/64", "/112", "/128", "/129"]),
)


@given(st.one_of(_IPV4, _IPV6))
def test_the_bulk_regex_vouches_only_for_items_postfix_takes(item: str) -> None:
    if _plain().fullmatch(item):
        assert pattern_problem(item) is None


def test_a_bad_item_among_thousands_of_plain_ones_is_found(tmp_path: Path) -> None:
    plain = [f"10.{i >> 8}.{i & 255}.0/24 [2001:db8:{i:x}::]/48" for i in range(2000)]
    plain[1000] += " 10.0.0.0/99"
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\nmynetworks = 127.0.0.0/8\n    " + "\n    ".join(plain) + "\n"
    )
    result = postlint("check", "--select", "PL422", "--output-format", "json", str(tmp_path))
    (found,) = json.loads(result.stdout)
    assert "10.0.0.0/99" in found["message"] and found["location"]["row"] == 1003


def test_every_address_list_is_checked_with_its_own_effect(tmp_path: Path) -> None:
    """Each list that goes through Postfix's address matcher gets the finding, and the
    message says what that list's program does with the entry (not mynetworks' 451)."""
    names = sorted(ADDRESS_LISTS)
    lines = [f"{name} = 127.0.0.1 192.0.2.1/24" for name in names]
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\n" + "\n".join(lines) + "\n")
    result = postlint("check", "--select", "PL422", "--output-format", "json", str(tmp_path))
    found = json.loads(result.stdout)
    assert [f["location"]["row"] for f in found] == list(range(2, 2 + len(names)))
    for name, finding in zip(names, found, strict=True):
        assert finding["message"].startswith(f"{name} entry 192.0.2.1/24 has host bits set")
        effect = READINGS[name].on_error.format(family="IPv4 ")
        assert finding["message"].endswith(f"(Postfix logs a warning and {effect})")
    assert len({READINGS[name].on_error for name in names}) > 5


def test_a_lone_negation_names_the_program_that_does_not_start(tmp_path: Path) -> None:
    names = sorted(ADDRESS_LISTS)
    lines = [f"{name} = ! 127.0.0.1" for name in names]
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\n" + "\n".join(lines) + "\n")
    result = postlint("check", "--select", "PL422", "--output-format", "json", str(tmp_path))
    found = json.loads(result.stdout)
    assert len(found) == len(names)
    for name, finding in zip(names, found, strict=True):
        fatal = READINGS[name].fatal
        assert fatal.endswith(("does not start", "do not start")), name
        assert f"has no pattern after '!' (a fatal error: {fatal})" in finding["message"]
