"""$name expansion exactly as Postfix's mac_parse()/mac_expand() do it.

Lark (value.lark) splits a value into literals and references; the text inside
`${...}` is then read here: `name`, `name?text`, `name:text`, the brace operands
`name?{t}:{f}` and the relational form `{left} OP {right} ?{t}:{f}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import attrs
from lark import Token, Tree
from lark.exceptions import LarkError

from postlint.postfix.versions import parse_level
from postlint.syntax.lines import grammar_parser

MAX_NESTING = 100  # mac_expand gives up past this depth ("unreasonable macro call nesting")
_SPACE = " \t\n\r\x0b\x0c"
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_OPERATORS = {"==", "!=", "<", "<=", ">", ">="}

Lookup = Callable[[str], "str | None"]


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


class Expander:
    """Expands values against a lookup function (recursively, like postconf -x)."""

    def __init__(self, lookup: Lookup, *, recurse: bool = True):
        self.lookup = lookup
        self.recurse = recurse

    def expand(self, value: str) -> str:
        out: list[str] = []
        self._parse(value, out, 0)
        return "".join(out)

    def _parse(self, value: str, out: list[str], level: int) -> None:
        for part in tokenize(value):
            if level > MAX_NESTING:
                raise ExpansionError(f'unreasonable macro call nesting: "{part.text}"')
            if part.kind == "literal":
                out.append(part.text)
            elif not part.braced:
                self._use(part.text, self.lookup(part.text), out, level)
            else:
                self._expression(part.text, out, level)

    def _use(self, name: str, found: str | None, out: list[str], level: int) -> None:
        if not found:
            return
        if self.recurse:
            self._parse(found, out, level + 1)
        else:
            out.append(found)

    def _expression(self, body: str, out: list[str], level: int) -> None:
        rest = body.lstrip(_SPACE)
        if rest.startswith("{"):
            found, rest = self._relational(rest, level)
            if rest and rest[0] not in "?:":
                raise ExpansionError(f'"?" or ":" expected at: "...}}>>>{rest[:20]}"')
            if not rest:
                self._use("", found, out, level)
                return
        else:
            i = 0
            while i < len(body) and body[i] in _NAME_CHARS:
                i += 1
            name = body[:i]
            j = i
            while j < len(body) and body[j] in _SPACE:
                j += 1
            if j < len(body) and body[j] not in "?:":
                raise ExpansionError(
                    f'attribute name syntax error at: "...{body[:i]}>>>{body[i : i + 20]}"'
                )
            if j >= len(body):
                self._use(name, self.lookup(name), out, level)
                return
            found = self.lookup(name)
            rest = body[j:]
        self._conditional(rest, found, out, level)

    def _conditional(self, rest: str, found: str | None, out: list[str], level: int) -> None:
        op, rest = rest[0], rest[1:]
        if op == "?":
            text, rest = _operand(rest)
            if found:
                self._parse(text, out, level + 1)
            if not rest:
                return
            if rest[0] != ":":
                raise ExpansionError(f'":" expected at: "...{text}}}>>>{rest[:20]}"')
            rest = rest[1:]
        text, rest = _operand(rest)
        if not found:
            self._parse(text, out, level + 1)
        if rest:
            raise ExpansionError(f'unexpected input at: "...{text}}}>>>{rest[:20]}"')

    def _relational(self, text: str, level: int) -> tuple[str, str]:
        left, rest = _curly_payload(text)
        op_len = 0
        while op_len < len(rest) and rest[op_len] in "<>!=?+-*/~&|%":
            op_len += 1
        op = rest[:op_len]
        rest = rest[op_len:]
        by_level = rest.startswith("level")
        if by_level:
            rest = rest[len("level") :]
        if op not in _OPERATORS:
            raise ExpansionError(
                f'"==" or "!="" or "<"" or "<="" or ">="" or ">" expected at: '
                f'"...{left}}}>>>{(op + rest)[:20]}"'
            )
        rest = rest.lstrip(_SPACE)
        if not rest.startswith("{"):
            raise ExpansionError(
                f'"{{expression}}" expected at: "...{{{left}}} {op}>>>{rest[:20]}"'
            )
        right, rest = _curly_payload(rest)
        # Operands are expanded at the current depth, so a loop through them still ends.
        left_out: list[str] = []
        right_out: list[str] = []
        self._parse(left, left_out, level + 1)
        self._parse(right, right_out, level + 1)
        lvalue, rvalue = "".join(left_out), "".join(right_out)
        return ("true" if _compare(lvalue, op, rvalue, by_level) else ""), rest


def _operand(rest: str) -> tuple[str, str]:
    """The text after ? or :, either a {payload} or everything that is left."""
    stripped = rest.lstrip(_SPACE)
    if stripped.startswith("{"):
        return _curly_payload(stripped)
    return rest, ""


def _curly_payload(text: str) -> tuple[str, str]:
    """Take `{payload}` from the start of `text`; return payload and the rest (left-trimmed)."""
    depth = 0
    for index, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[1:index], text[index + 1 :].lstrip(_SPACE)
    raise ExpansionError(f'unbalanced {{}} in attribute expression: "{text}"')


def _compare(left: str, op: str, right: str, by_level: bool) -> bool:
    a: object
    b: object
    if by_level:
        a, b = parse_level(left), parse_level(right)
        if a is None or b is None:
            bad = left if a is None else right
            raise ExpansionError(f'malformed compatibility level syntax: "{bad}"')
    elif left.isdigit() and right.isdigit() and left.isascii() and right.isascii():
        a, b = int(left), int(right)
    else:
        a, b = left, right
    return {
        "==": a == b,
        "!=": a != b,
        "<": a < b,  # type: ignore[operator]
        "<=": a <= b,  # type: ignore[operator]
        ">": a > b,  # type: ignore[operator]
        ">=": a >= b,  # type: ignore[operator]
    }[op]


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
        body = part.text.lstrip(_SPACE)
        if body.startswith("{"):
            left, rest = _curly_payload(body)
            _scan(left, names, level + 1)
            rest = rest.lstrip("<>!=level" + _SPACE)
            if rest.startswith("{"):
                right, rest = _curly_payload(rest)
                _scan(right, names, level + 1)
        else:
            i = 0
            while i < len(body) and body[i] in _NAME_CHARS:
                i += 1
            names.append(body[:i])
            rest = body[i:].lstrip(_SPACE)
        while rest and rest[0] in "?:":
            text, rest = _operand(rest[1:])
            _scan(text, names, level + 1)
