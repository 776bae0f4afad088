"""Every place a parameter is written, main.cf lines and master.cf `-o` overrides in one
shape, so a rule reports a name wherever postconf reads it (`Context.settings`)."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator

import attrs

from postlint.engine.diagnostics import Applicability, Edit, Fix
from postlint.syntax.ast import ConfigFile, Override, Parameter, Service, Span


@attrs.frozen
class Setting:
    """One place a parameter is written: a main.cf line or a master.cf `-o name=value`."""

    name: str
    value: str
    file: ConfigFile
    name_span: Span
    value_span: Span
    parameter: Parameter | None = None  # main.cf: the entry (fixes that delete it need it)
    service: Service | None = None  # master.cf: the service the -o belongs to
    override: Override | None = None  # master.cf: the -o itself

    @property
    def span(self) -> Span:
        """The main.cf line without its newline, or the whole `-o name=value`.

        Worked out when asked: rules that scan every setting of a 100,000-line file point
        at few of them."""
        if self.parameter is not None:
            return self.parameter.span_without_newline
        assert self.override is not None
        return self.override.span

    @property
    def label(self) -> str:
        """How the message names it: `name` in main.cf, `-o name` in master.cf."""
        return self.name if self.service is None else f"-o {self.name}"

    def value_subspan(self, start: int, end: int) -> Span:
        """File span of characters [start, end) of the value."""
        if self.parameter is not None:  # the value may run over continuation lines
            return self.parameter.value_subspan(start, end)
        return Span(self.value_span.start + start, self.value_span.start + end)

    def key(self, name: str) -> str:
        """How a fix's `changes` names `name` here (`service/type/name` for an -o)."""
        return name if self.service is None else f"{self.service.key}/{name}"

    def set_value(
        self, value: str, applicability: Applicability, message: str | None = None
    ) -> Fix:
        """A fix that gives this setting `value` where it is written."""
        return Fix(
            message or f"Set {self.label} to {value}",
            (self.replace(self.name, value),),
            applicability,
            ((self.key(self.name), value),),
        )

    def replace(self, name: str, value: str) -> Edit:
        """Rewrite `name = value` (main.cf) or `name=value` (-o, no blanks allowed there:
        a list is written with bare commas, `!SSLv2,!SSLv3`)."""
        separator = " = " if self.service is None else "="
        if self.service is not None:
            value = ",".join(w.strip() for w in value.split(","))
        return Edit(
            self.file, self.name_span.start, self.value_span.end, f"{name}{separator}{value}"
        )


def written_settings(
    main: ConfigFile | None,
    master: ConfigFile | None,
    wanted: Container[str] | Callable[[str], bool] | None,
    value: Callable[[str], bool] | None = None,
) -> Iterator[Setting]:
    """Settings whose name is `wanted` (None: any) and whose value passes `value` (None:
    any), main.cf first, then each service's -o in order."""
    if wanted is None:
        accepts: Callable[[str], bool] = _any
    else:
        accepts = wanted if callable(wanted) else wanted.__contains__
    if main is not None:
        for param in main.parameters():
            if accepts(param.name) and (value is None or value(param.value)):
                yield Setting(
                    param.name, param.value, main, param.name_span, param.value_span, param
                )
    if master is not None:
        for service in master.services():
            for override in service.overrides:
                name = override.name
                if name is None or override.name_span is None or not accepts(name):
                    continue
                if value is not None and not value(override.value):
                    continue
                value_span = override.value_span or override.name_span
                yield Setting(
                    name,
                    override.value,
                    master,
                    override.name_span,
                    value_span,
                    service=service,
                    override=override,
                )


def _any(text: str) -> bool:
    return True
