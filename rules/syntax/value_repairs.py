"""Repairs of words inside one setting's value, made into one fix (PL423's table types)."""

from __future__ import annotations

from postlint.api import Applicability, Edit, Fix, Setting


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


def fix_of(setting: Setting, repairs: list[Repair]) -> Fix | None:
    """Repairs of one setting in one fix: safe only when each of them is."""
    if not repairs:
        return None
    value = setting.value
    for repair in sorted(repairs, key=lambda r: r.start, reverse=True):
        value = value[: repair.start] + repair.text + value[repair.end :]
    safe = all(r.applicability is Applicability.SAFE for r in repairs)
    edits = []
    for repair in repairs:
        span = setting.value_subspan(repair.start, repair.end)
        edits.append(Edit(setting.file, span.start, span.end, repair.text))
    title = repairs[0].title if len(repairs) == 1 else "; ".join(r.title for r in repairs)
    return Fix(
        title,
        tuple(edits),
        Applicability.SAFE if safe else Applicability.UNSAFE,
        ((setting.key(setting.name), value),),
    )
