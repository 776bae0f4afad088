"""What an entry sets once some of its characters are repaired (for a fix's changes)."""

from __future__ import annotations

from postlint.api import (
    POSTFIX_SPACE,
    BrokenEntry,
    ConfigFile,
    FileKind,
    Parameter,
    Service,
    parse_main_cf,
    parse_master_cf,
)


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
    repaired = parse_main_cf(_repaired(file.text[start : param.span.end], start, repairs))
    if any(isinstance(entry, BrokenEntry) for entry in repaired.entries()):
        return None
    settings = [(p.name, p.value) for p in repaired.parameters()]
    if param.name not in {name for name, _value in settings}:
        return (*settings, (param.name, None))
    return tuple(settings)


def nodes_at(file: ConfigFile, offsets: list[int]) -> list[int | None]:
    """The index in `file.nodes` of the node (entry, comment or blank line) each offset is
    in, None past them all; `offsets` in file order, walked along with the nodes once."""
    nodes = file.nodes
    found: list[int | None] = []
    at = 0
    for offset in offsets:
        while at < len(nodes) and nodes[at].span.end <= offset:
            at += 1
        found.append(at if at < len(nodes) else None)
    return found


def repaired_region(
    file: ConfigFile, index: int | None, repairs: list[tuple[int, int, str]]
) -> tuple[tuple[str, str | None], ...] | None:
    """What changes in Postfix's view of either file once each (start, end) range in node
    `index` is replaced with its text (a CR that becomes a line end may split a comment,
    a setting or a service in two): main.cf settings with their new values (None: gone),
    master.cf services as `service/type` with their new command line (None: gone) and
    their -o settings as `service/type/name`. None when the repair makes a line Postfix
    rejects, a fix the engine would drop after the summary had counted it."""
    if index is None:
        return ()
    nodes = file.nodes
    start, end = nodes[index].span.start, nodes[index].span.end
    # Lines that start with a blank but follow no entry (after a comment) continue what
    # the repair may make of the node's last line: they belong to the region too.
    following = index + 1
    while (
        following < len(nodes)
        and isinstance(nodes[following], BrokenEntry)
        and file.text[nodes[following].span.start] in POSTFIX_SPACE
    ):
        end = nodes[following].span.end
        following += 1
    text = file.text[start:end]
    parse = parse_main_cf if file.kind is FileKind.MAIN else parse_master_cf
    old, new = parse(text), parse(_repaired(text, start, repairs))
    if _broken(new) > _broken(old):
        return None
    if file.kind is FileKind.MAIN:
        return _changed(_settings(old), _settings(new))
    return _service_changes(old, new)


def _repaired(text: str, start: int, repairs: list[tuple[int, int, str]]) -> str:
    """`text`, which starts at file offset `start`, with each (start, end) file range in it
    replaced by its text (from the end, so that earlier offsets still hold)."""
    for begin, end, replacement in sorted(repairs, reverse=True):
        text = text[: begin - start] + replacement + text[end - start :]
    return text


def _broken(tree: ConfigFile) -> int:
    return sum(1 for entry in tree.entries() if isinstance(entry, BrokenEntry))


def _settings(tree: ConfigFile) -> dict[str, str]:
    return {p.name: p.value for p in tree.parameters()}  # the last of a name wins


def _changed(
    old: dict[str, str], new: dict[str, str], prefix: str = ""
) -> tuple[tuple[str, str | None], ...]:
    changed = [(prefix + name, value) for name, value in new.items() if old.get(name) != value]
    changed += [(prefix + name, None) for name in old if name not in new]
    return tuple(changed)


def _service_changes(old: ConfigFile, new: ConfigFile) -> tuple[tuple[str, str | None], ...]:
    before = {s.key: s for s in old.services()}
    after = {s.key: s for s in new.services()}
    changes: list[tuple[str, str | None]] = []
    for key in [*before, *(k for k in after if k not in before)]:
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was.argv == now.argv:
            continue
        changes.append((key, None if now is None else " ".join(now.argv)))
        changes += _changed(_overrides(was), _overrides(now), f"{key}/")
    return tuple(changes)


def _overrides(service: Service | None) -> dict[str, str]:
    if service is None:
        return {}
    return {o.name: o.value for o in service.overrides if o.name is not None}
