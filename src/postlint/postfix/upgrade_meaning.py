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
    "relay_domains": "the domains this server relays mail to: mail for a domain no longer "
    "listed (was {before!r}) is refused with 'Relay access denied' unless mydestination or "
    "a virtual table accepts it",
    "mynetworks_style": "clients in mynetworks may relay; {after!r} narrows or widens which "
    "client addresses are trusted (was {before!r}): clients outside it lose relay permission",
    "append_dot_mydomain": "unqualified domains (user@host) are {verb} completed with "
    ".$mydomain: mail to such addresses goes to a different destination",
    "smtputf8_enable": "{verb_utf8} SMTPUTF8 (internationalised addresses) to clients and "
    "servers; mail with UTF-8 addresses may be accepted or bounced differently",
    "smtpd_relay_restrictions": "the relay policy checked before recipient restrictions "
    "changes: some clients may gain or lose relay permission",
    "fast_flush_domains": "which destinations ETRN/sendmail -qR may flush from the queue",
    "proxy_read_maps": "the tables proxymap may open; a proxy: lookup of a table not listed fails",
    "import_environment": "the environment Postfix programs keep (commands run by "
    "local/pipe, logging through postlog)",
    "milter_connect_macros": "the macros milters receive at connect time",
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


def _protocols(value: str) -> set[str]:
    return {w for w in re.split(r"[\s,:]+", value) if w}


def _tls_meaning(name: str, before: str, after: str) -> str | None:
    """Protocol lists and cipher grades, said in terms of what peers can still use."""
    if name.endswith("_protocols"):
        # "!SSLv3" excludes a protocol; "TLSv1.2" or ">=TLSv1.2" names what may be used.
        added = _protocols(after) - _protocols(before)
        removed = _protocols(before) - _protocols(after)
        off = sorted(w[1:] for w in added if w.startswith("!"))
        back = sorted(w[1:] for w in removed if w.startswith("!"))
        named = sorted(w for w in added | removed if not w.startswith("!"))
        parts = [f"{p} is no longer used" for p in off]
        parts += [f"{p} may be used again" for p in back]
        if named:  # a version range replaces the exclusions
            parts = [f"the allowed range is now {after!r}"]
        return "TLS protocols: " + "; ".join(parts) + ": peers that need it fail the handshake"
    if name.endswith("_ciphers"):
        return (
            f"cipher grade {before or '(empty)'} -> {after or '(empty)'}: peers that only "
            "offer weaker ciphers fail the handshake (or fall back to plaintext)"
        )
    if name.endswith("_cipherlist"):
        return "the OpenSSL cipher list behind this grade changes (matters where the grade is used)"
    return None


def meaning_of(name: str, before: str, after: str) -> str:
    """One line: what the new value means for this config's mail."""
    template = _SPECIFIC.get(name)
    if template is None:
        tls = _tls_meaning(name, before, after) if category_of(name) == "tls" else None
        return tls or _GENERIC[category_of(name)]
    yes = after.strip().lower() == "yes"
    return template.format(
        before=before,
        after=after,
        verb="still" if yes else "no longer",
        verb_utf8="offers" if yes else "no longer offers",
    )
