"""mac_parse: a value split into literal text and $name references, and the postconf scan
of the names a value mentions. Expansion (expansion.py) gives the references meaning.

syntax/value.lark states how a value splits into literals and references; `_pieces` reads
a value exactly as that grammar does (a test compares the two on generated values), by
hand, because importing Lark for it would be a seventh of every start. The `${...}`
bodies are read by the helpers here.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

from postlint.syntax.ast import POSTFIX_SPACE
from postlint.syntax.tokens import closing_bracket

MAX_NESTING = 100  # mac_expand gives up past this depth ("unreasonable macro call nesting")
SPACE = POSTFIX_SPACE  # what mac_expand skips inside ${...} is main.cf's white space
NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


class ExpansionError(Exception):
    """A value Postfix cannot expand; the message has Postfix's wording."""


class Part(namedtuple("Part", "kind text braced", defaults=(False,))):
    # A named tuple: built at import in a tenth of an attrs class's time. collections', as
    # typing.NamedTuple compiles each annotation (they are strings here) at every start.
    __slots__ = ()
    kind: str  # "literal" or "ref"
    text: str  # literal text, or the name / the bracket body of a reference
    braced: bool  # (default False)


@lru_cache(maxsize=8192)
def tokenize(value: str) -> tuple[Part, ...]:
    """Split a value into literal text and references (mac_parse)."""
    if "$" not in value:
        return (Part("literal", value),) if value else ()
    if _brace_depth(value) > 2 * MAX_NESTING:
        # Postfix gives up past MAX_NESTING levels; deeper text must not exhaust our stack.
        raise ExpansionError(f'unreasonable macro call nesting: "{value[:40]}..."')
    pieces = _pieces(value)
    if pieces is None:
        raise ExpansionError(f'truncated macro reference: "{value}"')
    parts: list[Part] = []
    literal: list[str] = []
    for kind, text in pieces:
        if kind == "literal":
            literal.append(text)
            continue
        if literal:
            parts.append(Part("literal", "".join(literal)))
            literal = []
        if kind == "lone_dollar" or not text:
            raise ExpansionError(f'empty macro name: "{value}"')
        parts.append(Part("ref", text, braced=kind == "braced"))
    if literal:
        parts.append(Part("literal", "".join(literal)))
    return tuple(parts)


_NAME_RUN = re.compile(r"[A-Za-z0-9_]+")


def _pieces(value: str) -> list[tuple[str, str]] | None:
    """The value as value.lark reads it: ("literal", text) (`$$` gives "$"), ("name", name),
    ("braced", body of `${...}` or `$(...)`), ("lone_dollar", "$"); None when a bracket is
    left open (the grammar does not parse such a value)."""
    pieces: list[tuple[str, str]] = []
    position, end = 0, len(value)
    while position < end:
        dollar = value.find("$", position)
        if dollar < 0:
            pieces.append(("literal", value[position:]))
            break
        if dollar > position:
            pieces.append(("literal", value[position:dollar]))
        following = value[dollar + 1 : dollar + 2]
        if following and following in NAME_CHARS:
            name = _NAME_RUN.match(value, dollar + 1)
            assert name is not None
            pieces.append(("name", name.group()))
            position = name.end()
        elif following == "$":
            pieces.append(("literal", "$"))
            position = dollar + 2
        elif following in ("{", "("):
            close = closing_bracket(value, dollar + 1)
            if close < 0:
                return None
            pieces.append(("braced", value[dollar + 2 : close]))
            position = close + 1
        else:
            pieces.append(("lone_dollar", "$"))
            position = dollar + 1
    return pieces


_BRACKETS = re.compile(r"[{}()]")


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    # Only the brackets are visited, and the regex looks only from the first to the last
    # (found by str.find, in C): a long list with a single ${name} at its start stays cheap.
    first = min((at for at in map(value.find, "{}()") if at >= 0), default=-1)
    if first < 0:
        return 0
    last = max(map(value.rfind, "{}()"))
    for match in _BRACKETS.finditer(value, first, last + 1):
        ch = match.group()
        if ch in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})":
            depth -= 1
    return deepest


def operand(rest: str) -> tuple[str, str]:
    """The text after ? or :, either a {payload} or everything that is left."""
    stripped = rest.lstrip(SPACE)
    if stripped.startswith("{"):
        return curly_payload(stripped)
    return rest, ""


def curly_payload(text: str) -> tuple[str, str]:
    """Take `{payload}` from the start of `text`; return payload and the rest (left-trimmed)."""
    close = closing_bracket(text)
    if close < 0:
        raise ExpansionError(f'unbalanced {{}} in attribute expression: "{text}"')
    return text[1:close], text[close + 1 :].lstrip(SPACE)


def references(value: str) -> list[str]:
    """Every parameter name a value mentions, in both branches of ?: (postconf's scan)."""
    names: list[str] = []
    _scan(value, names, 0)
    return names


def safe_references(value: str) -> list[str]:
    """references(), or [] for a value that cannot be parsed (PL409 reports those)."""
    try:
        return references(value)
    except ExpansionError:
        return []


@lru_cache(maxsize=8192)
def value_references(value: str) -> tuple[str, ...]:
    """safe_references() remembered per value: the model asks it of every value of a file
    on every lint, and an editor re-lints the same values on each keystroke."""
    return tuple(safe_references(value))


def _scan(value: str, names: list[str], level: int) -> None:
    if "$" not in value or level > MAX_NESTING:
        return
    for part in tokenize(value):
        if part.kind != "ref":
            continue
        if not part.braced:
            names.append(part.text)
            continue
        body = part.text.lstrip(SPACE)
        if body.startswith("{"):
            left, rest = curly_payload(body)
            _scan(left, names, level + 1)
            rest = rest.lstrip("<>!=level" + SPACE)
            if rest.startswith("{"):
                right, rest = curly_payload(rest)
                _scan(right, names, level + 1)
        else:
            i = 0
            while i < len(body) and body[i] in NAME_CHARS:
                i += 1
            names.append(body[:i])
            rest = body[i:].lstrip(SPACE)
        while rest and rest[0] in "?:":
            text, rest = operand(rest[1:])
            _scan(text, names, level + 1)
