"""The readers a start uses without Lark agree with the grammars as Lark reads them: the
line scanner (lines.lark, from the shipped tables) and the value pieces
(value.lark), on generated text and on every file of the real-world corpus."""

from __future__ import annotations

import pytest
from cli_run import imported_modules
from conftest import CORPUS
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import LarkError

from postlint.postfix.expansion import ExpansionError
from postlint.postfix.macros import Part, tokenize
from postlint.syntax import line_scanner as scanners
from postlint.syntax.lines import grammar_parser
from postlint.syntax.parse_tables import build_parser

LINE_GRAMMARS = ("lines.lark",)
LINE_TEXT = st.text(alphabet=" \t\x0b\x0c\r\n#a=-$é", max_size=80)
VALUE_TEXT = st.text(alphabet="ab_9 ${}()?:#\n", max_size=40)


def _lark_tokens(grammar: str, text: str) -> list[tuple[str, int, str]]:
    return [(t.type, t.start_pos or 0, str(t)) for t in build_parser(grammar).lex(text)]


def _scanned(grammar: str, text: str) -> list[tuple[str, int, str]]:
    return list(scanners.line_scanner(grammar).tokens(text))


@pytest.mark.parametrize("grammar", LINE_GRAMMARS)
@settings(max_examples=300, deadline=None)
@given(text=LINE_TEXT)
@example(text="  stray\nname = v\n  more\n# c\n\n  tail")
@example(text="a = b\n \n\t# gap\n  continued\n\n")
@example(text=" \r")
def test_the_line_scanner_lexes_as_lark_does(grammar: str, text: str) -> None:
    assert _scanned(grammar, text) == _lark_tokens(grammar, text)


@pytest.mark.parametrize("grammar", LINE_GRAMMARS)
def test_the_line_scanner_lexes_the_corpus_as_lark_does(grammar: str) -> None:
    for path in sorted(CORPUS.rglob("*")):
        if path.is_file() and path.name.startswith(("main.cf", "master.cf")):
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            assert _scanned(grammar, text) == _lark_tokens(grammar, text), path


@pytest.mark.parametrize("tables", [None, {"data": {"rules": []}, "memo": {}}])
def test_tables_that_do_not_fit_fall_back_to_lark(
    monkeypatch: pytest.MonkeyPatch, tables: dict | None
) -> None:
    """Missing or stale tables (None), or tables of a shape this does not read."""
    text = "a = b\n  c\n# x\n\n  stray"
    monkeypatch.setattr(scanners, "shipped_tables", lambda _grammar: tables)
    scanners.line_scanner.cache_clear()
    try:
        fallback = scanners.line_scanner("lines.lark")
        assert list(fallback.tokens(text)) == _lark_tokens("lines.lark", text)
        assert fallback.rules == {
            "ENTRY_LINES": "entry",
            "STRAY_LINES": "stray",
            "COMMENT_LINE": "comment",
            "BLANK_LINE": "blank",
        }
    finally:
        scanners.line_scanner.cache_clear()


def _grammar_parts(value: str) -> tuple[Part, ...] | str:
    """What value.lark makes of a value, as Parts (the reading tokenize replaces), or the
    error message tokenize gives."""
    try:
        tree = grammar_parser("value.lark").parse(value)
    except LarkError:
        return f'truncated macro reference: "{value}"'
    parts: list[Part] = []
    literal: list[str] = []
    for child in tree.children:
        assert isinstance(child, Tree)
        if child.data in ("literal", "escaped_dollar"):
            literal.append(str(child.children[0]) if child.data == "literal" else "$")
            continue
        if literal:
            parts.append(Part("literal", "".join(literal)))
            literal = []
        if child.data == "lone_dollar":
            return f'empty macro name: "{value}"'
        if child.data == "name_ref":
            parts.append(Part("ref", str(child.children[0])[1:]))
            continue
        body = _body(child.children[0])
        if not body:
            return f'empty macro name: "{value}"'
        parts.append(Part("ref", body, braced=True))
    if literal:
        parts.append(Part("literal", "".join(literal)))
    return tuple(parts)


def _body(tree: Tree | Token) -> str:
    if isinstance(tree, Token):
        return str(tree)
    brackets = "{}" if tree.data == "brace_body" else "()"
    return "".join(
        brackets[0] + _body(child) + brackets[1] if isinstance(child, Tree) else str(child)
        for child in tree.children
    )


def _tokenized(value: str) -> tuple[Part, ...] | str:
    try:
        return tokenize.__wrapped__(value)
    except ExpansionError as error:
        return str(error)


@settings(max_examples=500, deadline=None)
@given(value=VALUE_TEXT)
@example(value="a $b ${c} $(d(e)) $$ $")
@example(value="${{$a} == {b}}")
@example(value="${x?{y}:z} $(a")
@example(value="$ ${a")
@example(value="${a(b}c)")
@example(value="$(}{)$$$x_1$")
def test_values_split_as_the_value_grammar_reads_them(value: str) -> None:
    assert _tokenized(value) == _grammar_parts(value)


def test_a_check_does_not_import_lark(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Lark is a seventh of a cold start; the readers above make it unnecessary."""
    (tmp_path / "main.cf").write_text("myorigin = $mydomain\nrelayhost = ${x?{y}}\n")
    (tmp_path / "master.cf").write_text("smtp inet n - y - - smtpd\n  -o a=$b\n")
    result, imported = imported_modules(["check", "."], tmp_path)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "postlint.syntax.line_scanner" in imported
    assert not {name for name in imported if name == "lark" or name.startswith("lark.")}
