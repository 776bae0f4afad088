"""The fast marker patterns (literal first, lookbehind after it) match exactly what the
plain spelling (lookbehind first) matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.syntax import templates

# The patterns as one would first write them: each starts with a lookbehind.
PLAIN_INSTALLER = (
    r"\bPH_[A-Z0-9_]+\b",
    r"%\{[A-Za-z_]\w*\}|%[a-z_]+\b(?=\s*$)",
    r"\{=[A-Za-z_][\w.]*\}",
    r"(?<![?:$\w{])\{[A-Z][A-Z0-9]*_[A-Z0-9_]+\}",
)
PLAIN_TEMPLATE = r"(?<!\$)\{\{\s*[A-Za-z_][^{}\n]*\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>|\[%.*?%\]"

PIECES = st.sampled_from(
    [
        "{",
        "}",
        "{{",
        "}}",
        "$",
        "${",
        "%",
        "#",
        "<",
        ">",
        "[",
        "]",
        "PH_",
        "P",
        "H",
        "_",
        "A",
        "Z",
        "a",
        "z",
        "0",
        "9",
        " ",
        "\n",
        "=",
        "?",
        ":",
        ".",
        "{=",
        "MTA_HOST",
        "x",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_installer_patterns_match_like_the_plain_spelling(text: str) -> None:
    plain = re.compile("|".join(PLAIN_INSTALLER), re.M)
    assert _spans(re.compile(templates._INSTALLER), text) == _spans(plain, text)


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_sniffing_decides_like_the_plain_spelling(text: str) -> None:
    plain = [re.compile(PLAIN_TEMPLATE), *(re.compile(p, re.M) for p in PLAIN_INSTALLER)]
    expected = "auto" if any(p.search(text) for p in plain) else None
    assert templates.sniff(text) == expected


def test_postfix_conditional_is_not_a_template() -> None:
    assert templates.sniff("x = ${{$a} == {b}?{y}:{z}}\n") is None
    assert templates.sniff("x = {{ jinja }}\n") == "auto"
    assert templates.sniff("PH_HOSTNAME\n") == "auto" and templates.sniff("XPH_A\n") is None
