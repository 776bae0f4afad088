"""PL422: an entry of mynetworks or another address list that Postfix cannot use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import ClassVar

from postlint_rules.syntax.address_lists import READINGS, on_error

from postlint.api import (
    ADDRESS_LISTS,
    LIST_SEPARATORS,
    Context,
    Diagnostic,
    Rule,
    Severity,
    brace_tokens,
    list_until_comment,
    network_problem,
    shorten,
)

# What an address pattern may hold (hex digits, '.', ':', brackets, '/'). Postfix skips an
# item with '/' or ':' and any other character without a word: it is neither an address
# (nothing to parse) nor a host name (those have no '/' or ':').
_PATTERN_CHARS = frozenset("0123456789abcdefABCDEF.:[]/")
_IPV4_CHARS = frozenset("0123456789.")
_NEVER_MATCHES = "Postfix skips it without a word, so it never matches and "


@cache
def _plain() -> re.Pattern[str]:
    """A regex for a plain network, a whole list item: IPv4 addresses, /32, and /24, /16,
    /8 ending in as many zero octets; bracketed IPv6 `[h:h::]/len` that end in `::` with
    a length that covers the groups written, and `[::1]`. Factored so that the engine
    never backtracks far; made on first use, as most runs never need it."""
    octet = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    ipv4 = rf"{octet}\.(?:0\.0\.0/8|{octet}\.(?:0\.0/16|{octet}\.(?:0/24|{octet}(?:/32)?)))"
    group = "[0-9a-fA-F]{1,4}:"
    ipv6 = ""  # after n groups: `:]/length` with length >= 16n, or one more group
    for n in range(7, 0, -1):
        more = f"|{group}(?:{ipv6})" if ipv6 else ""
        ipv6 = rf":\]/(?:{_lengths_from(16 * n)}){more}"
    one = rf"(?:{ipv4}|\[(?:{group}(?:{ipv6})|::1\](?:/128)?))"
    separators = re.escape(LIST_SEPARATORS)
    return re.compile(rf"(?<![^{separators}]){one}(?![^{separators}])")


def _lengths_from(shortest: int) -> str:
    """A regex for the prefix lengths `shortest` (16 to 112) to 128, written as Postfix
    reads them (no leading zeros)."""
    tens, units = divmod(shortest, 10)
    if shortest < 100:
        parts = [f"{tens}[{units}-9]"] + ([f"[{tens + 1}-9][0-9]"] if tens < 9 else [])
        parts.append("1[01][0-9]")
    else:
        parts = [f"1{tens - 10}[{units}-9]"] + (["11[0-9]"] if tens == 10 else [])
    return "|".join([*parts, "12[0-8]"])


def pattern_problem(item: str) -> tuple[str, bool] | None:
    """What is wrong with one address list item, and whether Postfix fails on it (True) or
    silently never matches it (False); None when it is fine or not an address pattern."""
    if "/" not in item and ":" not in item:
        # An IPv4 address or a host name: compared as text with the client's.
        if set(item) <= _IPV4_CHARS and network_problem(item) is not None:
            return "is not an IPv4 address", False
        return None
    if not set(item) <= _PATTERN_CHARS:
        return "is not an address or network", False
    problem = network_problem(item)
    return None if problem is None else (problem, True)


class InvalidNetwork(Rule):
    """An entry of `mynetworks` or another address list that Postfix cannot use.

    ## What it does
    Reads each item of `mynetworks` and of the other lists that Postfix's address matcher
    reads (`debug_peer_list`, `permit_mx_backup_networks`, `qmqpd_authorized_clients`,
    `smtpd_authorized_xclient_hosts`, `smtpd_client_event_limit_exceptions`,
    `smtpd_sasl_exceptions_networks`, `postscreen_allowlist_interfaces`...), in main.cf
    and master.cf `-o`, as that matcher does and reports a prefix length that is not a
    number or longer than the address (`10.0.0.0/99`, `[::1]/200`), an address that is not
    one (`300.1.2.3/8`), host bits after the prefix (`10.0.0.1/8`), a `!` with no pattern
    after it (`! 10.0.0.0/8`), and items Postfix skips silently: text after a network
    (`10.0.0.0/8junk`), digits and dots that are no IPv4 address (`10.0.0`), a network in
    braces (`{ 10.0.0.0/8 }`), a host name in a list compared with addresses only
    (`postscreen_allowlist_interfaces`). The message says what the list's program does
    with it.

    ## Why it matters
    Postfix checks only the list's words when the program that reads it starts: a lone
    `!` or a table with no type (`::/0`) is a fatal error (up to 3.11; PL423 reports the
    table). An entry its net/mask parser refuses is a lookup error each time an address of
    that family that no earlier entry matched is compared with it: Postfix logs a warning
    and the rest of the list is not read. In `mynetworks` the SMTP server then answers
    those clients with `451 4.3.0` (temporary failure) wherever `permit_mynetworks` is
    checked, so mail from the Internet is deferred; the XCLIENT, XFORWARD, VERP and SASL
    exception lists end the session at EHLO (421), `qmqpd_authorized_clients` answers
    with a temporary failure, `permit_mx_backup_networks` defers, and the exception lists
    (`smtpd_client_event_limit_exceptions`...) and `debug_peer_list` act as if nothing
    matched. An entry Postfix skips never matches, so the hosts it was meant to name are
    not trusted, excepted or logged.

    ## Example
    ```
    mynetworks = 127.0.0.0/8 10.0.0.0/99 [::1]/200
    ```

    ## Use instead
    ```
    mynetworks = 127.0.0.0/8 10.0.0.0/8 [::1]/128
    ```

    ## Fix safety
    No automatic fix: only you know which network was meant.

    ## References
    - postconf(5) mynetworks, debug_peer_list, smtpd_client_event_limit_exceptions;
      util/match_ops.c (match_hostaddr), util/match_list.c, util/cidr_match.c
    """

    code = "PL422"
    name = "invalid-network"
    family = "syntax"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "an item Postfix skips silently, so it never matches"
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(ADDRESS_LISTS):
            value = list_until_comment(setting.value, ctx.version)
            if len(value) > 4096:
                # A list of thousands of networks: most are plain ones that the regex
                # engine vouches for, all at once first (what remains when they are cut
                # out; one fullmatch over the list would keep state for every item), then
                # item by item.
                plain = _plain()
                if not plain.sub("", value).strip(LIST_SEPARATORS):
                    continue
            else:
                plain = None
            for start, end in brace_tokens(value, LIST_SEPARATORS):
                if plain is not None and plain.fullmatch(value, start, end):
                    continue
                text = value[start:end]
                found = _entry_problem(setting.name, text)
                if found is None:
                    continue
                problem, severity = found
                yield ctx.diagnostic(
                    setting.file,
                    setting.value_subspan(start, end),
                    f"{setting.label} entry {shorten(text)} {problem}",
                    service=setting.service,
                    severity=severity,
                )


def _entry_problem(name: str, text: str) -> tuple[str, Severity | None] | None:
    """What is wrong with one written word ('!'s included) of the address list `name`, said
    after `entry <text>`, and its severity (None: the rule's own, an error); None when
    nothing is."""
    item = text.lstrip("!")  # '!' negates; the pattern follows
    if not item:  # `! 10.0.0.0/8`: the '!' is a word of its own
        return (
            f"has no pattern after '!' (a fatal error: {READINGS[name].fatal}); "
            "write the '!' right before the pattern it negates",
            None,
        )
    # What an entry that never matches loses ("!" entries: the exclusion they make).
    negated = (len(text) - len(item)) % 2 == 1
    never = "what it was meant to exclude is not excluded" if negated else ""
    never = never or READINGS[name].never_matches
    # References, /file/name and type:table are not patterns here; non-ASCII text is a
    # template placeholder or nothing Postfix could match. Postfix expands $name before it
    # reads the list: `10.0.$net.0/24` is whatever $net makes it.
    if item[0] == "/" or "$" in item or not item.isascii():
        return None
    if item[0] == "{" and ":" not in item:
        # The braces only group words for the split: they stay in the pattern.
        return (
            "is in braces, which Postfix keeps as part of the pattern; "
            f"{_NEVER_MATCHES}{never}; write it without braces",
            Severity.WARNING,
        )
    if ":" in item and not item.startswith("["):
        # Postfix opens it as type:table (hash:/etc/...), IPv6 or not: PL423
        # (unknown-table-type) reports an IPv6 network written so, with its repair.
        return None
    found = pattern_problem(item)
    if found is None:
        if READINGS[name].host_names or "/" in item or set(item) <= _IPV4_CHARS:
            return None
        # A host name where only addresses are compared (match_hostaddr skips it).
        return (
            "is a host name, but this list is compared with addresses only; "
            f"{_NEVER_MATCHES}{never}; write the address",
            Severity.WARNING,
        )
    problem, fails = found
    if ": write " in problem:  # the fix is obvious only for host bits; keep the '!'
        problem = problem.replace(": write ", ": write " + text[: len(text) - len(item)])
    else:
        problem += "; correct it or delete it"
    if not fails:
        return f"{problem} ({_NEVER_MATCHES}{never})", Severity.WARNING
    return f"{problem} ({on_error(name, 'IPv6' if ':' in item else 'IPv4')})", None
