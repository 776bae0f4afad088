"""Restriction lists (smtpd_*_restrictions and restriction classes), token by token."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from postlint.postfix.model import Config
from postlint.postfix.services import LIST_SEPARATORS
from postlint.syntax.ast import ConfigFile, Parameter, Service, Span
from postlint.syntax.tokens import brace_tokens


@attrs.frozen
class RestrictionItem:
    name: str  # the token as written (a restriction, an argument, or type:table)
    list_name: str  # the parameter or restriction class it belongs to
    file: ConfigFile
    span: Span
    service: Service | None = None
    origin: int = 0  # where the list's value starts: tells two settings of one list apart


def token_spans(value: str) -> Iterator[tuple[str, int, int]]:
    """(token, start, end) of a list value, keeping {...} groups whole."""
    for start, end in brace_tokens(value, LIST_SEPARATORS):
        yield value[start:end], start, end


def restriction_list_names(config: Config) -> set[str]:
    """Built-in restriction lists plus the restriction classes this config defines."""
    names = {info.name for info in config.catalogue if info.kind == "restriction-list"}
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
            for override in svc.overrides:
                if override.name in lists and override.value_span is not None:
                    yield from _items(
                        config.master,
                        override.name,
                        override.value,
                        override.value_span.start,
                        svc,
                        None,
                    )


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
