"""Repairs of words inside one setting's value, made into one fix (PL423's table types)."""

from __future__ import annotations

from postlint.api import Applicability, Edit, Fix, Setting, Span


class Repair:
    """A word of the value to write anew (a plain class: cheaper to make at start-up than
    a NamedTuple)."""

    __slots__ = ("applicability", "end", "start", "text", "title")

    def __init__(
        self, start: int, end: int, text: str, applicability: Applicability, title: str
    ) -> None:
        self.start = start  # in the value
        self.end = end
        self.text = text
        self.applicability = applicability
        self.title = title


def fix_of(setting: Setting, repairs: list[Repair], resolves: tuple[Span, ...] = ()) -> Fix | None:
    """Repairs of one setting in one fix: safe only when each of them is. `resolves`: the
    spans of the findings it repairs that will not carry it (`Fix.resolves`)."""
    if not repairs:
        return None
    ordered = sorted(repairs, key=lambda r: r.start)
    # The new value in one pass: thousands of repairs in one long list must not copy the
    # value once per repair.
    value, pieces, at = setting.value, [], 0
    for repair in ordered:
        pieces += (value[at : repair.start], repair.text)
        at = repair.end
    pieces.append(value[at:])
    safe = all(r.applicability is Applicability.SAFE for r in repairs)
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    edits = []
    for repair in repairs:
        span = setting.value_subspan(repair.start, repair.end)
        edits.append(Edit(setting.file, span.start, span.end, repair.text))
    return Fix(
        _title(repairs),
        tuple(edits),
        applicability,
        ((setting.key(setting.name), "".join(pieces)),),
        resolves,
    )


# Titles of at most this many repairs are listed in a fix's title; more are counted.
_LISTED = 3


def _title(repairs: list[Repair]) -> str:
    if len(repairs) <= _LISTED:
        return "; ".join(r.title for r in repairs)
    shown = "; ".join(r.title for r in repairs[:_LISTED])
    return f"{shown}; and {len(repairs) - _LISTED} more repairs of this value"
