"""Service roles and derived settings: which master.cf entries receive or send mail, and the
TLS level each one really uses (including the pre-2.3 use_tls/enforce_tls fallbacks)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Container, Sequence

from postlint.postfix.catalogue import stock_services
from postlint.postfix.model import Config, EffectiveValue
from postlint.records import FrozenRecord
from postlint.syntax.ast import Service
from postlint.syntax.tokens import brace_tokens, plain_words

LIST_SEPARATORS = ", \t\r\n"
CLIENT_LEVELS = ("none", "may", "encrypt", "dane", "dane-only", "fingerprint", "verify", "secure")
SERVER_LEVELS = ("none", "may", "encrypt")
MANDATORY_CLIENT_LEVELS = ("encrypt", "dane-only", "fingerprint", "verify", "secure")
# Port names in the stock /etc/services, so `smtp inet` and `25 inet` are one listener.
PORT_NAMES = {"smtp": "25", "submission": "587", "smtps": "465", "submissions": "465", "lmtp": "24"}


# The parameters listing the domains of Postfix's address classes (local, virtual alias,
# virtual mailbox, relay), in that order.
DOMAIN_CLASSES = (
    "mydestination",
    "virtual_alias_domains",
    "virtual_mailbox_domains",
    "relay_domains",
)


# What str.split() also takes for white space in ASCII text, besides LIST_SEPARATORS'.
_OTHER_ASCII_SPACE = "\x0b\x0c\x1c\x1d\x1e\x1f"


def split_list(value: str) -> list[str]:
    """Split a Postfix list on commas/whitespace, keeping {...} groups together."""
    if "{" not in value and "}" not in value:
        if value.isascii() and not any(c in value for c in _OTHER_ASCII_SPACE):
            # Then str.split() cuts at exactly LIST_SEPARATORS (commas made spaces first),
            # twice as fast as the regex on a list of 100,000 domains.
            return value.replace(",", " ").split()
        return plain_words(value, LIST_SEPARATORS)
    return [value[s:e] for s, e in brace_tokens(value, LIST_SEPARATORS)]


def listen_port(service: Service) -> str | None:
    """The port of an inet service as a number string (`smtp` is 25), else None."""
    if service.type != "inet":
        return None
    port = service.name.rpartition(":")[2]
    return PORT_NAMES.get(port, port)


def listen_host(service: Service) -> str:
    """The host part of an inet service name (`127.0.0.1:smtp`), "" when it listens everywhere."""
    host, sep, _port = service.name.rpartition(":")
    return host.strip("[]") if sep else ""


def is_loopback_listener(service: Service) -> bool:
    """An inet service that listens on the loopback address only."""
    return listen_host(service) in ("127.0.0.1", "localhost", "::1")


def is_server(service: Service) -> bool:
    """An SMTP server (smtpd) service."""
    return service.program == "smtpd"


def is_client(service: Service) -> bool:
    """An SMTP client transport (`smtp unix ... smtp`)."""
    return service.program == "smtp" and service.type == "unix"


class Role(FrozenRecord):
    """A service (or, without a master.cf, the main.cf defaults) in one role."""

    __slots__ = ("service", "side")
    service: Service | None
    side: str

    def __init__(self, service: Service | None, side: str = "server") -> None:
        self._set("service", service)
        self._set("side", side)

    @property
    def label(self) -> str:
        return self.service.key if self.service else f"the SMTP {self.side}"


def server_roles(config: Config) -> list[Role]:
    """SMTP server instances: smtpd services, or main.cf alone when there is no master.cf."""
    if config.master is None:
        return [Role(None)]
    return [Role(s) for s in config.services if is_server(s)]


def client_roles(config: Config) -> list[Role]:
    """SMTP client transports (smtp unix ... smtp), or main.cf alone without a master.cf."""
    if config.master is None:
        return [Role(None, "client")]
    return [Role(s, "client") for s in config.services if is_client(s)]


def receives_on_port_25(config: Config, service: Service) -> bool:
    """An smtpd that answers port 25: `smtp inet ... smtpd`, or the smtpd behind postscreen."""
    if service.type == "inet":
        return listen_port(service) == "25" and not is_loopback_listener(service)
    if service.type == "pass":
        return any(s.program == "postscreen" and listen_port(s) == "25" for s in config.services)
    return False


def is_submission(service: Service) -> bool:
    """A listener on port 587 (submission)."""
    return listen_port(service) == "587"


def is_smtps(service: Service) -> bool:
    """A listener on port 465 (smtps/submissions)."""
    return listen_port(service) == "465"


def yes(value: str) -> bool:
    """Whether a boolean parameter value means yes, as Postfix reads it."""
    return value.strip().lower() == "yes"


class TlsLevel(FrozenRecord):
    """The TLS security level a side really uses, and the setting that decided it."""

    __slots__ = ("level", "source", "legacy")  # noqa: RUF023 (__init__'s order)
    level: str  # normalised: "none" for empty
    source: EffectiveValue  # the setting that decided it
    legacy: bool  # decided by *_use_tls / *_enforce_tls

    def __init__(self, level: str, source: EffectiveValue, legacy: bool = False) -> None:
        self._set("level", level)
        self._set("source", source)
        self._set("legacy", legacy)


def tls_level(
    config: Config, prefix: str, service: Service | None, as_written: bool = False
) -> TlsLevel:
    """The security level `prefix` (smtp, smtpd, lmtp) really uses for a service
    (`as_written`: the level its -o lines say, even those its program never reads)."""

    def effective(name: str) -> EffectiveValue:
        return config.effective(name, service, as_written=as_written)

    level = effective(f"{prefix}_tls_security_level")
    if level.value.strip():
        return TlsLevel(level.value.strip(), level)
    enforce = effective(f"{prefix}_enforce_tls")
    if yes(enforce.value):
        # The client's old switch also checks the server name unless told not to.
        peername = effective(f"{prefix}_tls_enforce_peername")
        client = prefix in ("smtp", "lmtp")
        return TlsLevel("verify" if client and yes(peername.value) else "encrypt", enforce, True)
    use = effective(f"{prefix}_use_tls")
    if yes(use.value):
        return TlsLevel("may", use, legacy=True)
    return TlsLevel("none", level)


def defaults_in_use(config: Config, kind: str, weak: Callable[[str], bool]) -> list[EffectiveValue]:
    """Unset `smtp_tls_*` / `smtpd_tls_*` lists of `kind` (protocols, ciphers) whose release
    default is `weak`, for a side that uses TLS: `may` reads the plain list, the mandatory
    levels the `mandatory_` one."""
    wanted: set[str] = set()
    for prefix, roles in (("smtp", client_roles), ("smtpd", server_roles)):
        for role in roles(config):
            level = tls_level(config, prefix, role.service).level
            if level != "none":
                wanted.add(f"{prefix}_tls_{'' if level == 'may' else 'mandatory_'}{kind}")
    found = [config.effective(name) for name in sorted(wanted)]
    return [v for v in found if v.source == "default" and weak(v.value)]


def receives_mail(config: Config) -> bool:
    """Whether this host accepts mail from the network: `inet_interfaces` is not loopback
    only, and master.cf (when there is one) has an smtpd listener."""
    interfaces = config.effective("inet_interfaces").value.strip()
    if interfaces in ("loopback-only", "localhost", "127.0.0.1"):
        return False
    return config.master is None or any(
        is_server(s) and s.type in ("inet", "pass") for s in config.services
    )


SERVER_CERTIFICATES = (
    "smtpd_tls_cert_file",
    "smtpd_tls_eccert_file",
    "smtpd_tls_dcert_file",
    "smtpd_tls_chain_files",
)


def has_server_certificate(config: Config, service: Service | None) -> bool:
    """Whether the SMTP server has a certificate for `service` (TLS can work)."""
    return any(
        config.effective(name, service).value.strip()
        for name in SERVER_CERTIFICATES
        if name in config.builtin_names
    )


def is_loopback_nexthop(nexthop: str) -> bool:
    """A next-hop destination (`[127.0.0.1]:10024`, `localhost:10025`, `[::1]`) on this machine."""
    nexthop = nexthop.strip()
    if nexthop.startswith("["):
        host = nexthop[1:].split("]")[0]
        if host.lower().startswith("ipv6:"):
            host = host[5:]
    else:
        host = nexthop.rsplit(":", 1)[0] if nexthop.count(":") == 1 else nexthop
    if host == "localhost":
        return True
    try:  # an address, not a name: `127.mail.example.com` is another host
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def relayhost_is_loopback(config: Config) -> bool:
    """All mail goes to a relay on this machine (a content filter or local MTA); from
    Postfix 3.5 relayhost may list several, each tried in turn."""
    relays = split_list(config.effective("relayhost").value)
    return bool(relays) and all(is_loopback_nexthop(relay) for relay in relays)


# Parameters whose value is `transport:nexthop`, naming where a client transport sends mail.
ROUTING_PARAMETERS = ("content_filter", "default_transport", "relay_transport")


def loopback_only_transports(config: Config) -> set[str]:
    """Client transports that the configuration uses only towards this machine.

    Typically the amavis transport of `content_filter = smtp-amavis:[127.0.0.1]:10024`. Looks
    at content_filter (main.cf and every -o), default_transport and relay_transport; a name
    also used with another next hop, or with none, is not included. transport_maps is a
    table postlint cannot read, so a transport named only there is not seen.
    """
    loopback: set[str] = set()
    elsewhere: set[str] = set()
    for service in (None, *config.services):
        for name in ROUTING_PARAMETERS:
            transport, sep, nexthop = config.effective(name, service).value.strip().partition(":")
            if transport:
                (loopback if sep and is_loopback_nexthop(nexthop) else elsewhere).add(transport)
    return loopback - elsewhere


# Parameters naming the transport (`transport[:nexthop]`) some mail is delivered with, and
# the tables that choose one per address (postlint cannot read those).
TRANSPORT_PARAMETERS = (
    *ROUTING_PARAMETERS,
    "local_transport",
    "virtual_transport",
    "mailbox_transport",
    "fallback_transport",
    "best_mx_transport",
    "address_verify_default_transport",
    "address_verify_relay_transport",
)
TRANSPORT_TABLES = (
    "transport_maps",
    "sender_dependent_default_transport_maps",
    "mailbox_transport_maps",
    "fallback_transport_maps",
    "address_verify_transport_maps",
    "address_verify_sender_dependent_default_transport_maps",
)


def sends_over_smtp(config: Config) -> bool:
    """Whether any mail can leave through an SMTP client transport.

    False only when every transport the configuration names runs another program, or
    leads to this machine, as on a host with `default_transport = error` and
    `relay_transport = error` (local delivery, the rest bounced). A transport table, or a
    transport master.cf does not define, counts as sending: postlint cannot tell where it
    leads.
    """
    if config.master is None:
        programs = {name: program for name, kind, program in stock_services() if kind == "unix"}
    else:
        programs = {s.name: s.program for s in config.services if s.type == "unix"}
    # main.cf first: on most hosts its default_transport already answers (an answer is the
    # same in any order; asking every service's tables first cost a check 4 ms).
    for service in (None, *config.services):
        if any(config.effective(table, service).value.strip() for table in TRANSPORT_TABLES):
            return True
        for name in TRANSPORT_PARAMETERS:
            value = config.effective(name, service).value.strip()
            transport, sep, nexthop = value.partition(":")
            if sep and is_loopback_nexthop(nexthop):
                continue  # a content filter on this machine hands the mail back
            if transport and programs.get(transport, "smtp") == "smtp":
                return True
    return False


PROTOCOLS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
_RANK = {p.upper(): i for i, p in enumerate(PROTOCOLS)}


def enabled_protocols(value: str) -> set[str]:
    """Protocols a `*_tls_protocols` value leaves enabled.

    Named protocols select only those (all when none are named); `!X` removes one;
    `>=X` and `<=X` bound the range. An empty value means every protocol.
    """
    items = [i.replace(" ", "") for i in split_list(value)]
    named = [i for i in items if i.upper() in _RANK]
    enabled = {p.upper() for p in named} if named else set(_RANK)
    for item in items:
        upper = item.upper()
        if upper.startswith("!") and upper[1:] in _RANK:
            enabled.discard(upper[1:])
        elif upper.startswith(">=") and upper[2:] in _RANK:
            enabled = {p for p in enabled if _RANK[p] >= _RANK[upper[2:]]}
        elif upper.startswith("<=") and upper[2:] in _RANK:
            enabled = {p for p in enabled if _RANK[p] <= _RANK[upper[2:]]}
    return {p for p in PROTOCOLS if p.upper() in enabled}


def without_protocols(value: str, unwanted: Sequence[str]) -> str | None:
    """`value` with `!X` added for each `unwanted` protocol it enables, entries kept as written.

    None when the result would not be exactly `value` minus `unwanted` (or would enable
    nothing, which stops TLS altogether): a fix never re-enables what the admin excluded.
    """
    present = {item.replace(" ", "").upper() for item in split_list(value)}
    added = [f"!{u}" for u in unwanted if f"!{u.upper()}" not in present]
    result = ", ".join([value.strip(), *added]) if value.strip() else ", ".join(added)
    enabled = enabled_protocols(result)
    if not enabled or enabled != enabled_protocols(value) - set(unwanted):
        return None
    return result


# The client/server twin a writer most likely meant, in order of likelihood.
PREFIX_SWAPS = {
    "smtpd_": ("smtp_", "lmtp_"),
    "smtp_": ("smtpd_", "lmtp_"),
    "lmtpd_": ("lmtp_",),
    "lmtp_": ("smtp_", "smtpd_"),
}

_SWAPPED = tuple(PREFIX_SWAPS)


def prefix_twin(name: str, known: Container[str]) -> str | None:
    """The existing parameter `name` becomes with smtp_/smtpd_/lmtp_ swapped, if any."""
    if not name.startswith(_SWAPPED):  # most names: one test (PL402 asks of each unknown)
        return None
    for old, news in PREFIX_SWAPS.items():
        if name.startswith(old):
            for new in news:
                twin = new + name[len(old) :]
                if twin in known:
                    return twin
            return None
    return None


ROLES = ("mx", "submission", "null-client")


def infer_role(config: Config, profile: str | None = None) -> str:
    """What this Postfix is for: an MX (receives from the Internet on port 25), a
    submission-only server, or a null client (sends only). `profile` overrides it."""
    if profile in ROLES:
        return profile
    interfaces = config.effective("inet_interfaces").value.strip().lower()
    if interfaces in ("loopback-only", "localhost", "127.0.0.1", "::1", "[::1]"):
        return "null-client"
    if config.master is None:
        return "mx"
    listeners = [
        s
        for s in config.services
        if s.program in ("smtpd", "postscreen") and s.type == "inet" and not is_loopback_listener(s)
    ]
    if any(listen_port(s) == "25" for s in listeners):
        return "mx"
    return "submission" if listeners else "null-client"
