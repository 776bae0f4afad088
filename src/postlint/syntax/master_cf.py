"""master.cf parser: services, their fields, and their -o overrides, as postconf reads them."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator, Sequence
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


class DaemonOption(namedtuple("DaemonOption", "index flags letter value_index value_offset")):
    """One option word of a master.cf command as the daemon's getopt() reads it."""

    __slots__ = ()  # (collections' named tuple: typing.NamedTuple compiles each annotation)
    index: int  # the word's index among the arguments
    flags: str  # the letters of options without a value (-v, -D), before `letter`
    letter: str  # the option that takes a value ("o" for -o), "" when the word has none
    value_index: int | None  # the word holding that value (this one or the next); None: missing
    value_offset: int  # where the value starts in that word


def daemon_options(words: Sequence[str]) -> Iterator[DaemonOption]:
    """The options at the start of a command's arguments, up to the first word that is not
    one (or `--`). A template placeholder (`{{ smtpd_flags }}`) most likely expands to
    options, so the options after it are still read."""
    i = 0
    while i < len(words):
        word = words[i]
        if OPAQUE in word and not word.startswith("-"):
            i += 1
            continue
        if not word.startswith("-") or word == "--":
            return
        j = 1
        while j < len(word) and word[j] not in DAEMON_OPTIONS_WITH_VALUE:
            j += 1
        if j >= len(word):
            yield DaemonOption(i, word[1:], "", None, 0)
        elif j + 1 < len(word):
            yield DaemonOption(i, word[1:j], word[j], i, j + 1)
        elif i + 1 < len(words):
            yield DaemonOption(i, word[1:j], word[j], i + 1, 0)
            i += 1
        else:
            yield DaemonOption(i, word[1:j], word[j], None, 0)
        i += 1


def _daemon_overrides(logical: LogicalLine, tokens: list[tuple[str, int]]) -> list[Override]:
    """The -o overrides as the daemon's getopt() reads the command arguments."""
    overrides: list[Override] = []
    for found in daemon_options([arg for arg, _start in tokens]):
        if found.letter != "o" or found.value_index is None:
            continue
        arg, start = tokens[found.index]
        option = Field(arg, logical, start, start + len(arg))
        if found.value_index == found.index:
            value_text, value_start = arg[found.value_offset :], start + found.value_offset
            argument, form = None, OverrideForm.ATTACHED
        else:
            value_text, value_start = tokens[found.value_index]
            argument = Field(value_text, logical, value_start, value_start + len(value_text))
            form = OverrideForm.SHORT
        overrides.append(_override(logical, option, argument, form, value_text, value_start))
    return overrides


class OverrideText(namedtuple("OverrideText", "long offset inner name value error")):
    """What the value of an -o says: `name=value`, or `{ name = value }` unwrapped."""

    __slots__ = ()
    long: bool  # the { name = value } form
    offset: int  # where `inner` starts in the value
    inner: str  # the text between the braces, or the whole value
    name: tuple[int, int] | None  # (start, end) in `inner`; None: not a name=value
    value: tuple[int, int] | None  # (start, end) in `inner`
    error: str | None  # what postconf says of a malformed { } form


def read_override(text: str) -> OverrideText:
    """Read an -o value as postconf does."""
    if not text.startswith("{"):
        name, sep, _value = text.partition("=")
        if not sep:
            return OverrideText(False, 0, text, None, None, None)
        return OverrideText(False, 0, text, (0, len(name)), (len(name) + 1, len(text)), None)
    inner, inner_start, _inner_end, error = extract_braced(text)
    if error:
        return OverrideText(True, 0, inner, None, None, error)
    parts = split_name_value(inner)
    if parts is None:
        missing = f"missing '=' after attribute name: \"{inner}\""
        return OverrideText(True, inner_start, inner, None, None, missing)
    ns, ne, vs, ve = parts
    return OverrideText(True, inner_start, inner, (ns, ne), (vs, ve), None)


def _override(
    logical: LogicalLine,
    option: Field,
    argument: Field | None,
    form: OverrideForm,
    value_text: str,
    value_start: int,
) -> Override:
    read = read_override(value_text)
    if read.long:
        form = OverrideForm.LONG
    if read.name is None or read.value is None:
        inner = read.inner
        return Override(option, argument, form, None, inner, inner, None, None, read.error)
    (ns, ne), (vs, ve) = read.name, read.value
    name, value = read.inner[ns:ne], read.inner[vs:ve]
    base = value_start + read.offset
    return Override(
        option,
        argument,
        form,
        name,
        value,
        f"{name}={value}",
        logical.span_of(base + ns, base + ne),
        logical.span_of(base + vs, base + ve),
    )
