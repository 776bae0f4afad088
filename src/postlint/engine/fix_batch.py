"""Which fixes one pass of the fix engine applies together.

Fixes whose edits overlap wait for the next pass. Fixes of one setting may each look fine
alone and still contradict each other (two of them each delete one of two definitions, or
set it to different values), so a setting used to take one fix per pass: fifteen lines
setting one name, each with its own fix, took fifteen passes, more than the engine runs.
Fixes that declare the same new value for a setting now go in one pass, and the result is
checked: when the setting does not end up with that value, all but the first of them wait.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable

from postlint.engine.diagnostics import Diagnostic, Edit
from postlint.engine.units import LintUnit
from postlint.syntax.ast import ConfigFile
from postlint.syntax.main_cf import definitions


class _Taken:
    """The edits chosen in one pass, sorted per file, so that a conflict is found by bisect
    instead of comparing with every edit taken so far (10,000 fixes in one file)."""

    def __init__(self) -> None:
        self._by_file: dict[ConfigFile, tuple[list[int], list[Edit]]] = {}

    def conflicts(self, edit: Edit) -> bool:
        starts, taken = self._by_file.get(edit.file, ((), ()))
        # Taken edits never overlap one another, so their ends grow with their starts:
        # walk back from the last one starting at or before this edit's end.
        index = bisect.bisect_right(starts, edit.end)
        while index > 0:
            index -= 1
            if taken[index].end < edit.start:
                return False
            if edit.overlaps(taken[index]):
                return True
        return False

    def add(self, edit: Edit) -> None:
        starts, taken = self._by_file.setdefault(edit.file, ([], []))
        index = bisect.bisect_right(starts, edit.start)
        starts.insert(index, edit.start)
        taken.insert(index, edit)


def _first_offset(d: Diagnostic) -> int:
    assert d.fix is not None
    return min(e.start for e in d.fix.edits)


def _entry_key(name: str) -> bool:
    """`service/type`: a master.cf entry's fields, whose declared form is not checked here."""
    return name.count("/") == 1


def choose(
    candidates: Iterable[Diagnostic], alone: frozenset[str] = frozenset()
) -> list[Diagnostic]:
    """The fixes of one pass, in file order: no two whose edits overlap, and no two that
    declare different values for one setting (or change one master.cf entry's fields, or
    one setting named in `alone`)."""
    chosen: list[Diagnostic] = []
    taken = _Taken()
    declared: dict[str, str | None] = {}
    for d in sorted(candidates, key=_first_offset):
        assert d.fix is not None
        changes = d.fix.changes
        if changes and _clashes(changes, declared, alone):
            continue
        if any(taken.conflicts(e) for e in d.fix.edits):
            continue
        chosen.append(d)
        for edit in d.fix.edits:
            taken.add(edit)
        declared.update(changes)
    return chosen


def _clashes(
    changes: tuple[tuple[str, str | None], ...],
    declared: dict[str, str | None],
    alone: frozenset[str],
) -> bool:
    for name, value in changes:
        if name in declared and (declared[name] != value or _entry_key(name) or name in alone):
            return True
    return False


def contradicted(unit: LintUnit, chosen: list[Diagnostic]) -> frozenset[str]:
    """The settings that several chosen fixes change, all to one value, which `unit` (the
    result of applying them all) does not give them: those fixes contradict each other."""
    count: Counter[str] = Counter()
    declared: dict[str, str | None] = {}
    for d in chosen:
        assert d.fix is not None
        for name, value in d.fix.changes:
            count[name] += 1
            declared[name] = value
    shared = [name for name, n in count.items() if n > 1]
    if not shared:
        return frozenset()
    # Every definition of each main.cf name, kept on the tree (the next lint of this text
    # finds it made); the last one is what Postfix uses.
    main = definitions(unit.main) if unit.main is not None else {}
    wrong = set()
    for name in shared:
        if "/" in name:
            now = _override_value(unit, name)
        else:
            now = main[name][-1].value if name in main else None
        if not _same_value(now, declared[name]):
            wrong.add(name)
    return frozenset(wrong)


def _override_value(unit: LintUnit, key: str) -> str | None:
    """The value of `service/type/name` (an -o) in `unit`'s master.cf, None if unset."""
    service_key, _, name = key.rpartition("/")
    value = None
    if unit.master is None:
        return None
    for service in unit.master.services():
        if service.key == service_key:
            value = None  # a later entry of the same service is the one read
            for override in service.overrides:
                if override.name == name:
                    value = override.value
    return value


def _same_value(now: str | None, declared: str | None) -> bool:
    if now is None or declared is None:
        return now is declared
    # Declared as postconf prints it: words joined by single spaces.
    return now == declared or now.split() == declared.split()
