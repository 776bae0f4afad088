"""Physical lines of a parsed file: kinds and offsets as util/readlline.c sees them."""

from __future__ import annotations

from hypothesis import given, settings
from line_pieces import texts

from postlint.syntax import FileKind, parse
from postlint.syntax.ast import Entry, LineKind

SPACE = " \t\x0b\x0c\r"


def expected_kind(text: str, first: bool) -> LineKind:
    rest = text.rstrip("\n").lstrip(SPACE)
    if first:
        return LineKind.START if text[:1] not in SPACE else LineKind.CONTINUATION
    if not rest:
        return LineKind.INNER_BLANK
    return LineKind.INNER_COMMENT if rest[0] == "#" else LineKind.CONTINUATION


@settings(max_examples=400, deadline=None)
@given(texts(30))
def test_every_line_of_an_entry_has_its_kind_and_offset(text: str) -> None:
    tree = parse(text, FileKind.MAIN)
    position = 0
    for node in tree.nodes:
        for index, line in enumerate(node.lines):
            assert line.start == position and text[position:].startswith(line.text)
            position += len(line.text)
            if isinstance(node, Entry):
                assert line.kind is expected_kind(line.text, index == 0), (text, line)
    assert position == len(text)


def test_a_long_continued_list_keeps_its_inner_comments_and_blanks() -> None:
    body = "".join(
        f"    item{i}.example\n" + ("  # block\n\n\n" if i % 50 == 0 else "") for i in range(400)
    )
    tree = parse("relay_domains =\n" + body + "x = y\n", FileKind.MAIN)
    entry = next(tree.entries())
    kinds = [line.kind for line in entry.lines]
    assert kinds.count(LineKind.INNER_COMMENT) == 8 and kinds.count(LineKind.INNER_BLANK) == 16
    assert entry.logical.text.split() == ["relay_domains", "="] + [
        f"item{i}.example" for i in range(400)
    ]
