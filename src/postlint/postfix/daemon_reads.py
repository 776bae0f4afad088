"""Which Postfix program reads which parameter, and so whether a service's `-o` can change
what that service does.

The facts come from Postfix's sources (scripts/generate_daemon_parameters.py writes
data/daemon_parameters.json): each program's own parameter tables, the global ones it uses,
the per-transport names the queue manager reads. A program also reads, at run time, every
name the values it reads refer to (`$name`, `${name?text}`), as expanded for that service,
and the restriction classes smtpd_restriction_classes names.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable

from postlint.postfix.data_files import data_json
from postlint.postfix.expansion import ExpansionError
from postlint.postfix.model import Config
from postlint.postfix.services import split_list
from postlint.records import FrozenRecord
from postlint.syntax.ast import Service

DATA_FILE = "daemon_parameters.json"


class Programs:
    """The data file as sets: what each program reads."""

    def __init__(self, data: dict[str, object]) -> None:
        rows: dict[str, dict[str, list[str | None]]] = data["programs"]  # type: ignore[assignment]
        self.source: str = data["source"]  # type: ignore[assignment]
        every = frozenset(data["every_program"])  # type: ignore[arg-type]
        self.reads = {p: every | frozenset(row["parameters"]) for p, row in rows.items()}
        self.own_suffixes = {p: tuple(row["own_service_suffixes"]) for p, row in rows.items()}
        self.transport_suffixes = {p: tuple(row["transport_suffixes"]) for p, row in rows.items()}
        # Parameters whose values name more parameters to read (None: any name, from a file).
        self.names_from = {p: tuple(row["names_from"]) for p, row in rows.items()}

    def reads_directly(self, program: str, name: str, service: str, transports: set[str]) -> bool:
        if name in self.reads[program]:
            return True
        if any(name == service + suffix for suffix in self.own_suffixes[program]):
            return True
        return any(
            name.endswith(suffix) and name[: -len(suffix)] in transports
            for suffix in self.transport_suffixes[program]
        )

    def readers(self, name: str, services: Iterable[Service]) -> tuple[str, ...]:
        """The programs that read `name` for some service of this master.cf."""
        services = list(services)
        transports = {s.name for s in services}
        found = {
            program
            for program in self.reads
            if any(self.reads_directly(program, name, s.name, transports) for s in services)
            or self.reads_directly(program, name, "", transports)
        }
        return tuple(sorted(found))


@functools.cache
def programs() -> Programs:
    return Programs(data_json(DATA_FILE))


class ServiceReads(FrozenRecord):
    """Whether the program of a service reads a parameter (so an -o of it has an effect)."""

    __slots__ = ("program", "reads", "via", "read_by", "source")  # noqa: RUF023 (__init__'s order)
    program: str  # the service's command (its basename): smtp, smtpd, lmtp ...
    reads: bool
    via: str | None  # a parameter the program reads whose value refers to the name
    read_by: tuple[str, ...]  # the programs that do read it (when `reads` is False)
    source: str  # the Postfix release the facts come from

    def __init__(
        self, program: str, reads: bool, via: str | None, read_by: tuple[str, ...], source: str
    ) -> None:
        self._set("program", program)
        self._set("reads", reads)
        self._set("via", via)
        self._set("read_by", read_by)
        self._set("source", source)


def service_reads(config: Config, service: Service, name: str) -> ServiceReads | None:
    """Whether `service`'s program reads `name`; None when the facts cannot tell: a program
    that is not Postfix's, a name no Postfix program reads by that name (a user-defined
    one, or one the sources read another way), or a program that may read any name."""
    facts = programs()
    program = service.program
    if program not in facts.reads or None in facts.names_from[program]:
        return None
    transports = {s.name for s in config.services}
    if facts.reads_directly(program, name, service.name, transports):
        return ServiceReads(program, True, None, (), facts.source)
    via = _referrer(config, service, facts, name)
    if via is not None:
        return ServiceReads(program, True, via, (), facts.source)
    read_by = facts.readers(name, config.services)
    if not read_by:
        return None
    return ServiceReads(program, False, None, read_by, facts.source)


def _referrer(config: Config, service: Service, facts: Programs, name: str) -> str | None:
    """A parameter the program reads whose value, expanded for `service`, looks up `name`."""
    program = service.program
    read = set(facts.reads[program])
    read.update(service.name + suffix for suffix in facts.own_suffixes[program])
    for listing in facts.names_from[program]:
        with contextlib.suppress(ExpansionError):
            classes = split_list(config.expand(config.raw_lookup(listing, service) or "", service))
            if name in classes:
                return listing
            read.update(classes)
    looked_up: set[str] = set()
    expander = config.expander(service)
    expander.observe = lambda seen, *_rest: looked_up.add(seen)
    for parameter in sorted(read):
        raw = config.raw_lookup(parameter, service)
        if not raw or "$" not in raw or config.is_raw(parameter):
            continue
        looked_up.clear()
        with contextlib.suppress(ExpansionError):
            expander.expand(raw)
        if name in looked_up:
            return parameter
    return None
