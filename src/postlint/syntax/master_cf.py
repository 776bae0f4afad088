"""master.cf parser: services, their fields, and their -o overrides, as postconf reads them."""

from __future__ import annotations

from collections.abc import Sequence
from sys import intern
from typing import TYPE_CHECKING

from postlint.syntax.ast import (
    POSTFIX_SPACE,
    BrokenEntry,
    ConfigFile,
    Entry,
    ErrorKind,
    Field,
    FileKind,
    LogicalLine,
    Override,
    OverrideForm,
    PhysicalLine,
    Service,
    Span,
)
from postlint.syntax.lines import GRAMMAR, parse_nodes
from postlint.syntax.main_cf import effective_text
from postlint.syntax.templates import OPAQUE
from postlint.syntax.tokens import brace_tokens, closing_bracket

if TYPE_CHECKING:
    from postlint.syntax.incremental import NodeReuse  # the editor's: a check needs none

MASTER_BLANKS = " \t\r\n"  # postconf's field separators (no VT/FF, unlike main.cf)
FIELD_COUNT = 8
FIELD_NAMES = (
    "service",
    "type",
    "private",
    "unprivileged",
    "chroot",
    "wakeup",
    "process_limit",
    "command",
)
OPTIONS_WITH_VALUE = "o"  # postconf treats only -o as taking a value


def parse_master_cf(
    text: str, path: str = "master.cf", reuse: NodeReuse | None = None
) -> ConfigFile:
    nodes = parse_nodes(GRAMMAR, text, parse_service, reuse)
    return ConfigFile(FileKind.MASTER, text, nodes, path)


def split_fields(text: str) -> list[tuple[int, int]]:
    """Split on blanks, keeping {...} groups (which may contain blanks) in one field."""
    return brace_tokens(text, MASTER_BLANKS)


def extract_braced(text: str) -> tuple[str, int, int, str | None]:
    """Strip the outer {} of a braced argument and the whitespace inside them.

    Returns (inner text, inner start, inner end, error) with positions relative to `text`.
    """
    close = closing_bracket(text)
    if close < 0:
        return text, 0, len(text), f"missing '}}' in \"{text}\""
    if text[close + 1 :].strip(POSTFIX_SPACE):
        return text, 0, len(text), f"syntax error after '}}' in \"{text}\""
    start, end = 1, close
    while start < end and text[start] in POSTFIX_SPACE:
        start += 1
    while end > start and text[end - 1] in POSTFIX_SPACE:
        end -= 1
    return text[start:end], start, end, None


def split_name_value(text: str) -> tuple[int, int, int, int] | None:
    """Positions (name start, name end, value start, value end) of `name = value`, or None."""
    n = len(text)
    i = 0
    while i < n and text[i] in POSTFIX_SPACE:
        i += 1
    name_start = i
    while i < n and text[i] not in POSTFIX_SPACE and text[i] != "=":
        i += 1
    name_end = i
    while i < n and text[i] in POSTFIX_SPACE:
        i += 1
    if i >= n or text[i] != "=" or name_end == name_start:
        return None
    i += 1
    while i < n and text[i] in POSTFIX_SPACE:
        i += 1
    end = n
    while end > i and text[end - 1] in POSTFIX_SPACE:
        end -= 1
    return name_start, name_end, i, end


def parse_service(lines: Sequence[PhysicalLine]) -> Entry:
    service = Service(lines)
    logical = service.logical
    text = effective_text(logical.text)
    ranges = split_fields(text)
    if len(ranges) < FIELD_COUNT:
        entry = BrokenEntry(lines)
        entry.error = ErrorKind.FIELD_COUNT
        entry.message = "bad field count"
        return entry
    # The eight standard fields repeat across services ("unix", "-", "n"): share the strings.
    service.fields = tuple(
        Field(intern(text[s:e]) if i < FIELD_COUNT else text[s:e], logical, s, e)
        for i, (s, e) in enumerate(ranges)
    )
    argv, overrides, warnings = _normalise_arguments(logical, text, ranges)
    service.argv = tuple(argv)
    service.overrides = tuple(overrides)
    service.warnings = tuple(warnings)
    return service


DAEMON_OPTIONS_WITH_VALUE = "imnorst"  # the daemons' getopt strings


def _normalise_arguments(
    logical: LogicalLine, text: str, ranges: list[tuple[int, int]]
) -> tuple[list[str], list[Override], list[str]]:
    """Return postconf's canonical argv, the -o overrides, and brace warnings.

    The two views differ on purpose: postconf splits an option cluster at any later
    'o' ("-vosyslog_name=x" becomes "-v -o sysl -o g_name=x"), while the daemon's
    getopt reads "-v" and "-o syslog_name=x". `show` needs the first, rules the second.
    """
    argv = [text[s:e] for s, e in ranges[:FIELD_COUNT]]
    warnings: list[str] = []
    tokens = [(text[s:e], s) for s, e in ranges[FIELD_COUNT:]]
    end_of_options = _postconf_options(tokens, argv, warnings)
    for arg, _start in tokens[end_of_options:]:
        if arg.startswith("{"):
            inner, _s, _e, error = extract_braced(arg)
            if error:
                warnings.append(error)
            argv.append(inner)
        else:
            argv.append(arg)
    return argv, _daemon_overrides(logical, tokens), warnings


def _postconf_options(tokens: list[tuple[str, int]], argv: list[str], warnings: list[str]) -> int:
    """Normalise daemon options as postconf does; return the index of the first argument."""
    # (text, index of the original token) so clusters can be split in place.
    work = [(arg, index) for index, (arg, _start) in enumerate(tokens)]
    i = 0
    while i < len(work):
        arg, origin = work[i]
        if not arg.startswith("-") or arg == "--":
            break
        split_at = next((k for k in range(2, len(arg)) if arg[k] in OPTIONS_WITH_VALUE), None)
        if split_at is not None:
            work[i : i + 1] = [(arg[:split_at], origin), ("-" + arg[split_at:], origin)]
            arg = arg[:split_at]
        argv.append(arg[:2] if len(arg) > 2 and arg[1] in OPTIONS_WITH_VALUE else arg)
        if len(arg) < 2 or arg[1] not in OPTIONS_WITH_VALUE:
            i += 1
            continue
        if len(arg) > 2:
            value = arg[2:]
        elif i + 1 < len(work):
            i += 1
            value = work[i][0]
        else:
            i += 1
            continue
        if value.startswith("{"):
            inner, _s, _e, error = extract_braced(value)
            if error:
                warnings.append(error)
            else:
                parts = split_name_value(inner)
                if parts is None:
                    warnings.append(f"missing '=' after attribute name: \"{inner}\"")
                else:
                    ns, ne, vs, ve = parts
                    inner = inner[ns:ne] + "=" + inner[vs:ve]
            value = inner
        argv.append(value)
        i += 1
    return work[i][1] if i < len(work) else len(tokens)


def _daemon_overrides(logical: LogicalLine, tokens: list[tuple[str, int]]) -> list[Override]:
    """The -o overrides as the daemon's getopt() reads the command arguments."""
    overrides: list[Override] = []
    i = 0
    while i < len(tokens):
        arg, start = tokens[i]
        if OPAQUE in arg and not arg.startswith("-"):
            # A template placeholder (`{{ smtpd_flags }}`) most likely expands to options:
            # the -o lines after it still belong to the service.
            i += 1
            continue
        if not arg.startswith("-") or arg == "--":
            break
        j = 1
        while j < len(arg) and arg[j] not in DAEMON_OPTIONS_WITH_VALUE:
            j += 1
        if j >= len(arg):
            i += 1
            continue
        option = Field(arg, logical, start, start + len(arg))
        if j + 1 < len(arg):
            value_text, value_start, argument = arg[j + 1 :], start + j + 1, None
            form = OverrideForm.ATTACHED
        elif i + 1 < len(tokens):
            value_text, value_start = tokens[i + 1]
            argument = Field(value_text, logical, value_start, value_start + len(value_text))
            form = OverrideForm.SHORT
            i += 1
        else:
            i += 1
            continue
        if arg[j] == "o":
            overrides.append(_override(logical, option, argument, form, value_text, value_start))
        i += 1
    return overrides


def _override(
    logical: LogicalLine,
    option: Field,
    argument: Field | None,
    form: OverrideForm,
    value_text: str,
    value_start: int,
) -> Override:
    offset = value_start
    inner = value_text
    error = None
    if value_text.startswith("{"):
        form = OverrideForm.LONG
        inner, inner_start, _inner_end, error = extract_braced(value_text)
        offset = value_start + inner_start
        if error:
            offset = value_start
    if form is OverrideForm.LONG and error is None:
        parts = split_name_value(inner)
        if parts is None:
            error = f"missing '=' after attribute name: \"{inner}\""
        else:
            ns, ne, vs, ve = parts
            normalised = inner[ns:ne] + "=" + inner[vs:ve]
            return Override(
                option,
                argument,
                form,
                inner[ns:ne],
                inner[vs:ve],
                normalised,
                logical.span_of(offset + ns, offset + ne),
                logical.span_of(offset + vs, offset + ve),
            )
    name, sep, value = inner.partition("=")
    if not sep or error:
        return Override(option, argument, form, None, inner, inner, None, None, error)
    name_span = logical.span_of(offset, offset + len(name))
    value_span = logical.span_of(offset + len(name) + 1, offset + len(inner))
    return Override(option, argument, form, name, value, inner, name_span, value_span)


def field_span(service: Service, index: int) -> Span:
    return service.fields[index].span
