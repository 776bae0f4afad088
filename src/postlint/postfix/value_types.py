"""Whether a value fits a parameter's type: what the daemons check when they start."""

from __future__ import annotations

import re
from collections.abc import Callable

from postlint.postfix.catalogue import ParameterInfo
from postlint.postfix.services import split_list

TIME = re.compile(r"^[0-9]+([smhdw]|$)")
INTEGER = re.compile(r"^[+-]?[0-9]+$")


# More digits than any C integer Postfix reads a number into holds (it rejects the value),
# and more than Python's int() converts (ValueError past 4,300: quadratic work otherwise).
MAX_DIGITS = 1000


def is_number(text: str) -> bool:
    """Digits 0-9 only, as Postfix reads numbers: str.isdigit() also takes superscripts
    (which int() rejects) and other scripts' digits (which Postfix does not read); and not
    a hostile number of them (int() of the text is safe when this holds)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS


def type_problem(
    ctype: str, kind: str, value: str, minimum: int | None, maximum: int | None
) -> str | None:
    """Why `value` is not a valid value of a parameter of this catalogue type (None if it is)."""
    v = value.strip()
    if ctype in ("bool", "nbool"):
        return None if v.lower() in ("yes", "no") else "is not yes or no"
    if ctype in ("int", "long", "nint"):
        if not INTEGER.match(v):
            return "is not a whole number (no units)"
        if not is_number(v.lstrip("+-")):
            return "has too many digits for a number Postfix reads"
        number = int(v)
        if minimum is not None and number < minimum:
            return f"is below the minimum {minimum}"
        if maximum is not None and number > maximum:
            return f"is above the maximum {maximum}"
        return None
    if ctype == "time":
        return None if TIME.match(v) else "is not a time (a number with s, m, h, d or w)"
    # str_fn: a string whose default is computed (myhostname, mydomain); the length check is
    # the same ("bad string length 0 < 1" when empty).
    if ctype in ("str", "str_fn", "raw") and minimum and len(v) < minimum:
        return "must not be empty"
    return None


def table_list_problem(
    value: str, default: str, kind_of: Callable[[str], str | None]
) -> str | None:
    """A table list (`transport_maps`) with an entry that is not `type:name`: the daemon
    that opens it dies ("expecting type:name"). `value` is expanded, `default` is the
    parameter's raw default and `kind_of` gives a parameter's kind. Lists whose default
    holds other things (`proxy_read_maps` lists `$mydestination`, `$mynetworks`) take any
    entry and skip what is not a table."""
    return None if takes_any_entry(default, kind_of) else not_a_table(value)


def takes_any_entry(default: str, kind_of: Callable[[str], str | None]) -> bool:
    """Whether a table list with this default takes entries that are not tables (see
    table_list_problem): the same for every value, so a caller may ask once per name."""
    for item in split_list(default):
        name = item.lstrip("$").strip("{}()")
        if (item.startswith("$") and kind_of(name) != "map-list") or (
            not item.startswith("$") and ":" not in item
        ):
            return True
    return False


def not_a_table(value: str) -> str | None:
    """table_list_problem's finding for a list that must hold only tables."""
    bad = [item for item in split_list(value) if ":" not in item]
    return f"is not a list of tables (type:name): {bad[0]}" if bad else None


_BOOLEAN_WORDS = frozenset(("yes", "no", "true", "false"))


def fits(info: ParameterInfo, value: str) -> bool:
    """Whether `value` is a sensible value of `info`'s type, for a fix that moves a value
    from one parameter to another (a renamed name inherits the old value).

    Stricter than the daemons where they would accept nonsense: a table list takes only
    `type:name` entries (or `$name`), and a `yes`/`no` goes only into a boolean, so
    `use_transport_maps = no` never becomes `transport_maps = no` (Postfix dies on that).
    """
    v = value.strip()
    if type_problem(info.ctype, info.kind, v, info.min, info.max):
        return False
    if info.ctype not in ("bool", "nbool") and v.lower() in _BOOLEAN_WORDS:
        return False
    if info.kind == "map-list":
        return all(":" in item or item.startswith("$") for item in split_list(v))
    return True
