"""What a main.cf entry sets once some of its characters are repaired (for a fix's changes)."""

from __future__ import annotations

from postlint.api import BrokenEntry, ConfigFile, FileKind, Parameter, parse_main_cf


def entries_at(file: ConfigFile, offsets: list[int]) -> list[Parameter | None]:
    """The main.cf parameter each offset is in (None: between entries, or master.cf);
    `offsets` in file order, walked along with the entries in one pass."""
    if file.kind is not FileKind.MAIN:
        return [None] * len(offsets)
    params = list(file.parameters())
    found: list[Parameter | None] = []
    at = 0
    for offset in offsets:
        while at < len(params) and params[at].span.end <= offset:
            at += 1
        inside = at < len(params) and params[at].span.start <= offset
        found.append(params[at] if inside else None)
    return found


def repaired_settings(
    file: ConfigFile, param: Parameter | None, repairs: list[tuple[int, int, str]]
) -> tuple[tuple[str, str | None], ...] | None:
    """The settings of the main.cf entry `param` after replacing each (start, end) file
    range with its text: the entries it becomes (a repair may end a line or rename the
    setting), and None for the name it had if that name is gone. None instead when Postfix
    would reject what the repair makes (a space in the name): the fix engine would drop
    that fix, after the summary had counted it as fixable, so it is not offered."""
    if param is None:
        return ()
    start = param.span.start
    text = file.text[start : param.span.end]
    for begin, end, replacement in sorted(repairs, reverse=True):
        text = text[: begin - start] + replacement + text[end - start :]
    repaired = parse_main_cf(text)
    if any(isinstance(entry, BrokenEntry) for entry in repaired.entries()):
        return None
    settings = [(p.name, p.value) for p in repaired.parameters()]
    if param.name not in {name for name, _value in settings}:
        return (*settings, (param.name, None))
    return tuple(settings)
