"""$-expansion follows mac_parse()/mac_expand()."""

from __future__ import annotations

import pytest

from postlint.postfix.expansion import Expander, ExpansionError, references

VALUES = {"a": "1", "b": "$a-x", "empty": "", "level": "3.6", "n": "10"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$b", "1-x"),
        ("${b}.$(a)", "1-x.1"),
        ("$a.b", "1.b"),
        ("$$a", "$a"),
        ("${a}}", "1}"),
        ("${a?{yes}:{no}}", "yes"),
        ("${empty?{yes}:{no}}", "no"),
        ("${undefined:{fallback}}", "fallback"),
        ("${a?x:y}", "x:y"),  # legacy form: the rest is literal
        ("${a ? { t } : { f }}", " t "),
        ("${{$level} <level {3.11} ? {old} : {new}}", "old"),
        ("${{$level} <level {3.6} ? {old} : {new}}", "new"),
        ("${{$n} > {9}}", "true"),  # numeric
        ("${{$n} > {9x}}", ""),  # string comparison
        ("$undefined", ""),
    ],
)
def test_expansion(value: str, expected: str) -> None:
    assert Expander(VALUES.get).expand(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5$", "empty macro name"),
        ("${a", "truncated macro reference"),
        ("${my-param}", "attribute name syntax error"),
        ("${a?{x}junk}", '":" expected'),
        ("${{1} ~ {2}}", "expected at"),
    ],
)
def test_expansion_errors(value: str, message: str) -> None:
    with pytest.raises(ExpansionError, match=message):
        Expander(VALUES.get).expand(value)


def test_recursion_is_bounded() -> None:
    loop = {"a": "$b", "b": "$a"}
    with pytest.raises(ExpansionError, match="unreasonable macro call nesting"):
        Expander(loop.get).expand("$a")


def test_references_cover_both_branches() -> None:
    assert references("${a?{$b}:{$c}} $d ${{$e} == {x}}") == ["a", "b", "c", "d", "e"]


def test_recursion_through_relational_operands_is_bounded() -> None:
    loop = {"a": "${{$a} == {x}}"}
    with pytest.raises(ExpansionError, match="unreasonable macro call nesting"):
        Expander(loop.get).expand("$a")


def test_absurd_nesting_is_an_expansion_error_not_a_crash() -> None:
    value = "${a?{" * 10_000 + "z" + "}}" * 10_000
    with pytest.raises(ExpansionError, match="unreasonable macro call nesting"):
        Expander({"a": "1"}.get).expand(value)
