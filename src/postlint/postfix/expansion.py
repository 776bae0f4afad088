"""$name expansion exactly as Postfix's mac_expand() does it, with bounded work.

The references that macros.py (mac_parse) finds are given meaning here: `name`,
`name?text`, `name:text`, the brace operands `name?{t}:{f}` and the relational form
`{left} OP {right} ?{t}:{f}`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from postlint.postfix.compat import parse_level
from postlint.postfix.macros import (
    MAX_NESTING,
    ExpansionError,
    references,
    safe_references,
    tokenize,
)
from postlint.postfix.macros import NAME_CHARS as _NAME_CHARS
from postlint.postfix.macros import SPACE as _SPACE
from postlint.postfix.macros import curly_payload as _curly_payload
from postlint.postfix.macros import operand as _operand
from postlint.records import FrozenRecord, Record

# Re-exported: rules and tests import these from here.
__all__ = [
    "MAX_EXPANSION",
    "MAX_NESTING",
    "MAX_TOTAL_EXPANSION",
    "Budget",
    "Expander",
    "ExpansionError",
    "Failure",
    "references",
    "safe_references",
]

# Postfix has no size limit, but `x0 = $x1 $x1`, `x1 = $x2 $x2`, ... doubles with each level:
# 30 short lines would need gigabytes. Like the nesting guard, a budget stops such a value:
# every character an expansion copies (memoised names included) counts against it.
MAX_EXPANSION = 1 << 22
# And a configuration's expansions together: each value may stay under MAX_EXPANSION and
# still, 2,000 lines `yN = $x1 N` with a 1 MB $x1 would be kept as 2 GB of expanded values.
MAX_TOTAL_EXPANSION = 1 << 25
_OPERATORS = {"==", "!=", "<", "<=", ">", ">="}

Lookup = Callable[[str], "str | None"]


def domain_to_ascii(text: str) -> str:
    """`${domain_to_ascii{...}}`: an internationalised domain in its ASCII (A-label) form."""
    if text.isascii():
        return text
    try:
        return text.encode("idna").decode("ascii")
    except UnicodeError:
        return text


# The named functions of `${name{text}}` and the first release that has them.
FUNCTIONS: dict[str, tuple[tuple[int, int], Callable[[str], str]]] = {
    "domain_to_ascii": ((3, 11), domain_to_ascii),
}


class Budget(Record):
    """Characters a whole configuration's expansions may still produce (its Expanders
    share one)."""

    __slots__ = ("left",)

    def __init__(self, left: int = MAX_TOTAL_EXPANSION) -> None:
        self.left = left


class Failure(FrozenRecord):
    """An expansion error as plain data, for caches: a kept exception keeps its traceback,
    and with it every frame (and partial result) of a 100-level expansion."""

    __slots__ = ("message",)
    message: str

    def __init__(self, message: str) -> None:
        self._set("message", message)

    def error(self) -> ExpansionError:
        return ExpansionError(self.message)


class Expander:
    """Expands values against a lookup function (recursively, like postconf -x).

    Within one expand() call each name is expanded once and then reused (memoised with the
    nesting depth it needs, so the "unreasonable macro call nesting" limit still applies
    exactly as if it had been expanded again at the new depth).

    `shortcuts`, shared by the calls of one lookup context, remembers failures across calls:
    name -> (the deepest name its failed expansion reached, how many levels further down).
    Without it, each of 100,000 values in a `cN = $cN+1` chain walks 100 levels to fail.
    """

    def __init__(
        self,
        lookup: Lookup,
        *,
        recurse: bool = True,
        shortcuts: dict[str, tuple[str, int]] | None = None,
        budget: Budget | None = None,
        functions: Mapping[str, Callable[[str], str]] | None = None,
    ):
        self.lookup = lookup
        self.recurse = recurse
        # `${name{text}}` functions (Postfix 3.11+: domain_to_ascii); none before.
        self.functions = functions or {}
        self.shortcuts = shortcuts
        self.budget = budget
        self.learned: list[str] = []  # names this call added to `shortcuts`
        self._memo: dict[str, tuple[str, int]] = {}  # name -> (expansion, levels it needs)
        self._deepest = 0  # the deepest level the current name's expansion reached
        self._copied = 0  # characters produced so far (the MAX_EXPANSION budget)
        self._frontier: tuple[str, int] | None = None  # deepest name (and level) of a failure

    def expand(self, value: str) -> str:
        self._memo = {}
        self._deepest = 0
        self._copied = 0
        self._frontier = None
        self.learned = []
        out: list[str] = []
        self._parse(value, out, 0)
        return "".join(out)

    def _emit(self, text: str, out: list[str], name: str) -> None:
        size = len(text)
        self._copied += size
        if self._copied > MAX_EXPANSION:
            raise ExpansionError(
                f'unreasonable macro expansion size (over {MAX_EXPANSION} characters): "{name}"'
            )
        if self.budget is not None:
            self.budget.left -= size
            if self.budget.left < 0:
                raise ExpansionError(
                    "unreasonable macro expansion size (the configuration's values expand "
                    f'to over {MAX_TOTAL_EXPANSION} characters in all): "{name}"'
                )
        out.append(text)

    def _parse(self, value: str, out: list[str], level: int) -> None:
        parts = tokenize(value)
        if parts and level > self._deepest:
            self._deepest = level
        for part in parts:
            if level > MAX_NESTING:
                raise ExpansionError(f'unreasonable macro call nesting: "{part.text}"')
            if part.kind == "literal":
                self._emit(part.text, out, part.text[:40])
            elif not part.braced:
                self._use(part.text, self._lookup(part.text, level), out, level)
            else:
                self._expression(part.text, out, level)

    def _use(self, name: str, found: str | None, out: list[str], level: int) -> None:
        if not found:
            return
        if not self.recurse:
            self._emit(found, out, name)
            return
        known = self._memo.get(name) if name else None
        if known is not None:
            text, needs = known
            if level + needs > MAX_NESTING:  # where expanding it again would have failed
                raise ExpansionError(f'unreasonable macro call nesting: "{name}"')
            self._emit(text, out, name)
            return
        if self.shortcuts is None or not name:
            self._walk(name, found, out, level)
            return
        try:
            hop = self.shortcuts.get(name)
            if hop is not None:
                self._probe(*hop, level)
            self._walk(name, found, out, level)
        except ExpansionError:
            if self._frontier is None:
                self._frontier = (name, level)
            elif self._frontier[0] != name:
                self.shortcuts[name] = (self._frontier[0], self._frontier[1] - level)
                self.learned.append(name)
            raise

    def _probe(self, target: str, distance: int, level: int) -> None:
        """Expanding a name reaches `target` `distance` levels down, as an earlier failure
        showed (expansion is deterministic): if `target` fails there, so does the name,
        found without walking the way down again. If it does not, nothing is concluded."""
        copied, deepest = self._copied, self._deepest
        self._use(target, self.lookup(target), [], level + distance)
        self._copied, self._deepest = copied, deepest

    def _walk(self, name: str, found: str, out: list[str], level: int) -> None:
        outer = self._deepest
        self._deepest = level
        inner: list[str] = []
        self._parse(found, inner, level + 1)
        text = "".join(inner)
        if name:  # "" is a relational result, not a name
            self._memo[name] = (text, self._deepest - level)
        self._deepest = max(outer, self._deepest)
        self._emit(text, out, name)

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
            if j < len(body) and body[j] == "{" and name in self.functions:
                argument, rest = _curly_payload(body[j:])
                if rest:
                    raise ExpansionError(f'unexpected input at: "...{argument}}}>>>{rest[:20]}"')
                parts: list[str] = []
                self._parse(argument, parts, level + 1)
                self._emit(self.functions[name]("".join(parts)), out, name)
                return
            if j < len(body) and body[j] not in "?:":
                raise ExpansionError(
                    f'attribute name syntax error at: "...{body[:i]}>>>{body[i : i + 20]}"'
                )
            if j >= len(body):
                self._use(name, self._lookup(name, level), out, level)
                return
            found = self._lookup(name, level, tested=True)
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

    # Set to see each name as it is looked up: its nesting level, the value found, and
    # whether the value is only tested (`${name?text}`) rather than expanded in place
    # (`postlint explain` records the steps of an expansion this way).
    observe: Callable[[str, int, str | None, bool], None] | None = None

    def _lookup(self, name: str, level: int, tested: bool = False) -> str | None:
        found = self.lookup(name)
        if self.observe is not None:
            self.observe(name, level, found, tested)
        return found


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
