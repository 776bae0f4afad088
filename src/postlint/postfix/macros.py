"""mac_parse: a value split into literal text and $name references, and the postconf scan
of the names a value mentions. Expansion (expansion.py) gives the references meaning.

Lark (value.lark) splits a value into literals and references; the `${...}` bodies are
read by the helpers here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs
from lark import Token, Tree
from lark.exceptions import LarkError

from postlint.syntax.ast import POSTFIX_SPACE
from postlint.syntax.lines import grammar_parser

MAX_NESTING = 100  # mac_expand gives up past this depth ("unreasonable macro call nesting")
SPACE = POSTFIX_SPACE  # what mac_expand skips inside ${...} is main.cf's white space
NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


class ExpansionError(Exception):
    """A value Postfix cannot expand; the message has Postfix's wording."""


@attrs.frozen
class Part:
    kind: str  # "literal" or "ref"
    text: str  # literal text, or the name / the bracket body of a reference
    braced: bool = False


@lru_cache(maxsize=8192)
def tokenize(value: str) -> tuple[Part, ...]:
    """Split a value into literal text and references (mac_parse)."""
    if "$" not in value:
        return (Part("literal", value),) if value else ()
    if _brace_depth(value) > 2 * MAX_NESTING:
        # Postfix gives up past MAX_NESTING levels; deeper text must not exhaust our stack.
        raise ExpansionError(f'unreasonable macro call nesting: "{value[:40]}..."')
    try:
        tree = grammar_parser("value.lark").parse(value)
    except LarkError:
        raise ExpansionError(f'truncated macro reference: "{value}"') from None
    except RecursionError:
        raise ExpansionError(f'unreasonable macro call nesting: "{value[:40]}..."') from None
    parts: list[Part] = []
    literal: list[str] = []
    for child in tree.children:
        assert isinstance(child, Tree)
        kind = child.data
        if kind == "literal":
            literal.append(str(child.children[0]))
            continue
        if kind == "escaped_dollar":
            literal.append("$")
            continue
        if literal:
            parts.append(Part("literal", "".join(literal)))
            literal = []
        if kind == "lone_dollar":
            raise ExpansionError(f'empty macro name: "{value}"')
        if kind == "name_ref":
            parts.append(Part("ref", str(child.children[0])[1:]))
        else:
            body = _flatten(child.children[0])
            if not body:
                raise ExpansionError(f'empty macro name: "{value}"')
            parts.append(Part("ref", body, braced=True))
    if literal:
        parts.append(Part("literal", "".join(literal)))
    return tuple(parts)


_BRACKETS = re.compile(r"[{}()]")


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    # Only the brackets are visited: a long list with a single $name stays cheap.
    for match in _BRACKETS.finditer(value):
        ch = match.group()
        if ch in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})":
            depth -= 1
    return deepest


def _flatten(tree: Tree | Token) -> str:
    if isinstance(tree, Token):
        return str(tree)
    out = []
    for child in tree.children:
        if isinstance(child, Tree):
            opener, closer = ("{", "}") if tree.data == "brace_body" else ("(", ")")
            out.append(opener + _flatten(child) + closer)
        else:
            out.append(str(child))
    return "".join(out)


def operand(rest: str) -> tuple[str, str]:
    """The text after ? or :, either a {payload} or everything that is left."""
    stripped = rest.lstrip(SPACE)
    if stripped.startswith("{"):
        return curly_payload(stripped)
    return rest, ""


def curly_payload(text: str) -> tuple[str, str]:
    """Take `{payload}` from the start of `text`; return payload and the rest (left-trimmed)."""
    depth = 0
    for index, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[1:index], text[index + 1 :].lstrip(SPACE)
    raise ExpansionError(f'unbalanced {{}} in attribute expression: "{text}"')


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
