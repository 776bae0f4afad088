"""Every place a parameter is written, main.cf lines and master.cf `-o` overrides in one
shape, so a rule reports a name wherever postconf reads it (`Context.settings`)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Iterable, Iterator
from functools import partial
from itertools import chain, compress

from postlint.engine.diagnostics import Applicability, Edit, Fix
from postlint.records import FrozenRecord
from postlint.syntax.ast import ConfigFile, FileKind, Override, Parameter, Service, Span
from postlint.syntax.main_cf import definitions
from postlint.syntax.slots import slot_setters


class Setting(FrozenRecord):
    """One place a parameter is written: a main.cf line or a master.cf `-o name=value`.

    A FrozenRecord, not an attrs class: compared, hashed and shown by its fields all the
    same, without the ~0.3 ms attrs takes to generate the methods on every start."""

    __slots__ = (  # noqa: RUF023 (the fields, in __init__'s order)
        "name",
        "value",
        "file",
        "name_span",
        "value_span",
        "parameter",
        "service",
        "override",
    )
    name: str
    value: str
    file: ConfigFile
    name_span: Span
    value_span: Span
    parameter: Parameter | None  # main.cf: the entry (fixes that delete it need it)
    service: Service | None  # master.cf: the service the -o belongs to
    override: Override | None  # master.cf: the -o itself

    def __init__(
        self,
        name: str,
        value: str,
        file: ConfigFile,
        name_span: Span,
        value_span: Span,
        parameter: Parameter | None = None,
        service: Service | None = None,
        override: Override | None = None,
    ) -> None:
        # See postlint.syntax.slots: one per main.cf line, and a file may have 100,000.
        _set_name(self, name)
        _set_value(self, value)
        _set_file(self, file)
        _set_name_span(self, name_span)
        _set_value_span(self, value_span)
        _set_parameter(self, parameter)
        _set_service(self, service)
        _set_override(self, override)

    def _values(self) -> tuple[object, ...]:
        return (
            self.name,
            self.value,
            self.file,
            self.name_span,
            self.value_span,
            self.parameter,
            self.service,
            self.override,
        )

    @property
    def span(self) -> Span:
        """The main.cf line without its newline, or the whole `-o name=value`.

        Worked out when asked: most rules never ask, and a master.cf may have 100,000
        overrides."""
        if self.parameter is not None:
            return self.parameter.span_without_newline
        assert self.override is not None, "a Setting needs a span, a parameter or an override"
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


_set_name, _set_value, _set_file, _set_name_span = slot_setters(
    Setting, "name", "value", "file", "name_span"
)
_set_value_span, _set_parameter, _set_service, _set_override = slot_setters(
    Setting, "value_span", "parameter", "service", "override"
)


class MainSettings(FrozenRecord):
    """A Setting for each parameter of a main.cf, in file order, with their names and values
    side by side and each name once (in order of first use): made once per configuration
    and shared by the rules that walk every name (`Context.settings`)."""

    __slots__ = ("settings", "names", "values", "distinct")  # noqa: RUF023 (__init__'s order)
    settings: tuple[Setting, ...]
    names: tuple[str, ...]
    values: tuple[str, ...]
    distinct: tuple[str, ...]

    def __init__(
        self,
        settings: tuple[Setting, ...],
        names: tuple[str, ...],
        values: tuple[str, ...],
        distinct: tuple[str, ...],
    ) -> None:
        self._set("settings", settings)
        self._set("names", names)
        self._set("values", values)
        self._set("distinct", distinct)

    @classmethod
    def of(cls, main: ConfigFile) -> MainSettings:
        settings = tuple(map(partial(_main_setting, main), main.parameters()))
        names = tuple(map(_name_of, settings))
        return cls(settings, names, tuple(map(_value_of, settings)), tuple(dict.fromkeys(names)))

    def chosen(
        self, accepts: Callable[[str], bool] | None, value: Callable[[str], bool] | None
    ) -> Iterator[Setting]:
        """The settings whose name `accepts` (None: any) and whose value passes `value`.

        A file of 100,000 lines sets a few hundred names: `accepts` is asked once per name
        and the settings are picked in C (compress), not by a Python loop per line."""
        if accepts is None:
            settings: Iterator[Setting] = iter(self.settings)
            values: Iterator[str] = iter(self.values)
        else:
            accepted = {name for name in self.distinct if accepts(name)}
            if not accepted:
                return iter(())
            mask = list(map(accepted.__contains__, self.names))
            settings = compress(self.settings, mask)
            values = compress(self.values, mask)
        return settings if value is None else compress(settings, map(value, values))


_name_of = operator.attrgetter("name")
_value_of = operator.attrgetter("value")


def written_settings(
    main: ConfigFile | None,
    master: ConfigFile | None,
    wanted: Container[str] | Callable[[str], bool] | None,
    value: Callable[[str], bool] | None = None,
    every_main: Callable[[], MainSettings] | None = None,
    unread: Callable[[Service, str], bool] | None = None,
) -> Iterator[Setting]:
    """Settings whose name is `wanted` (None: any) and whose value passes `value` (None:
    any), main.cf first, then each service's -o in order. `wanted` may be a test on a name:
    it is asked about each name (once per name with `every_main`, which gives the
    `MainSettings.of(main)` made once for the rules that walk every name). `unread`: a test
    that leaves out an -o (service, name); main.cf lines are never asked about."""
    if isinstance(wanted, (set, frozenset, tuple, list, dict)):
        # A few names out of a file of 100,000 lines, asked by a dozen rules: look them up.
        return _named_settings(main, master, wanted, value, unread)
    if wanted is None:
        accepts: Callable[[str], bool] | None = None
    else:
        accepts = wanted if callable(wanted) else wanted.__contains__
    if main is not None and every_main is not None:
        in_main = every_main().chosen(accepts, value)
        if master is None:
            return in_main
        return chain(in_main, _override_settings(master, accepts, value, unread))
    return _scanned_settings(main, master, accepts or _any, value, unread)


def _named_settings(
    main: ConfigFile | None,
    master: ConfigFile | None,
    wanted: Iterable[str],
    value: Callable[[str], bool] | None,
    unread: Callable[[Service, str], bool] | None,
) -> Iterator[Setting]:
    if main is not None:
        for param in _named(main, wanted):
            if value is None or value(param.value):  # type: ignore[attr-defined]
                yield _main_setting(main, param)  # type: ignore[arg-type]
    if master is not None:
        for service, override in _named(master, wanted):  # type: ignore[misc]
            if value is not None and not value(override.value):
                continue
            if unread is None or not unread(service, override.name):
                yield _override_setting(master, service, override)


def _scanned_settings(
    main: ConfigFile | None,
    master: ConfigFile | None,
    accepts: Callable[[str], bool],
    value: Callable[[str], bool] | None,
    unread: Callable[[Service, str], bool] | None,
) -> Iterator[Setting]:
    if main is not None:
        for param in main.parameters():
            if accepts(param.name) and (value is None or value(param.value)):
                yield _main_setting(main, param)
    if master is not None:
        yield from _override_settings(master, accepts, value, unread)


def _override_settings(
    master: ConfigFile | None,
    accepts: Callable[[str], bool] | None,
    value: Callable[[str], bool] | None,
    unread: Callable[[Service, str], bool] | None = None,
) -> Iterator[Setting]:
    if master is None:
        return
    for service in master.services():
        for override in service.overrides:
            name = override.name
            if name is None or override.name_span is None:
                continue
            if accepts is not None and not accepts(name):
                continue
            if value is not None and not value(override.value):
                continue
            if unread is not None and unread(service, name):
                continue
            yield _override_setting(master, service, override)


def _any(text: str) -> bool:
    return True


def _main_setting(main: ConfigFile, param: Parameter) -> Setting:
    return Setting(param.name, param.value, main, param.name_span, param.value_span, param)


def _override_setting(master: ConfigFile, service: Service, override: Override) -> Setting:
    assert override.name is not None and override.name_span is not None
    return Setting(
        override.name,
        override.value,
        master,
        override.name_span,
        override.value_span or override.name_span,
        service=service,
        override=override,
    )


def _named(tree: ConfigFile, names: Iterable[str]) -> list[object]:
    """The parameters (main.cf) or (service, override) pairs (master.cf) of `names`, in
    file order."""
    # Per parsed file (trees never change after parsing; a fix makes a new one), the places
    # each name is written, in file order.
    index = tree.derived.get("written names")
    if index is None:
        index = tree.derived["written names"] = _index(tree)
    found: list[object] = []
    hits = 0
    for name in set(names):
        places = index.get(name)
        if places:
            found.extend(places)
            hits += 1
    if hits > 1:
        found.sort(key=_offset)
    return found


def _index(tree: ConfigFile) -> dict[str, list[object]]:
    if tree.kind is FileKind.MAIN:
        return definitions(tree)  # type: ignore[return-value]  (shared with the model)
    index: dict[str, list[object]] = {}
    for service in tree.services():
        for override in service.overrides:
            if override.name is not None and override.name_span is not None:
                index.setdefault(override.name, []).append((service, override))
    return index


def _offset(place: object) -> int:
    if isinstance(place, tuple):
        return place[1].name_span.start
    return place.name_span.start  # type: ignore[attr-defined]
