"""What a main.cf entry sets once some of its characters are repaired (for a fix's changes)."""

from __future__ import annotations

from postlint.api import ConfigFile, Parameter, parse_main_cf


def repaired_settings(
    file: ConfigFile, param: Parameter | None, repairs: list[tuple[int, int, str]]
) -> tuple[tuple[str, str | None], ...]:
    """The settings of the main.cf entry `param` after replacing each (start, end) file
    range with its text: the entries it becomes (a repair may end a line or rename the
    setting), and None for the name it had if that name is gone."""
    if param is None:
        return ()
    start = param.span.start
    text = file.text[start : param.span.end]
    for begin, end, replacement in sorted(repairs, reverse=True):
        text = text[: begin - start] + replacement + text[end - start :]
    settings = [(p.name, p.value) for p in parse_main_cf(text).parameters()]
    if param.name not in {name for name, _value in settings}:
        return (*settings, (param.name, None))
    return tuple(settings)
