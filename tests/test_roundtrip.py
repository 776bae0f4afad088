"""unparse(parse(x)) == x, byte for byte, on real files and on generated ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_files
from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.files import decode, encode
from postlint.syntax import FileKind, NodeReuse, parse, parse_main_cf, parse_master_cf
from postlint.syntax.ast import Comment, LineKind, Parameter, Service


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_round_trip(path: Path) -> None:
    data = path.read_bytes()
    parser = parse_master_cf if path.name == "master.cf" else parse_main_cf
    tree = parser(decode(data), str(path))
    assert encode(tree.unparse()) == data
    # Nodes tile the file: each starts where the previous one ended.
    offset = 0
    for node in tree.nodes:
        assert node.span.start == offset
        offset = node.span.end
    assert offset == len(tree.text)


# Lines built from the pieces that make Postfix's line rules interesting.
_pieces = st.sampled_from(
    [
        "a = b",
        "mydestination = $myhostname,",
        "  localhost",
        "\t-o x=y",
        "# note",
        "   # indented comment",
        "",
        "   ",
        "\r",
        "name",
        "= v",
        "x=1 # c",
        "k = v\r",
        "smtp inet n - n - - smtpd",
        "\x00",
        "caf\udce9 = 1",
        "\x0b",
        "{ a b }",
        "$$ ${a?b}",
    ]
)
_files = st.lists(_pieces, max_size=25).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n"]).flatmap(
        lambda eol: st.booleans().map(
            lambda final: eol.join(lines) + (eol if final and lines else "")
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(_files)
def test_generated_round_trip(text: str) -> None:
    assert parse_main_cf(text).unparse() == text
    assert parse_master_cf(text).unparse() == text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\n\r\t #={}$"), max_size=300)
)
def test_arbitrary_text_round_trip(text: str) -> None:
    assert parse_main_cf(text).unparse() == text
    assert parse_master_cf(text).unparse() == text


def _shape(tree: object) -> list[tuple[object, ...]]:
    """What a tree says, node by node, without object identity."""
    out: list[tuple[object, ...]] = []
    for node in tree.nodes:  # type: ignore[attr-defined]
        row: tuple[object, ...] = (type(node).__name__, node.span, node.unparse())
        if isinstance(node, Parameter):
            row += (node.name, node.value, node.name_span, node.value_span)
        if isinstance(node, Service):
            row += (node.argv, tuple(o.text for o in node.overrides))
        out.append(row)
    return out


@settings(max_examples=200, deadline=None)
@given(_files, _files, st.sampled_from([FileKind.MAIN, FileKind.MASTER]))
def test_reparse_with_reuse_equals_a_fresh_parse(first: str, second: str, kind: FileKind) -> None:
    reuse = NodeReuse()
    parse(first, kind, "f.cf", None, reuse)
    again = parse(second, kind, "f.cf", None, reuse)
    fresh = parse(second, kind, "f.cf", None)
    assert again.unparse() == second
    assert _shape(again) == _shape(fresh)
    # An edit at the end keeps every earlier node object (that is the point of reuse).
    edited = parse(second + "x = 1\n", kind, "f.cf", None, reuse)
    kept = [a is b for a, b in zip(again.nodes, edited.nodes, strict=False)]
    assert all(kept[:-1]) or not second.endswith("\n")


def test_comment_and_blank_lines_inside_an_entry_do_not_end_it() -> None:
    text = "mydestination = $myhostname,\n# a comment\n\n    localhost\nnext = 1\n"
    tree = parse_main_cf(text)
    params = list(tree.parameters())
    assert [p.name for p in params] == ["mydestination", "next"]
    assert params[0].value == "$myhostname,    localhost"
    kinds = [line.kind for line in params[0].lines]
    assert kinds == [
        LineKind.START,
        LineKind.INNER_COMMENT,
        LineKind.INNER_BLANK,
        LineKind.CONTINUATION,
    ]


def test_trailing_comment_after_entry_is_top_level() -> None:
    tree = parse_main_cf("a = 1\n# end\n")
    assert isinstance(tree.nodes[1], Comment)


def test_value_spans_point_into_the_file() -> None:
    text = "relayhost = [smtp.example.com]:587  \r\n"
    param = next(parse_main_cf(text).parameters())
    assert text[param.value_span.start : param.value_span.end] == "[smtp.example.com]:587"
    assert text[param.name_span.start : param.name_span.end] == "relayhost"


def test_inline_hash_is_part_of_the_value() -> None:
    param = next(parse_main_cf("alias_maps = hash:/etc/aliases # local\n").parameters())
    assert param.value == "hash:/etc/aliases # local"


def test_master_overrides_in_every_form() -> None:
    text = (
        "submission inet n - n - - smtpd\n"
        "  -o smtpd_tls_security_level=encrypt\n"
        "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n"
        "  -vosyslog_name=postfix/submission\n"
    )
    service = next(parse_master_cf(text).services())
    assert isinstance(service, Service)
    got = [(o.form.value, o.name, o.value) for o in service.overrides]
    assert got == [
        ("short", "smtpd_tls_security_level", "encrypt"),
        ("long", "smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
        ("attached", "syslog_name", "postfix/submission"),
    ]
    long_form = service.overrides[1]
    assert long_form.value_span is not None
    assert text[long_form.value_span.start : long_form.value_span.end] == (
        "permit_sasl_authenticated, reject"
    )


def test_orphaned_override_lines_attach_to_the_previous_service() -> None:
    text = "smtp inet n - n - - smtpd\n#submission inet n - n - - smtpd\n  -o x=y\n"
    services = list(parse_master_cf(text).services())
    assert len(services) == 1
    assert [o.name for o in services[0].overrides] == ["x"]


def test_broken_lines_become_error_nodes_and_the_rest_parses() -> None:
    tree = parse_main_cf("  indented = 1\nmyhostname\n= x\nok = 1\n")
    kinds = [type(n).__name__ for n in tree.nodes]
    assert kinds == ["BrokenEntry", "BrokenEntry", "BrokenEntry", "Parameter"]
    assert isinstance(tree.nodes[3], Parameter)
