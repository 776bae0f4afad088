"""What each host and address list does with an entry Postfix cannot use (PL422, PL423).

Every list in ADDRESS_LISTS goes through Postfix's address matcher (util/match_ops.c,
match_hostaddr, via global/namadr_list.h or addr_match_list.h), with MATCH_FLAG_RETURN
since Postfix 2.9: a net/mask it refuses, or a table whose lookups fail, is not fatal there
but a lookup error, which ends the scan of the list (util/match_list.c) and is handled by
the program that asked. What that program then does differs per list (read from its
caller in Postfix's sources); an entry the matcher skips silently simply never matches.
"""

from __future__ import annotations

from typing import NamedTuple


class ListReading(NamedTuple):
    """How one list is read: by whom, and what a failed or a dead entry costs there."""

    fatal: str  # what a lone '!' does (match_list_parse: msg_fatal in whoever reads it)
    on_error: str  # after "Postfix logs a warning and"; {family}: "IPv4 ", "IPv6 " or ""
    never_matches: str  # after "so it never matches and"
    # Whether host names match too (namadr_list); addr_match_list compares addresses only.
    host_names: bool = True


_SMTPD = "the SMTP server does not start"
_SMTPD_EHLO = (
    "the SMTP server ends the session of {family}clients that no earlier entry matches "
    "at EHLO (421 4.3.0 Server local data error)"
)

_LIMIT_EXCEPTIONS = ListReading(
    _SMTPD,
    "applies the client rate and count limits to {family}clients that no earlier entry matches",
    "the limits still apply to its hosts",
)
_VERP = ListReading(_SMTPD, _SMTPD_EHLO, "its hosts are not offered XVERP")
_ALLOWLIST_INTERFACES = ListReading(
    "postscreen does not start",
    "postscreen allowlists no client that connects to a local {family}address that no "
    "earlier entry matches",
    "clients that connect to its addresses are never allowlisted",
    host_names=False,
)

READINGS: dict[str, ListReading] = {
    "mynetworks": ListReading(
        _SMTPD,
        "answers {family}clients that no earlier entry matches with 451 (temporary "
        "failure) where permit_mynetworks is checked",
        "its hosts are not trusted",
    ),
    "permit_mx_backup_networks": ListReading(
        _SMTPD,
        "defers (450) mail that permit_mx_backup would accept for a domain whose MX host "
        "has an {family}address that no earlier entry matches",
        "permit_mx_backup does not accept mail for the domains its MX hosts serve",
    ),
    "debug_peer_list": ListReading(
        "the SMTP server and client and the QMQP server do not start",
        "does not raise the log level for {family}peers that no earlier entry matches",
        "its peers get no extra logging",
    ),
    "qmqpd_authorized_clients": ListReading(
        "the QMQP server does not start",
        "the QMQP server answers {family}clients that no earlier entry matches with a "
        "temporary failure (server configuration error)",
        "its hosts may not use QMQP",
    ),
    "smtpd_authorized_verp_clients": _VERP,
    "authorized_verp_clients": _VERP,
    "smtpd_authorized_xclient_hosts": ListReading(
        _SMTPD, _SMTPD_EHLO, "its hosts may not use XCLIENT"
    ),
    "smtpd_authorized_xforward_hosts": ListReading(
        _SMTPD, _SMTPD_EHLO, "its hosts may not use XFORWARD"
    ),
    "smtpd_sasl_exceptions_networks": ListReading(
        _SMTPD,
        "where SASL AUTH is on, " + _SMTPD_EHLO,
        "AUTH is still offered to its hosts",
    ),
    "smtpd_client_event_limit_exceptions": _LIMIT_EXCEPTIONS,
    "smtpd_client_connection_limit_exceptions": _LIMIT_EXCEPTIONS,
    "smtpd_forbid_bare_newline_exclusions": ListReading(
        _SMTPD,
        "applies smtpd_forbid_bare_newline to {family}clients that no earlier entry matches",
        "smtpd_forbid_bare_newline still applies to its hosts",
    ),
    "postscreen_allowlist_interfaces": _ALLOWLIST_INTERFACES,
    "postscreen_whitelist_interfaces": _ALLOWLIST_INTERFACES,
}


def on_error(name: str, family: str | None = None) -> str:
    """What a lookup error in list `name` does to the addresses of one family ("IPv4"), or
    to every address (a table whose lookups fail errs on each)."""
    reading = READINGS[name].on_error
    return "Postfix logs a warning and " + reading.format(family=f"{family} " if family else "")
