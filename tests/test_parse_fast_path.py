"""The parser's fast paths build exactly the tree its general path builds.

The fast path lexes with one regex made from the grammar's terminals (not Lark's lexer),
builds a one-line entry without cutting it into physical lines, and takes a one-line
parameter's spans from the line's start. The general path (`fast=False`) uses Lark's lexer
and maps every offset through the logical line. Both must agree on every generated text.
"""

from __future__ import annotations

import copy
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st
from line_pieces import PIECES

from postlint.syntax import parse_main_cf, parse_master_cf
from postlint.syntax.ast import (
    BrokenEntry,
    ConfigFile,
    Entry,
    FileKind,
    LineKind,
    LogicalLine,
    Parameter,
    PhysicalLine,
    PhysicalLines,
    Service,
    Span,
)
from postlint.syntax.line_scanner import _from_tables
from postlint.syntax.lines import GRAMMAR, lark_lexemes, lexemes, parse_nodes
from postlint.syntax.main_cf import split_parameter
from postlint.syntax.master_cf import parse_service
from postlint.syntax.parse_tables import shipped_tables

# Line pieces, odd characters (CR, NUL, controls, undecodable bytes, a BOM, templates) and
# lines long enough to take the big-entry join.
_PIECES = st.sampled_from(
    [
        *PIECES,
        "a = b\r\n",
        "k =\t\r\n",
        "n = v \x00 rest\n",
        "\x00\n",
        "  x\x00y\n",
        "\ufeffbom = 1\n",
        "caf\udce9 = \udcff\n",
        "a == b\n",
        " = v\n",
        "name\n",
        "\x0c\n",
        "x = {{ y }}\n",
        "smtp inet n - n - - smtpd\n",
        "  -o { a = b c }\n",
        "  -vosyslog_name=x\n",
        "  { c d }\n",
        "    item,\n" * 130,
    ]
)
_TEXTS = st.lists(_PIECES | st.text(max_size=6), max_size=30).map("".join)


def _dump(tree: ConfigFile) -> list[tuple[object, ...]]:
    """Everything a tree says, node by node: lines, logical text, every offset, every field."""
    rows: list[tuple[object, ...]] = []
    for node in tree.nodes:
        row: tuple[object, ...] = (type(node).__name__, node.lines)
        if isinstance(node, Entry):
            logical = node.logical
            size = len(logical.text) + 1
            row += (
                logical.text,
                [logical.offset_of(i) for i in range(size)],
                [logical.end_offset_of(i) for i in range(size)],
            )
        if isinstance(node, Parameter):
            row += (node.name, node.name_span, node.equals_offset, node.value, node.value_span)
            row += (node.value_index,)
        if isinstance(node, BrokenEntry):
            row += (node.error, node.message)
        if isinstance(node, Service):
            row += (tuple((f.text, f.start, f.end, f.span) for f in node.fields), node.argv)
            row += (node.overrides, node.warnings)
        rows.append(row)
    return rows


def _general_main(text: str) -> ConfigFile:
    nodes = parse_nodes(GRAMMAR, text, partial(split_parameter, fast=False), fast=False)
    return ConfigFile(FileKind.MAIN, text, nodes)


def _general_master(text: str) -> ConfigFile:
    nodes = parse_nodes(GRAMMAR, text, parse_service, fast=False)
    return ConfigFile(FileKind.MASTER, text, nodes)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_the_regex_scanner_finds_the_tokens_of_larks_lexer(text: str) -> None:
    assert list(lexemes(GRAMMAR, text, 7)) == list(lark_lexemes(GRAMMAR, text, 7))


def test_tables_with_a_backreference_are_lexed_by_lark() -> None:
    # The scanner joins the terminals into one pattern, which renumbers their groups: a
    # terminal that refers back to a group by number is left to Lark's own lexer.
    document = copy.deepcopy(shipped_tables(GRAMMAR))
    assert document is not None and _from_tables(document) is not None
    for entry in document["memo"].values():
        if entry.get("name") == "COMMENT_LINE":
            entry["pattern"]["value"] = r"([ \t]*)#[^\n]*\1(\n|\Z)"
    assert _from_tables(document) is None


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_fast_and_general_paths_build_equal_trees(text: str) -> None:
    fast = parse_main_cf(text)
    assert fast.unparse() == text
    assert _dump(fast) == _dump(_general_main(text))
    fast = parse_master_cf(text)
    assert fast.unparse() == text
    assert _dump(fast) == _dump(_general_master(text))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_a_span_of_a_logical_range_is_where_its_first_and_last_characters_are(text: str) -> None:
    # A parse maps ranges with `span_of`, which finds both ends at once: it must agree
    # with the offsets of the range's ends, taken one by one.
    for node in parse_main_cf(text).nodes:
        if not isinstance(node, Entry):
            continue
        logical = node.logical
        size = len(logical.text) + 1
        offsets = [logical.offset_of(i) for i in range(size)]
        # Where one physical line ends and the next begins, and the characters around it.
        jumps = [i for i in range(1, size) if offsets[i] != offsets[i - 1] + 1]
        jumps = jumps[:4] + jumps[-3:]  # (enough of a long entry's lines)
        near = sorted({0, size - 1, *(i + d for i in jumps for d in (-1, 0, 1))})
        for start in near:
            for end in near:
                if start < end < size:
                    expected = Span(offsets[start], logical.end_offset_of(end))
                    assert logical.span_of(start, end) == expected, (start, end)


_KIND_OF = {"  # x\n": LineKind.INNER_COMMENT, "\n": LineKind.INNER_BLANK}
_KIND_OF["  \r\n"] = LineKind.INNER_BLANK
_LINES = st.lists(st.sampled_from(["  a\n", "\tb c\n", "  =\x00\n", *_KIND_OF]), max_size=140)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["a = b\n", "k=\n", "n = v\r\n"]), _LINES, st.booleans())
def test_every_join_of_a_logical_line_gives_the_same_text_and_offsets(
    first: str, rest: list[str], final_lf: bool
) -> None:
    lines, start = [PhysicalLine(LineKind.START, first, 3)], 3 + len(first)
    for text in rest:
        lines.append(PhysicalLine(_KIND_OF.get(text, LineKind.CONTINUATION), text, start))
        start += len(text)
    if not final_lf:  # the file's last line may lack its LF
        lines[-1].text = lines[-1].text[:-1]
        if not lines[-1].text.strip():
            lines.pop()  # (and then it is not a blank line)
    joined = "".join(line.text for line in lines)
    ways = [LogicalLine(tuple(lines)) for _ in range(3)]
    ways[0]._join_few()
    ways[1]._join_many()
    if len(lines) == 1:
        ways[2]._join_one()
    else:  # from the entry's text, as the fast path makes it
        ways[2] = LogicalLine(PhysicalLines(LineKind.START, joined, 3))
    results = []
    for logical in ways:
        size = len(logical.text) + 1
        results.append((logical.text, [logical.offset_of(i) for i in range(size)]))
    assert results[1] == results[0] and results[2] == results[0]
