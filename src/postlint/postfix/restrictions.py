"""Restriction lists (smtpd_*_restrictions and restriction classes), token by token."""

from __future__ import annotations

from collections.abc import Container, Iterator
from functools import cache

from postlint.postfix.data_files import data_json
from postlint.postfix.expansion import ExpansionError
from postlint.postfix.model import Config
from postlint.postfix.services import LIST_SEPARATORS
from postlint.postfix.value_types import is_number
from postlint.records import FrozenRecord
from postlint.syntax.ast import ConfigFile, Override, Parameter, Service, Span
from postlint.syntax.templates import OPAQUE
from postlint.syntax.tokens import brace_tokens


class RestrictionItem(FrozenRecord):
    __slots__ = ("name", "list_name", "file", "span", "service", "origin")  # noqa: RUF023 (__init__'s order)
    name: str
    list_name: str
    file: ConfigFile
    span: Span
    service: Service | None
    origin: int

    def __init__(
        self,
        name: str,  # the token as written (a restriction, an argument, or type:table)
        list_name: str,  # the parameter or restriction class it belongs to
        file: ConfigFile,
        span: Span,
        service: Service | None = None,
        origin: int = 0,  # where the list's value starts: tells two settings of one list apart
    ) -> None:
        self._set("name", name)
        self._set("list_name", list_name)
        self._set("file", file)
        self._set("span", span)
        self._set("service", service)
        self._set("origin", origin)


def token_spans(value: str) -> Iterator[tuple[str, int, int]]:
    """(token, start, end) of a list value, keeping {...} groups whole."""
    for start, end in brace_tokens(value, LIST_SEPARATORS):
        yield value[start:end], start, end


def restriction_list_names(config: Config) -> set[str]:
    """Built-in restriction lists plus the restriction classes this config defines."""
    names = set(config.catalogue.names_with("kind", "restriction-list"))
    names.discard("smtpd_restriction_classes")  # a list of class names, not restrictions
    classes = config.main_values.get("smtpd_restriction_classes", "")
    names |= {token for token, _s, _e in token_spans(classes)}
    return names


def restriction_items(config: Config) -> Iterator[RestrictionItem]:
    """Every token of every restriction list written in main.cf or a master.cf -o."""
    lists = restriction_list_names(config)
    if config.main is not None:
        for param in config.main.parameters():
            if param.name in lists:
                yield from _items(
                    config.main, param.name, param.value, param.value_span.start, None, param
                )
    if config.master is not None:
        for svc in config.master.services():
            for override, span in _read_overrides(config, svc, lists):
                yield from _items(
                    config.master, override.name, override.value, span.start, svc, None
                )


def _read_overrides(
    config: Config, service: Service, lists: Container[str]
) -> Iterator[tuple[Override, Span]]:
    """The service's -o restriction lists that its program reads (smtpd's, not those of a
    `local` entry that carries them: they change nothing there), with their value spans."""
    for override in service.overrides:
        if override.name not in lists or override.value_span is None:
            continue
        if not config.never_reads(service, override.name):
            yield override, override.value_span


def _items(
    file: ConfigFile,
    list_name: str,
    value: str,
    base: int,
    service: Service | None,
    param: Parameter | None,
) -> Iterator[RestrictionItem]:
    for token, start, end in token_spans(value):
        # A main.cf value can span continuation lines: map through the logical line.
        span = (
            param.value_subspan(start, end) if param is not None else Span(base + start, base + end)
        )
        yield RestrictionItem(token, list_name, file, span, service, base)


@cache
def known_restrictions() -> dict[str, str | None]:
    """Restriction name -> what the next word must be (table, domain, endpoint, seconds)."""
    return {row["name"]: row["argument"] for row in data_json("restrictions.json")}


class Step(FrozenRecord):
    """One restriction of a list, as smtpd's generic_checks() reads it."""

    __slots__ = ("word", "span", "kind", "argument", "problem")  # noqa: RUF023 (__init__'s order)
    word: str
    span: Span
    kind: str
    argument: str | None
    problem: str | None

    def __init__(
        self,
        word: str,
        span: Span,
        kind: str,  # restriction, class, table (bare type:table), unknown, opaque
        argument: str | None = None,  # the word it consumed, when it takes one
        problem: str | None = None,  # why the argument is missing or malformed
    ) -> None:
        self._set("word", word)
        self._set("span", span)
        self._set("kind", kind)
        self._set("argument", argument)
        self._set("problem", problem)


def walk_restrictions(words: list[tuple[str, Span]], classes: set[str]) -> Iterator[Step]:
    """Read a list the way the SMTP server does: names, the words they consume, tables."""
    known = known_restrictions()
    i = 0
    while i < len(words):
        word, span = words[i]
        name = word.lower()
        i += 1
        if "$" in word or OPAQUE in word or word.startswith("{"):
            yield Step(word, span, "opaque")
        elif name in known:
            needs = known[name]
            if needs is None:
                yield Step(word, span, "restriction")
                continue
            # The next word is its argument, even when it is not a good one (Postfix then
            # fails the whole list, so nothing after it is read as a restriction anyway).
            following = words[i][0] if i < len(words) else None
            if following is not None:
                i += 1
            yield Step(word, span, "restriction", following, _argument_problem(needs, following))
        elif ":" in word:
            yield Step(word, span, "table")
        elif word in classes:
            yield Step(word, span, "class")
        else:
            yield Step(word, span, "unknown")


def _argument_problem(needs: str, following: str | None) -> str | None:
    if following is None:
        return {
            "table": "needs a lookup table (type:name) after it",
            "domain": "needs a DNS list domain after it",
            "endpoint": "needs a policy server (inet:host:port or unix:path) after it",
            "seconds": "needs a number of seconds after it",
        }[needs]
    if needs == "table" and ":" not in following:
        return f"is followed by '{following}', which is not a lookup table (type:name)"
    if needs == "endpoint" and ":" not in following:
        return f"is followed by '{following}', which is not inet:host:port or unix:path"
    if needs == "seconds" and not is_number(following):
        return f"is followed by '{following}', which is not a number"
    return None


class RestrictionList(FrozenRecord):
    """One written restriction list: where it is and its words, $names expanded."""

    __slots__ = ("name", "file", "span", "service", "words")  # noqa: RUF023 (__init__'s order)
    name: str
    file: ConfigFile
    span: Span  # the whole value
    service: Service | None
    words: tuple[tuple[str, Span], ...]

    def __init__(
        self,
        name: str,
        file: ConfigFile,
        span: Span,
        service: Service | None,
        words: tuple[tuple[str, Span], ...],
    ) -> None:
        self._set("name", name)
        self._set("file", file)
        self._set("span", span)
        self._set("service", service)
        self._set("words", words)


def restriction_lists(config: Config) -> Iterator[RestrictionList]:
    """Every restriction list (and class) written in main.cf or a master.cf -o.

    A word with a `$` is read after expansion, as Postfix reads the list, and what it
    expands to points at that word; every other word keeps its own span.
    """
    lists = restriction_list_names(config)
    settings: list[tuple[ConfigFile, str, str, Span, Service | None, Parameter | None]] = []
    if config.main is not None:
        for param in config.main.parameters():
            if param.name in lists:
                settings.append(
                    (config.main, param.name, param.value, param.value_span, None, param)
                )
    if config.master is not None:
        for svc in config.master.services():
            for override, span in _read_overrides(config, svc, lists):
                settings.append((config.master, override.name, override.value, span, svc, None))
    for file, name, value, span, service, param in settings:
        words: list[tuple[str, Span]] = []
        for word, start, end in token_spans(value):
            own = (
                param.value_subspan(start, end)
                if param is not None
                else Span(span.start + start, span.start + end)
            )
            if "$" not in word:
                words.append((word, own))
                continue
            # A word with `$` is read after expansion (a $name can hold a whole list);
            # what it expands to points at that word, the others keep their own place.
            try:
                expanded = config.expand(word, service)
            except ExpansionError:
                expanded = word  # PL409's finding; the word is read as written
            words.extend((part, own) for part, _s, _e in token_spans(expanded))
        yield RestrictionList(name, file, span, service, tuple(words))
