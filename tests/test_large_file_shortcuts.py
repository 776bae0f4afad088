"""The shortcuts that keep a large main.cf cheap give what the plain ways give: list
splitting by str.split, bracket depth from the first to the last bracket, lines found by
counting LFs, and a big entry's offsets without its line index."""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.files import ENCODING, ERRORS, decode
from postlint.postfix.macros import _brace_depth
from postlint.postfix.services import LIST_SEPARATORS, split_list
from postlint.syntax import FileKind, parse
from postlint.syntax.physical import LineKind, LogicalLine, PhysicalLines
from postlint.testing import run

# Every kind of character the shortcuts could treat differently: the list separators,
# the other white space str.split() knows (ASCII and not), brackets, and plain text.
_LIST_TEXT = st.lists(
    st.sampled_from([",", " ", "\t", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x1f", "\xa0"])
    | st.sampled_from(["\u2003", "\u3000", "a", "b.example", "{", "}", "(", ")", "$", "é"]),
    max_size=60,
).map("".join)


@given(_LIST_TEXT)
def test_a_list_splits_at_the_separators_only(value: str) -> None:
    if "{" in value or "}" in value:
        return  # grouped words: brace_tokens' own tests
    words = re.findall(f"[^{re.escape(LIST_SEPARATORS)}]+", value)
    assert split_list(value) == words


def _every_bracket_depth(value: str) -> int:
    """The deepest running sum of +1 per opening and -1 per closing bracket."""
    steps = (1 if c in "{(" else -1 if c in "})" else 0 for c in value)
    return max(accumulate(steps, initial=0))


@given(_LIST_TEXT)
def test_the_bracket_depth_is_that_of_a_walk_over_every_character(value: str) -> None:
    assert _brace_depth(value) == _every_bracket_depth(value)


_FILE_TEXT = st.lists(st.sampled_from(["a", " ", "\n", "#", "=", "\t", "é"]), max_size=80).map(
    "".join
)


@settings(max_examples=300)
@given(
    _FILE_TEXT,
    st.lists(st.integers(-2, 90), max_size=12),
    st.tuples(st.integers(0, 4), st.integers(0, 200)),
)
def test_lines_found_by_counting_are_those_of_the_line_starts(
    text: str, offsets: list[int], budget: tuple[int, int]
) -> None:
    counted = parse(text, FileKind.MAIN)
    counted._count_budget = budget  # (lines, characters): the switch may come at any point
    indexed = parse(text, FileKind.MAIN)
    indexed._starts()  # made first: every look-up searches the line starts
    for offset in offsets:
        assert counted.position(offset) == indexed.position(offset), offset
        assert counted.line_of(offset) == indexed.line_of(offset), offset
        for end in (offset, offset + 1, offset + 7):
            if 0 <= offset <= end <= len(text):
                got = counted.span_positions(offset, end)
                assert got == indexed.span_positions(offset, end), (offset, end)


_ENTRY_LINES = st.lists(
    st.sampled_from(["  a\n", "\tb, c\n", "  d\r\n", "  # note\n", "\n", " \t\n"]),
    min_size=1,
    max_size=160,
)


@settings(max_examples=150, deadline=None)
@given(_ENTRY_LINES, st.booleans(), st.data())
def test_a_big_entry_maps_each_place_as_its_line_index_does(
    rest: list[str], final_lf: bool, data: st.DataObject
) -> None:
    # A continued entry ends with a continuation line (gap lines count only before one).
    text = "name = v\n" + "".join(rest) + "  last"
    text += "\n" if final_lf else ""
    lines = PhysicalLines(LineKind.START, text, 5)
    indexed = LogicalLine(lines)
    if indexed._starts is None:
        indexed._index()
    size = len(indexed.text)
    for index in data.draw(st.lists(st.integers(-1, size + 1), min_size=1, max_size=6)):
        fresh = LogicalLine(lines)  # nothing asked before: the ends are answered alone
        assert fresh.text == indexed.text
        assert fresh.offset_of(index) == indexed.offset_of(index), index
    start, end = sorted(data.draw(st.lists(st.integers(0, size), min_size=2, max_size=2)))
    assert LogicalLine(lines).span_of(start, end) == indexed.span_of(start, end)


# Names that are items, parts of items (a.example.com, example.com.au) or tables.
_DOMAINS = st.sampled_from(
    [
        *("example.com", "a.example.com", "example.com.au", "Example.COM", "localhost"),
        *("hash:/etc/postfix/relay", "$mydomain", "{example.com}", "{ example.com }", "x{y}"),
    ]
)
_SEPARATORS = st.sampled_from([", ", " ", ",", "\n    ", "\t"])


def _items(names: list[str], separator: str) -> str:
    return separator.join(names) or "x.invalid"


def _in_two_classes(mydestination: str, relay_domains: str) -> list[str]:
    """PL413's messages by its definition: every literal item of relay_domains that
    mydestination lists too, in order."""
    literal = [d for d in split_list(mydestination.lower()) if not any(c in d for c in ":/$")]
    return [
        f"{d} is in both mydestination and relay_domains; "
        "a domain belongs to one address class only"
        for d in split_list(relay_domains.lower())
        if d in literal
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_DOMAINS, max_size=10),
    st.lists(_DOMAINS, max_size=30),
    _SEPARATORS,
    _SEPARATORS,
)
def test_pl413_reports_the_items_of_the_last_class_listed_before(
    first: list[str], last: list[str], first_separator: str, last_separator: str
) -> None:
    mydestination = _items(first, first_separator)
    relay_domains = _items(last, last_separator)
    # (A level where relay_domains defaults to nothing, not to $mydestination.)
    main = (
        "compatibility_level = 3.6\n"
        f"mydestination = {mydestination}\nrelay_domains = {relay_domains}\n"
    )
    result = run(["PL413"], main)
    assert [d.message for d in result.diagnostics] == _in_two_classes(mydestination, relay_domains)


@given(st.binary(max_size=40) | st.text(max_size=40).map(str.encode))
def test_a_file_decodes_as_the_utf8_decoder_reads_it(data: bytes) -> None:
    assert decode(data) == data.decode(ENCODING, ERRORS)


@given(_ENTRY_LINES, st.booleans())
def test_a_big_entry_counts_its_lines_once_and_right(rest: list[str], final_lf: bool) -> None:
    text = "name = v\n" + "".join(rest) + ("  last\n" if final_lf else "  last")
    lines = PhysicalLines(LineKind.START, text, 0)
    assert len(lines) == len(lines) == len(tuple(lines)) == len(text.splitlines())
