"""Defaults Postfix computes from the machine (mail_params.c): myhostname from the host
name, mydomain from what follows the first dot of the effective myhostname."""

from __future__ import annotations

from collections.abc import Callable

from postlint.records import FrozenRecord

DEFAULT_DOMAIN = "localdomain"  # what Postfix falls back to when nothing gives a domain


def _machine_hostname() -> str:
    import socket  # here: linting pins the host name, so most runs never need the module

    return socket.gethostname()


class HostFacts(FrozenRecord):
    """The machine's host name; tests and linting pin it."""

    __slots__ = ("hostname",)
    hostname: str

    def __init__(self, hostname: str | None = None) -> None:
        self._set("hostname", _machine_hostname() if hostname is None else hostname)

    @property
    def myhostname(self) -> str:
        """The built-in default, ignoring main.cf (what `postconf -d` prints)."""
        return self.myhostname_with(None)

    @property
    def mydomain(self) -> str:
        return mydomain_of(self.myhostname)

    def myhostname_with(self, mydomain: str | None) -> str:
        """A dotless host name gets `.$mydomain` (main.cf's, else localdomain)."""
        if "." in self.hostname:
            return self.hostname
        return f"{self.hostname}.{mydomain or DEFAULT_DOMAIN}"


def mydomain_of(myhostname: str) -> str:
    """What follows the first dot of the effective myhostname (localdomain if none)."""
    _, dot, domain = myhostname.partition(".")
    return domain if dot and domain else DEFAULT_DOMAIN


def host_default(name: str, host: HostFacts, setting: Callable[[str], str | None]) -> str | None:
    """The host-derived default of myhostname or mydomain, given main.cf's expanded
    settings (`setting(name)`: None when main.cf does not set it)."""
    if name == "myhostname":
        return host.myhostname_with(setting("mydomain"))
    if name == "mydomain":
        explicit = setting("myhostname")
        return mydomain_of(explicit if explicit is not None else host.myhostname_with(None))
    return None
