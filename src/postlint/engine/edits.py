"""Edit builders for fixes: small, exact text changes on the original file."""

from __future__ import annotations

import bisect

from postlint.engine.diagnostics import Edit
from postlint.postfix.services import PREFIX_SWAPS
from postlint.syntax.ast import (
    POSTFIX_SPACE,
    ConfigFile,
    Entry,
    Override,
    Parameter,
    PhysicalLine,
    Service,
)
from postlint.syntax.main_cf import definitions


def line_ending(file: ConfigFile) -> str:
    """The file's own line ending (CRLF if its first line uses it)."""
    first = file.text.find("\n")
    return "\r\n" if first > 0 and file.text[first - 1] == "\r" else "\n"


def replace_value(file: ConfigFile, param: Parameter, value: str) -> Edit:
    span = param.value_span
    if not param.value and span.start > 0 and file.text[span.start - 1] == "=":
        value = " " + value
    return Edit(file, span.start, span.end, value)


def rename_parameter(file: ConfigFile, param: Parameter, name: str) -> Edit:
    return Edit(file, param.name_span.start, param.name_span.end, name)


def delete_entry(file: ConfigFile, entry: Entry) -> Edit:
    """Remove a whole logical line, continuation lines included."""
    lines = entry.lines
    if type(lines) is tuple and len(lines) == 1:
        # One physical line (most entries; a file repeating a setting has a fix on every
        # line): its bounds without computing `entry.span`.
        start = lines[0].start
        end = start + len(lines[0].text)
    else:
        span = entry.span  # computed from the lines on each access: once here
        start, end = span.start, span.end
    text = file.text
    if end == len(text) and not text.endswith("\n") and start > 0:
        # Keep "no final newline": take the newline before the entry instead of after it.
        start -= 2 if text[start - 2 : start] == "\r\n" else 1
    return Edit(file, start, end, "")


def _family_prefixes(name: str) -> list[str]:
    """Where a parameter belongs, most specific first: its own family (smtp_tls_, smtp_),
    then its client/server twin's (smtpd_tls_), since admins keep TLS settings together."""
    parts = name.split("_")
    own = ["_".join(parts[:i]) + "_" for i in range(len(parts) - 1, 0, -1)]
    twin = next((t[0] for p, t in PREFIX_SWAPS.items() if name.startswith(p)), None)
    if twin is None:
        return own
    rest = name.split("_", 1)[1]
    twin_parts = (twin + rest).split("_")
    twins = ["_".join(twin_parts[:i]) + "_" for i in range(len(twin_parts) - 1, 1, -1)]
    return own[:-1] + twins + own[-1:]


def insert_parameter(file: ConfigFile, name: str, value: str) -> Edit:
    """Add `name = value` after the last parameter of its family, else at the end."""
    eol = line_ending(file)
    anchor = _family_anchor(file, _family_prefixes(name))
    text = file.text
    line = f"{name} = {value}" if value else f"{name} ="
    if anchor is not None:
        at = anchor.span.end
        if at == len(text) and not text.endswith("\n"):
            return Edit(file, at, at, eol + line)
        return Edit(file, at, at, line + eol)
    at = len(text)
    if text and not text.endswith("\n"):
        return Edit(file, at, at, eol + line)
    return Edit(file, at, at, line + eol)


def _family_anchor(file: ConfigFile, prefixes: list[str]) -> Parameter | None:
    """The last parameter of the first family in `prefixes` that the file has.

    One walk from the end, not one per family: a rule may insert into a main.cf of
    100,000 lines. Going backwards, the first parameter of a family is its last; only
    the families before the best one found so far are still looked for.
    """
    wanted = tuple(prefixes)
    anchor: Parameter | None = None
    for param in reversed(_walked(file)):
        if param.name.startswith(wanted):
            anchor = param
            wanted = wanted[: next(i for i, p in enumerate(wanted) if param.name.startswith(p))]
            if not wanted:
                break
    return anchor


def _walked(file: ConfigFile) -> tuple[Parameter, ...]:
    """The parameters `_family_anchor` walks, in file order, worked out once per file: a
    file that repeats its names (a generated main.cf of thousands of lines setting a few
    names) by the last definition of each (`definitions`), as six rules may each insert
    into one and the family they look for first be absent; any other, every parameter."""
    walked = file.derived.get("family anchors")
    if walked is None:
        defined = definitions(file)
        if 2 * len(defined) < sum(map(len, defined.values())):
            walked = tuple(sorted((each[-1] for each in defined.values()), key=_name_offset))
        else:
            walked = tuple(file.parameters())
        file.derived["family anchors"] = walked
    return walked  # type: ignore[return-value]


def _name_offset(param: Parameter) -> int:
    return param.name_span.start


def set_override(file: ConfigFile, service: Service, name: str, value: str) -> Edit:
    """Change an existing `-o name=value` of a service, or add one on a new line."""
    for override in service.overrides:
        if override.name == name and override.value_span is not None:
            return Edit(file, override.value_span.start, override.value_span.end, value)
    eol = line_ending(file)
    indent = "  "
    for line in service.lines[1:]:
        if line.joins:
            indent = line.content[: len(line.content) - len(line.content.lstrip(POSTFIX_SPACE))]
            break
    text = file.text
    at = service.span.end
    new = f"{indent}-o {name}={value}"
    if at == len(text) and not text.endswith("\n"):
        return Edit(file, at, at, eol + new)
    return Edit(file, at, at, new + eol)


def replace_override(file: ConfigFile, override: Override, name: str, value: str) -> Edit:
    """Rewrite one `-o name=value` (any form) as `-o NAME=VALUE`, in place."""
    assert override.name_span is not None and override.value_span is not None
    return Edit(file, override.name_span.start, override.value_span.end, f"{name}={value}")


def delete_override(file: ConfigFile, service: Service, override: Override) -> Edit:
    """Remove one `-o name=value`: its whole line when it is alone there (the usual
    indented `-o` line), else the option and the blanks on one side of it."""
    span, text = override.span, file.text
    lines = service.lines
    # The physical line the option starts on (a service may have thousands of -o lines).
    line = lines[bisect.bisect_right(lines, span.start, key=_line_start) - 1]
    if line is not lines[0] and line.content.strip(POSTFIX_SPACE) == text[span.start : span.end]:
        return Edit(file, line.start, line.start + len(line.text), "")
    start, end = span.start, span.end
    while start > 0 and text[start - 1] in LINE_BLANKS:
        start -= 1
    if start == 0 or text[start - 1] == "\n":  # first on its line: keep the indent
        start = span.start
        while end < len(text) and text[end] in LINE_BLANKS:
            end += 1
    return Edit(file, start, end, "")


def _line_start(line: PhysicalLine) -> int:
    return line.start


# Blanks within one physical line (not CR or LF).
LINE_BLANKS = " \t\x0b\x0c"


def inline_comment_start(value: str) -> int | None:
    """Index of a `#` that starts a would-be comment inside a value (after whitespace)."""
    index = value.find("#", 1)  # str.find jumps to each '#': long values stay cheap
    while index > 0:
        if value[index - 1] in POSTFIX_SPACE:
            return index
        index = value.find("#", index + 1)
    return None


def move_inline_comment(file: ConfigFile, param: Parameter) -> list[Edit] | None:
    """Move `value  # text` to a `# text` line above the entry; None if not on one line."""
    span = param.value_span
    index = inline_comment_start(file.text[span.start : span.end])
    if index is None:
        return None
    hash_offset = span.start + index
    comment = file.text[hash_offset : param.value_span.end]
    if "\n" in comment:
        return None
    keep_end = hash_offset
    while keep_end > param.value_span.start and file.text[keep_end - 1] in POSTFIX_SPACE:
        keep_end -= 1
    first = param.lines[0]
    eol = "\r\n" if first.text.endswith("\r\n") else "\n"
    return [
        Edit(file, first.start, first.start, comment + eol),
        Edit(file, keep_end, param.value_span.end, ""),
    ]


def combine(edit_list: list[Edit]) -> list[Edit]:
    """Merge insertions at the same point into one edit (in order), so they cannot clash."""
    merged: list[Edit] = []
    for edit in edit_list:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.file is edit.file
            and last.start == last.end == edit.start == edit.end
        ):
            merged[-1] = Edit(edit.file, edit.start, edit.end, last.content + edit.content)
        else:
            merged.append(edit)
    return merged


def set_parameter(file: ConfigFile, existing: Parameter | None, name: str, value: str) -> Edit:
    """Give `name` a value: change the (last) existing definition, or add one in its family."""
    if existing is not None:
        return replace_value(file, existing, value)
    return insert_parameter(file, name, value)
