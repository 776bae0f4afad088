"""For `postlint explain`: which -o lines the program of their service actually reads.

An -o sets a value in that service's process only; if the program never reads the name
(`-o relayhost=...` on the smtp client: trivial-rewrite chooses the relay), it changes
nothing, though postconf -P still lists it.
"""

from __future__ import annotations

from postlint.postfix.daemon_reads import ServiceReads
from postlint.postfix.derivation import Derivation
from postlint.postfix.model import Config
from postlint.records import FrozenRecord


class OverrideReads(FrozenRecord):
    """The asked-for service's answer, and each -o's by the key of its service."""

    __slots__ = ("service", "by_service")  # noqa: RUF023 (__init__'s order)
    service: ServiceReads | None  # None without --service, or when the facts cannot tell
    by_service: dict[str, ServiceReads | None]

    def __init__(
        self, service: ServiceReads | None, by_service: dict[str, ServiceReads | None]
    ) -> None:
        self._set("service", service)
        self._set("by_service", by_service)


NONE = OverrideReads(None, {})


def override_reads(config: Config, d: Derivation) -> OverrideReads:
    readers = config.readers
    by_service: dict[str, ServiceReads | None] = {}
    settings = [*d.other_overrides, *([d.override] if d.override is not None else [])]
    for setting in settings:
        service = config.service(setting.service or "")
        if service is not None:
            by_service[service.key] = readers.read(service, d.name)
    asked = config.service(d.service) if d.service is not None else None
    if asked is None:
        return OverrideReads(None, by_service)
    return OverrideReads(readers.read(asked, d.name), by_service)


def no_effect(reads: ServiceReads) -> str:
    """Why an -o of a name the program never reads changes nothing, for an admin."""
    readers = ", ".join(reads.read_by)
    verb = "does" if len(reads.read_by) == 1 else "do"
    return f"{reads.program} never reads it, only {readers} {verb}"
