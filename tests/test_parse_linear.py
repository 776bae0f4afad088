"""Parsing does work in proportion to the text, on the shapes big files have.

Counted in Python function calls (no timing): twice the input may cost at most 2.6 times
the calls. A long continued list costs a fixed number of calls however long it is (its
physical lines are made only when asked for), plus one per inner comment or blank line.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from call_count import calls_made

from postlint.syntax import ConfigFile, FileKind, parse


def short_entries(count: int) -> str:
    return "".join(f"name_{i} = value {i} $mydomain\n# note {i}\n\n" for i in range(count))


def continued_list(count: int) -> str:
    items = "".join(f"    customer{i}.example, mail.customer{i}.example\n" for i in range(count))
    return f"relay_domains = $mydestination\n{items}# end\n"


def list_with_comments(count: int) -> str:
    items = "".join(f"    10.{i % 250}.0.0/16\n    # block {i}\n\n" for i in range(count))
    return f"mynetworks = 127.0.0.0/8\n{items}next = 1\n"


def services(count: int) -> str:
    return "".join(
        f"s{i} unix - - n - - smtpd\n  -o syslog_name=s{i}\n  -o {{ a = b c }}\n"
        for i in range(count)
    )


def _calls(text: str, kind: FileKind) -> int:
    def parse_and_read() -> ConfigFile:
        tree = parse(text, kind)
        for entry in tree.entries():  # what a rule reads of every entry
            _ = entry.logical.text, entry.span
        return tree

    calls, tree = calls_made(parse_and_read)
    assert tree.unparse() == text
    return calls


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (short_entries, FileKind.MAIN),
        (continued_list, FileKind.MAIN),
        (list_with_comments, FileKind.MAIN),
        (services, FileKind.MASTER),
    ],
)
def test_twice_the_text_is_at_most_2_6_times_the_calls(
    make: Callable[[int], str], kind: FileKind
) -> None:
    _calls(make(20), kind)  # the grammar and the scanner are loaded once
    small, large = _calls(make(2000), kind), _calls(make(4000), kind)
    assert large <= 2.6 * small, (small, large)


def test_a_long_continued_list_costs_the_same_calls_at_any_length() -> None:
    _calls(continued_list(10), FileKind.MAIN)
    small, large = (
        _calls(continued_list(1000), FileKind.MAIN),
        _calls(continued_list(100_000), FileKind.MAIN),
    )
    assert large == small
