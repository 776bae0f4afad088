"""What a changed value means for mail: the consequence group of a parameter and a
one-line explanation in Postfix terms (the changes themselves come from the release data)."""

from __future__ import annotations

import re

# Consequence groups, in the order reports list them.
CATEGORIES = {
    "tls": "TLS (levels, protocols, ciphers)",
    "relay": "Relay and recipient control",
    "rewriting": "Address rewriting",
    "smtputf8": "SMTPUTF8",
    "logging": "Logging",
    "limits": "Limits",
    "other": "Other",
}

_GROUPS = (
    ("smtputf8", re.compile(r"smtputf8|utf8")),
    ("tls", re.compile(r"tls|cipher|_ssl|sasl_security|fingerprint|dane|openssl")),
    (
        "relay",
        re.compile(
            r"relay|mynetworks|restrictions|recipient_maps|local_recipient|destination$"
            r"|permit_|reject_|_access|smtpd_helo_required|strict_rfc821|mydestination"
            r"|address_verify|unknown_.*_reject_code|bare_newline"
        ),
    ),
    (
        "rewriting",
        re.compile(
            r"append_|masquerade|canonical|rewrite|myorigin|percent_hack|swap_bangpath"
            r"|resolve_|recipient_delimiter|virtual_alias|alias_maps|expand_owner"
        ),
    ),
    ("logging", re.compile(r"log|syslog|notify_classes|debug|verbose")),
    (
        "limits",
        re.compile(
            r"limit|size|timeout|_time$|_time_|concurrency|rate|delay|count|_max|backoff"
            r"|lifetime|threshold|depth|cache"
        ),
    ),
)

# Parameters whose change needs more than the group's sentence.
_SPECIFIC = {
    "relay_domains": "domains listed here are relayed; mail for {before!r} domains that is no "
    "longer listed (now {after!r}) is refused with 'Relay access denied' unless another "
    "table accepts it",
    "mynetworks_style": "clients in mynetworks may relay; {after!r} narrows or widens which "
    "client addresses are trusted (was {before!r}): clients outside it lose relay permission",
    "append_dot_mydomain": "unqualified domains (user@host) are {verb} completed with "
    ".$mydomain: mail to such addresses goes to a different destination",
    "smtputf8_enable": "{verb_utf8} SMTPUTF8 (internationalised addresses) to clients and "
    "servers; mail with UTF-8 addresses may be accepted or bounced differently",
    "smtpd_relay_restrictions": "the relay policy checked before recipient restrictions "
    "changes: some clients may gain or lose relay permission",
}

_GENERIC = {
    "tls": "what TLS is offered, required or accepted changes: peers may negotiate "
    "differently or fail the handshake",
    "relay": "which clients may relay or which recipients are accepted changes: some mail "
    "may be refused or accepted differently",
    "rewriting": "addresses are rewritten differently: mail may be delivered to other "
    "addresses or domains",
    "smtputf8": "handling of internationalised (UTF-8) addresses changes",
    "logging": "what is logged, or where, changes; mail flow is unchanged",
    "limits": "a size, time or concurrency limit changes: mail may be delayed, deferred or "
    "rejected at a different point",
    "other": "Postfix behaves differently here; check the parameter's documentation",
}


def category_of(name: str) -> str:
    for group, pattern in _GROUPS:
        if pattern.search(name):
            return group
    return "other"


def meaning_of(name: str, before: str, after: str) -> str:
    """One line: what the new value means for this config's mail."""
    template = _SPECIFIC.get(name)
    if template is None:
        return _GENERIC[category_of(name)]
    yes = after.strip().lower() == "yes"
    return template.format(
        before=before,
        after=after,
        verb="still" if yes else "no longer",
        verb_utf8="offers" if yes else "no longer offers",
    )
