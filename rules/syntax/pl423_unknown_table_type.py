"""PL423: a lookup table of a type Postfix does not have (`hahs:`), or a bare IPv6 network."""

from __future__ import annotations

import _socket as socket  # inet_pton without socket.py's enum set-up (cold start)
import ipaddress
from collections.abc import Iterator

from postlint_rules.syntax.address_lists import on_error
from postlint_rules.syntax.table_words import (
    COMPOSITE_TYPES,
    DEEPEST,
    lookup_failure,
    may_name_tables,
    table_words,
)
from postlint_rules.syntax.value_repairs import Repair, fix_of

from postlint.api import (
    ADDRESS_LISTS,
    LIST_SEPARATORS,
    MATCH_LISTS,
    TABLE_TYPES,
    TYPE_PARAMETERS,
    WRAPPING_TYPES,
    Applicability,
    Context,
    Diagnostic,
    FixAvailability,
    Rule,
    Setting,
    Severity,
    Span,
    Version,
    brace_tokens,
    close_names,
    closing_bracket,
    list_until_comment,
    prefix_length,
    restriction_list_names,
    shorten,
    table_types,
)

# What a table type is made of; anything else ($name, {group}, a template placeholder)
# is not a type written out, so it is left alone. (Sets, not regexes: nothing to compile
# on every start.)
_TYPE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-")
_HEX_CHARS = frozenset("0123456789ABCDEFabcdef")
# What an IPv6 address is made of, as someone would write it without brackets.
_IPV6_CHARS = _HEX_CHARS | {":", "."}


# Up to 3.11 dict_open() stops the program on a table written with no type or no name
# (`:x`, `hash:`); from 3.12 it opens a stand-in whose lookups fail, as for an unknown type.
_INCOMPLETE_DEGRADES = Version(3, 12)
_STOPS = "a fatal error: the program that reads it stops"


class UnknownTableType(Rule):
    """A lookup table of a type Postfix does not have, or an IPv6 network without `[]`.

    ## What it does
    Reads every `type:name` lookup table in the table lists (`virtual_alias_maps`,
    `transport_maps`...), the match lists (`mynetworks`, `relay_domains`,
    `debug_peer_list`, `smtpd_client_event_limit_exceptions`...) and the restriction lists
    (`check_client_access type:name` and bare tables), in main.cf and master.cf `-o`, and
    reports a type the target release does not have: a typo (`hahs:`, `lmbd:`), a wrong
    case (`HASH:`) or a type added later (`mongodb:` before 3.9). Through `proxy:` the
    type of the table behind it is read too, and so are the tables inside
    `unionmap:{...}` and `pipemap:{...}` (nested ones too; a composite Postfix cannot
    split, `unionmap:hash:/x` or a member that is no `type:name`, is reported as a whole),
    and `default_database_type` (the type of `$default_database_type:/etc/aliases`,
    `alias_maps`' default). In the host and address lists it reports an IPv6 address or
    network written without brackets (`2001:db8::/32`, `/0032` read as /32 as Postfix
    does): Postfix reads it as a table of type `2001`. Also a table with no
    type or name (`:x`, `hash:`), and a `{ }` word with a ':' in a match or table list
    (Postfix keeps the braces: `{2001:db8::/32}` is a table of type `{2001`). `$names`,
    other `{ }` groups and templates are skipped. A type that only some builds have
    (`lmdb`, `pcre`, `mysql`...: `postconf -m` lists those of one host) is never reported
    here (PL411 reports it with `--postfix-version auto`, from this host's `postconf -m`).

    ## Why it matters
    `postconf` does not check table types. The daemon that opens the table logs
    "unsupported dictionary type" and uses a stand-in whose every lookup fails: mail that
    needs the table is deferred and SMTP clients get 451 (temporary failure); in
    `mynetworks` every client that no earlier entry matched gets 451 where
    `permit_mynetworks` is checked; the other host and address lists handle the lookup
    error as their program does (the XCLIENT, XFORWARD, VERP and SASL exception lists end
    the session at EHLO, `qmqpd_authorized_clients` answers with a temporary failure, the
    exception lists and `debug_peer_list` act as if nothing matched). Commands such
    as `sendmail` and `postmap` stop with a fatal error, and so do daemons where
    `daemon_table_open_error_is_fatal = yes`. A table with no type or no name stops every
    program that opens it up to Postfix 3.11; from 3.12 its lookups fail instead.

    ## Example
    ```
    virtual_alias_maps = hahs:/etc/postfix/virtual
    mynetworks = 127.0.0.0/8 2001:db8::/32
    ```

    ## Use instead
    ```
    virtual_alias_maps = hash:/etc/postfix/virtual
    mynetworks = 127.0.0.0/8 [2001:db8::]/32
    ```

    ## Fix safety
    Brackets around a bare IPv6 network in a host or address list are a safe fix: they
    repair what Postfix misreads (no table of that type exists, so nothing matched it)
    into what postconf(5) says to write; a network with host bits gets no fix, the message
    names the network. The nearest known type for a misspelt one is an unsafe fix: the
    lookups that failed start answering, which changes where mail goes. The repairs of
    one setting make one fix, unsafe as soon as one of them is (past ten repairs in one
    setting, only the first of their findings carries it, and the others count as fixable
    with it).

    ## References
    - Postfix util/dict_open.c (unsupported dictionary type), util/dict_surrogate.c,
      util/dict_union.c, util/dict_pipe.c, util/match_list.c (type:table items);
      postconf(5) mynetworks; `postconf -m`
    """

    code = "PL423"
    name = "unknown-table-type"
    family = "syntax"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        known = table_types(ctx.version)
        restriction_names = restriction_list_names(ctx.config)
        maps = ctx.catalogue.names_with("kind", "map-list")
        wanted = maps | MATCH_LISTS | restriction_names
        wanted |= TYPE_PARAMETERS
        # A set, not a test on names: the settings are then looked up by name.
        for setting in ctx.settings(wanted, value=lambda value: ":" in value or value.isalnum()):
            if setting.name in TYPE_PARAMETERS:
                default = _default_type(ctx, known, setting)
                found = [] if default is None else [default]
            elif len(setting.value) > 4096 and not may_name_tables(setting.value):
                continue  # thousands of [IPv6] networks: nothing here is a table
            else:
                found = list(_findings(ctx, known, setting, restriction_names))
            # One fix per setting, with every repair of it: two fixes of one value would
            # each state a different result for it (and only one is applied per pass).
            # Past a few repairs only the first finding carries it: one list with thousands
            # of typos must not print thousands of fixes of thousands of edits. It names
            # the others' spans, so they still count as fixable (and fixed).
            repaired = [f for f in found if f.repair is not None]
            repairs = [f.repair for f in repaired if f.repair is not None]
            shared = len(repairs) <= SHARED_FIX
            resolves = () if shared else tuple(_span(setting, f) for f in repaired[1:])
            whole = fix_of(setting, repairs, resolves)
            for f in found:
                fix = None
                if f.repair is not None and (shared or f.repair is repairs[0]):
                    fix = whole
                yield ctx.diagnostic(
                    setting.file,
                    _span(setting, f),
                    f.message,
                    fix=fix,
                    service=setting.service,
                )


# A setting with at most this many repairs has its fix on each of their findings.
SHARED_FIX = 10


class _Found:
    """A finding in one setting's value, and the repair it has, if any."""

    __slots__ = ("end", "message", "repair", "start")

    def __init__(self, start: int, end: int, message: str, repair: Repair | None) -> None:
        self.start = start  # where the finding points, in the value
        self.end = end
        self.message = message
        self.repair = repair


def _span(setting: Setting, found: _Found) -> Span:
    return setting.value_subspan(found.start, found.end)


def _is_type(word: str) -> bool:
    return bool(word) and word[0].isalnum() and set(word) <= _TYPE_CHARS


def _findings(
    ctx: Context, known: frozenset[str], setting: Setting, restriction_names: set[str]
) -> Iterator[_Found]:
    address = setting.name in ADDRESS_LISTS
    # From 3.8 on a word that starts with '#' ends the list: what follows is not read.
    read = len(list_until_comment(setting.value, ctx.version))
    for start, end in table_words(setting, restriction_names):
        if start >= read:
            break
        item = setting.value[start:end]
        negation = len(item) - len(item.lstrip("!"))
        start += negation
        item = item[negation:]
        # Match and table lists keep a word's braces (match_list.c, maps.c).
        braced = item[:1] == "{" and ":" in item and setting.name not in restriction_names
        if braced and item.isascii():
            yield _braced(setting, start, end)
            continue
        if not item or item[0] in "$/{[" or ":" not in item or not item.isascii():
            continue
        found = _bare_ipv6(ctx, setting, start, end) if address else None
        if found is None:
            yield from _table_type(ctx, known, setting, start, end)
        else:
            yield found


def _table_type(
    ctx: Context, known: frozenset[str], setting: Setting, start: int, end: int, depth: int = 0
) -> Iterator[_Found]:
    spec = setting.value[start:end]
    kind, _, name = spec.partition(":")
    while kind in WRAPPING_TYPES and kind in known and ":" in name:
        start += len(kind) + 1  # proxy:hash:/etc/x: the table behind proxy
        kind, _, name = name.partition(":")
    if not kind or not name:
        missing = "type" if not kind else "name"
        stops = ctx.version < _INCOMPLETE_DEGRADES
        effect = _STOPS if stops else lookup_failure(setting.name)
        message = f"{setting.label} table {shorten(spec)} has no {missing}: {effect}"
        yield _Found(start, end, message, None)
        return
    found = _unknown_type(ctx, known, setting, start, kind)
    if found is not None:
        problem, repair = found
        effect = lookup_failure(setting.name)
        message = f"{setting.label} table {shorten(spec)}: {problem}; {effect}"
        yield _Found(start, start + len(kind), message, repair)
    elif kind in COMPOSITE_TYPES and kind in known and depth < DEEPEST:
        yield from _members(ctx, known, setting, (spec, kind), end - len(name), end, depth + 1)


def _members(
    ctx: Context,
    known: frozenset[str],
    setting: Setting,
    written: tuple[str, str],
    start: int,
    end: int,
    depth: int,
) -> Iterator[_Found]:
    """The tables of a `unionmap:{...}` or `pipemap:{...}` whose name is value[start:end]
    (`written`: the whole word, `proxy:` included, and its type), each read as any other
    table. Postfix splits the inside of the braces at blanks and commas outside inner
    braces (util/dict_union.c, dict_pipe.c); without braces around the whole name, or with
    a member that is no type:name, it opens none of them and every lookup fails."""
    spec, kind = written
    value = setting.value
    name = value[start:end]
    if not name.isascii():
        return  # a template placeholder
    close = closing_bracket(value, start) if name[:1] == "{" else -1
    members = brace_tokens(value[start + 1 : close], LIST_SEPARATORS) if close > 0 else []
    effect = lookup_failure(setting.name)
    if "$" not in name and (close != end - 1 or not members):
        message = (
            f"{setting.label} table {shorten(spec)} is not written {kind}:{{type:name ...}}, "
            f"so Postfix opens none of its tables: {effect}"
        )
        yield _Found(start, end, message, None)
        return
    spans = [(start + 1 + s, start + 1 + e) for s, e in members]
    for s, e in spans:
        member = value[s:e]
        if ":" not in member and "$" not in member:
            message = (
                f"{setting.label} table {shorten(spec)} has the member {shorten(member)}, "
                f"which is no type:name table, so Postfix opens none of its tables: {effect}"
            )
            yield _Found(s, e, message, None)
            return
    for s, e in spans:
        member = value[s:e]
        if member[0] == "{":
            yield _braced(setting, s, e)
        elif "$" not in member:
            yield from _table_type(ctx, known, setting, s, e, depth)


def _unknown_type(
    ctx: Context, known: frozenset[str], setting: Setting, start: int, kind: str
) -> tuple[str, Repair | None] | None:
    """What is wrong with the type `kind` written at `start` of the value, and its repair
    when one known type is close; None when Postfix has it (or it is no type written out)."""
    if kind in known or not _is_type(kind):
        return None
    since = TABLE_TYPES.get(kind)
    if since is not None:
        return f"table type '{kind}' came in Postfix {since}, after {ctx.version}", None
    problem = f"Postfix has no table type '{kind}'"
    if setting.name in ADDRESS_LISTS and len(kind) <= 4 and set(kind) <= _HEX_CHARS:
        problem += " (an IPv6 address or network is written in [])"
    nearest = kind.lower() if kind.lower() in known else _nearest(kind, known)
    if nearest is None:
        return problem, None
    applicability, title = ctx.fix_for_release(
        TABLE_TYPES[nearest], Applicability.UNSAFE, f"Use the table type '{nearest}'"
    )
    repair = Repair(start, start + len(kind), nearest, applicability, title)
    return f"{problem} (did you mean '{nearest}'?)", repair


def _default_type(ctx: Context, known: frozenset[str], setting: Setting) -> _Found | None:
    """default_database_type = hahs: the type of `$default_database_type:name` tables."""
    kind = setting.value.strip()
    start = setting.value.find(kind)
    found = _unknown_type(ctx, known, setting, start, kind) if kind else None
    if found is None:
        return None
    problem, repair = found
    message = (
        f"{setting.label}: {problem}; the tables written as ${setting.name}:name (as some "
        "defaults are) cannot be opened: every lookup in them fails, so what they decide "
        "is deferred (a temporary error)"
    )
    return _Found(start, start + len(kind), message, repair)


def _braced(setting: Setting, start: int, end: int) -> _Found:
    """A `{ }` word with a ':' in a match or table list: match_list.c and maps.c keep the
    braces and open it as type:name, of a type ("{2001", "{ hash") no Postfix has."""
    item = setting.value[start:end]
    kind = item.partition(":")[0]
    advice = "write it without braces"
    bare = kind.lstrip("{" + LIST_SEPARATORS)  # what precedes the ':' inside the braces
    if setting.name in ADDRESS_LISTS and (bare[:1] in ("", "[") or set(bare) <= _HEX_CHARS):
        advice += " (and an IPv6 address or network in [])"
    message = (
        f"{setting.label} entry {shorten(item)} is in braces, which Postfix keeps: it reads "
        f"a table of type '{shorten(kind)}', which does not exist: "
        f"{lookup_failure(setting.name)}; {advice}"
    )
    return _Found(start, end, message, None)


def _bare_ipv6(ctx: Context, setting: Setting, start: int, end: int) -> _Found | None:
    """An IPv6 address or network written without brackets; None when the item is no
    IPv6 address at all (then it is a table like any other)."""
    item = setting.value[start:end]
    address, slash, length = item.partition("/")
    if not set(address) <= _IPV6_CHARS:
        return None
    # Read as Postfix's net/mask parser would once bracketed: leading zeros are fine.
    bits = prefix_length(length) if slash else 128
    if bits is None:
        return None
    try:
        packed = socket.inet_pton(socket.AF_INET6, address)
    except OSError:
        return None
    written = f"[{address}]" + (f"/{length}" if length else "")
    advice = f"write {written}"
    repair = None
    if bits > 128:
        advice = f"write [{address}] with a prefix length of at most 128"
    elif int.from_bytes(packed, "big") & ((1 << (128 - bits)) - 1):
        # Host bits: the network is what to write, which is not a repair of a misreading.
        network = ipaddress.ip_network(f"{address}/{bits}", strict=False)
        advice = f"write [{network.network_address}]/{bits}"
    else:
        repair = Repair(start, end, written, Applicability.SAFE, f"Write {written}")
    kind = item.partition(":")[0]
    if kind:
        read_as = f"a table of type '{kind}', which does not exist: {on_error(setting.name)}"
    elif ctx.version < _INCOMPLETE_DEGRADES:
        # dict_open3(): an empty type is a fatal error, not a table whose lookups fail.
        read_as = f"a table with no type, {_STOPS}"
    else:
        read_as = f"a table with no type: {on_error(setting.name)}"
    message = (
        f"{setting.label} entry {shorten(item)} is an IPv6 "
        f"{'network' if length else 'address'} without []: Postfix reads it as {read_as}; "
        f"{advice}"
    )
    return _Found(start, end, message, repair)


def _nearest(kind: str, known: frozenset[str]) -> str | None:
    found = close_names(known).close(kind, n=1, cutoff=0.6)
    return found[0] if found else None
