"""Which Postfix program reads which parameter, and so whether a service's `-o` can change
what that service does.

The facts come from Postfix's sources (scripts/generate_daemon_parameters.py writes
data/daemon_parameters.json): each program's own parameter tables, the global ones it uses,
the per-transport names the queue manager reads. A program also reads, at run time, every
name the values it reads mention (`$name`, `${name?text}`, through the values of those
names in turn, with that service's -o values), the restriction classes
smtpd_restriction_classes names, and (bounce) whatever its bounce_template_file names; without
one, only the names of its built-in templates. The mentions are read from the text, both
branches of a `${name?...}` alike: a name that might be looked up counts as read, so that a
name is never said to be unread where it is read.
"""

from __future__ import annotations

import contextlib
import functools
from collections import ChainMap, deque
from collections.abc import Callable, Mapping, Set

from postlint.postfix.data_files import data_json
from postlint.postfix.expansion import ExpansionError, safe_references
from postlint.postfix.model import Config
from postlint.postfix.services import split_list
from postlint.records import FrozenRecord
from postlint.syntax.ast import Override, Service

DATA_FILE = "daemon_parameters.json"
# Names whose default the host or the process decides, not the release.
_HOST_DEFAULTS = frozenset(("myhostname", "mydomain", "process_id"))


class Programs:
    """The data file as sets: what each program reads."""

    def __init__(self, data: dict[str, object]) -> None:
        rows: dict[str, dict[str, list[str | None]]] = data["programs"]  # type: ignore[assignment]
        self.source: str = data["source"]  # type: ignore[assignment]
        every = frozenset(data["every_program"])  # type: ignore[arg-type]
        self.reads = {p: every | frozenset(row["parameters"]) for p, row in rows.items()}
        # Programs run without a master.cf entry (sendmail, postqueue, the master daemon):
        # they read main.cf whatever the -o lines say.
        self.commands = frozenset(data["commands"]) & rows.keys()  # type: ignore[arg-type]
        self.own_suffixes = {p: tuple(row["own_service_suffixes"]) for p, row in rows.items()}
        self.transport_suffixes = {p: tuple(row["transport_suffixes"]) for p, row in rows.items()}
        # Parameters whose values name more parameters to read (None: any name, from a file).
        self.names_from = {p: tuple(row["names_from"]) for p, row in rows.items()}
        # For a program that may read any name (None above): the parameters naming the file
        # the names come from; while they are empty, it reads only the names it lists.
        self.any_name_with = {p: tuple(row["any_name_with"]) for p, row in rows.items()}
        self.suffixes = tuple(
            {x for p in rows for x in (*self.own_suffixes[p], *self.transport_suffixes[p])}
        )

    @functools.cached_property
    def by_name(self) -> dict[str, list[str]]:
        """Who reads a name, looked up once (a master.cf may carry thousands of -o names);
        made only when some -o is not read where it is written."""
        found: dict[str, list[str]] = {}
        for program, names in sorted(self.reads.items()):
            for name in names:
                found.setdefault(name, []).append(program)
        return found

    def reads_directly(self, program: str, name: str, service: str, transports: Set[str]) -> bool:
        if name in self.reads[program]:
            return True
        if not name.endswith(self.suffixes):
            return False
        if any(name == service + suffix for suffix in self.own_suffixes[program]):
            return True
        return any(
            name.endswith(suffix) and name[: -len(suffix)] in transports
            for suffix in self.transport_suffixes[program]
        )

    def read_by_some(self, name: str, transports: Set[str]) -> bool:
        """Whether some program reads `name` by that name: readers() without the index,
        for a few names."""
        if any(name in names for names in self.reads.values()):
            return True
        return name.endswith(self.suffixes) and bool(self.readers(name, transports))

    def readers(self, name: str, transports: Set[str]) -> tuple[str, ...]:
        """The programs that read `name` for some service (`transports`: master.cf's names)."""
        found = list(self.by_name.get(name, ()))
        if name.endswith(self.suffixes):
            for program in self.reads:
                suffixes = (*self.own_suffixes[program], *self.transport_suffixes[program])
                if any(name.endswith(x) and name[: -len(x)] in transports for x in suffixes):
                    found.append(program)
        return tuple(sorted(set(found)))


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


class Readers:
    """For one configuration: whether a service's program reads a name. Built once per
    lint (the names of master.cf's services are the transports), each service's references
    are followed once, and only when a cheaper answer is not enough."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.facts = programs()
        self.transports = frozenset(s.name for s in config.services)
        self.running = frozenset(s.program for s in config.services)
        self._by_program: dict[str, dict[str, str]] = {}  # name -> the read value it is in
        self._global: dict[str, list[str]] = {}  # name -> what its main.cf/default mentions
        self._listed: dict[int, dict[str, str]] = {}  # id(service) -> restriction classes
        self._walked: dict[int, Mapping[str, str]] = {}  # id(service) -> _references()

    def read(self, service: Service, name: str) -> ServiceReads | None:
        """Whether `service`'s program reads `name`; None when the facts cannot tell: a
        program that is not Postfix's, a program that may read any name (bounce with a
        template file), or a name that no Postfix program reads by that name (a
        user-defined one, or one the sources read another way) and nothing the program
        reads refers to."""
        facts = self.facts
        program = service.program
        if program not in facts.reads or self._any_name(service):
            return None
        if facts.reads_directly(program, name, service.name, self.transports):
            return ServiceReads(program, True, None, (), facts.source)
        via = self._classes(service).get(name) or self._references(service).get(name)
        if via is not None:
            return ServiceReads(program, True, via, (), facts.source)
        read_by = facts.readers(name, self.transports)
        if not read_by:
            return None
        # The readers this master.cf runs, when it runs any of them.
        here = tuple(p for p in read_by if p in self.running)
        return ServiceReads(program, False, None, here or read_by, facts.source)

    def unread(self, service: Service, name: str) -> ServiceReads | None:
        """The answer when the program does not read `name` (else None); the cheap checks
        first, so a master.cf of unknown names costs a lookup each."""
        facts = self.facts
        program = service.program
        if program not in facts.reads or facts.reads_directly(
            program, name, service.name, self.transports
        ):
            return None
        if not facts.readers(name, self.transports):
            return None
        answer = self.read(service, name)
        return answer if answer is not None and not answer.reads else None

    def reads_by_name(self, service: Service, name: str) -> bool:
        """The cheap part of read(): the program reads `name` by that name, or the facts
        cannot tell what it reads (not Postfix's program, or bounce with templates)."""
        program = service.program
        if program not in self.facts.reads or self._any_name(service):
            return True
        return self.facts.reads_directly(program, name, service.name, self.transports)

    def refers_to(self, service: Service, name: str) -> bool:
        """Whether a value `service`'s program reads mentions `name` (or lists it as a
        restriction class): the expensive part of read()."""
        return name in self._classes(service) or name in self._references(service)

    def read_without_master_cf(self, name: str) -> bool:
        """Whether a program that runs without a master.cf entry reads main.cf's `name`:
        directly, or through a value it reads that mentions it (no -o reaches these)."""
        return any(
            name in self.facts.reads[command] or name in self._program_references(command)
            for command in sorted(self.facts.commands)
        )

    def _any_name(self, service: Service) -> bool:
        """The program may read any name (bounce: from a template file), so the facts
        cannot tell: true unless the parameters naming the file are empty for `service`."""
        program = service.program
        if None not in self.facts.names_from[program]:
            return False
        files = self.facts.any_name_with[program]
        return not files or any((self.config.raw_lookup(p, service) or "").strip() for p in files)

    def _classes(self, service: Service) -> dict[str, str]:
        """The names the program reads because a value lists them (restriction classes),
        with the parameter that lists them."""
        found = self._listed.get(id(service))
        if found is None:
            found = self._listed[id(service)] = {}
            for listing in self.facts.names_from[service.program]:
                raw = self.config.raw_lookup(listing or "", service) or ""
                with contextlib.suppress(ExpansionError):
                    for name in split_list(self.config.expand(raw, service)):
                        found.setdefault(name, listing or "")
        return found

    def _references(self, service: Service) -> Mapping[str, str]:
        """Each name that the values the program reads mention as $name, for `service`
        (directly or through the values of the names mentioned), with the read parameter
        that leads to it. Both branches of `${name?...}`, and a main.cf value an -o replaces,
        count: a name that might be looked up counts as read. Walked once per service."""
        found = self._walked.get(id(service))
        if found is None:
            found = self._walked[id(service)] = self._walk_service(service)
        return found

    def _walk_service(self, service: Service) -> Mapping[str, str]:
        shared = self._program_references(service.program)
        overrides = self.config.overrides(service)
        starts = [(n, n) for n in self._classes(service)]
        starts += [
            (service.name + x, service.name + x) for x in self.facts.own_suffixes[service.program]
        ]
        starts += [
            (n, shared.get(n, n))
            for n in overrides
            if n in shared or n in self.facts.reads[service.program]
        ]
        if not starts:
            return shared
        extra: dict[str, str] = {}
        self._walk(starts, extra, shared, lambda n: self._mentions(n, overrides))
        return ChainMap(extra, shared)

    def _program_references(self, program: str) -> dict[str, str]:
        found = self._by_program.get(program)
        if found is None:
            found = self._by_program[program] = {}
            starts = [(n, n) for n in sorted(self.facts.reads[program])]
            self._walk(starts, found, {}, lambda n: self._mentions(n, {}))
        return found

    def _mentions(self, name: str, overrides: Mapping[str, Override]) -> list[str]:
        """The names `name`'s value mentions (the -o's value when the service sets it)."""
        if name in overrides:
            raw: str | None = overrides[name].value
        else:
            mentioned = self._global.get(name)
            if mentioned is not None:
                return mentioned
            mentioned = self._default_mentions(name)
            if mentioned is not None:
                self._global[name] = mentioned
                return mentioned
            raw = self.config.raw_lookup(name)
        if not raw or "$" not in raw or self.config.is_raw(name):
            mentioned = []
        else:
            mentioned = safe_references(raw)
        if name not in overrides:
            self._global[name] = mentioned
        return mentioned

    def _default_mentions(self, name: str) -> list[str] | None:
        """What a built-in default that main.cf leaves alone mentions, from the release's
        shared index (a walk meets hundreds of defaults; working each out is most of its
        cost); None when the index cannot say (the value comes from elsewhere)."""
        config = self.config
        if name in config.main_values or name in _HOST_DEFAULTS:
            return None
        shared = config.shared
        if name not in shared.builtin_names or name in self._raw_in_catalogue:
            return None
        if config.is_raw(name):
            return []
        return list(shared.default_references.get(name, ()))

    @functools.cached_property
    def _raw_in_catalogue(self) -> frozenset[str]:
        """Names the index leaves out as raw (whose release may expand them all the same)."""
        return frozenset(self.config.catalogue.names_with("ctype", "raw"))

    @staticmethod
    def _walk(
        starts: list[tuple[str, str]],
        found: dict[str, str],
        known: Mapping[str, str],
        mentions: Callable[[str], list[str]],
    ) -> None:
        """Breadth first from each (name, the read parameter it comes from)."""
        queue = deque(starts)
        while queue:
            name, via = queue.popleft()
            for mentioned in mentions(name):
                if mentioned not in found and mentioned not in known:
                    found[mentioned] = via
                    queue.append((mentioned, via))
