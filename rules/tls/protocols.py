"""Shared reading of `*_tls_protocols` lists: which style a list is written in, and the
replacement a rule recommends for the target release."""

from __future__ import annotations

from collections.abc import Sequence

from postlint.api import (
    PROTOCOLS,
    Applicability,
    Context,
    Fix,
    Setting,
    Version,
    enabled_protocols,
    split_list,
)

# The first release that reads `>=TLSv1.2` ranges: its defaults are the first written that
# way (reference/postfix/releases: 3.5.25 still `!SSLv2, !SSLv3`, 3.6 `>=TLSv1`); a test
# keeps this in step with the release data.
RANGE_SYNTAX_SINCE = "3.6"
OLD_TLS = {"TLSv1", "TLSv1.1"}
# Postfix 3.6 requires OpenSSL 1.1.1 (RELEASE_NOTES-3.6, "Incompat 20200705"), and OpenSSL
# 1.1.0 removed SSLv2: from 3.6 on a list that leaves SSLv2 "on" cannot negotiate it.
SSLV2_GONE_SINCE = "3.6"


def protocol_names() -> tuple[str, ...]:
    names: list[str] = []
    for prefix in ("smtp", "smtpd", "lmtp", "postscreen", "tlsproxy", "tlsproxy_client"):
        names += [f"{prefix}_tls_protocols", f"{prefix}_tls_mandatory_protocols"]
    return tuple(names)


def included(value: str) -> list[str]:
    """The protocols a list names positively (an inclusion-style list), in its order."""
    known = {p.upper(): p for p in PROTOCOLS}
    return [
        known[i.upper()]
        for i in (w.replace(" ", "") for w in split_list(value))
        if i.upper() in known
    ]


def supports_ranges(version: Version) -> bool:
    return version >= Version.parse(RANGE_SYNTAX_SINCE)


def floor_value(lowest: str, version: Version, keep_off: Sequence[str] = ()) -> str:
    """A list that allows `lowest` and everything newer, TLS 1.3 and later versions too,
    except the protocols in `keep_off`: a fix never turns on a protocol the admin turned
    off (docs/fix-safety.md), it only moves the floor."""
    floor = protocol_rank(lowest)
    kept = [f"!{p}" for p in PROTOCOLS if p in keep_off and protocol_rank(p) > floor]
    if supports_ranges(version):
        return ", ".join([f">={lowest}", *kept])
    below = [f"!{p}" for p in PROTOCOLS[: PROTOCOLS.index(lowest)]]
    return ", ".join([*below, *kept]) or "!SSLv2"


def turned_off(value: str, above: str, *, through: str | None = None) -> list[str]:
    """Protocols newer than `above` that `value` turns off: every one, or with `through`
    only those up to it plus the ones excluded by name (`!X`), since an inclusion list
    leaves the versions after its newest entry off by accident, not by choice."""
    enabled = enabled_protocols(value)
    ceiling = protocol_rank(through) if through is not None else len(PROTOCOLS)
    excluded = {w.replace(" ", "")[1:].upper() for w in split_list(value) if w.startswith("!")}
    return [
        p
        for p in PROTOCOLS
        if protocol_rank(p) > protocol_rank(above)
        and p not in enabled
        and (protocol_rank(p) < ceiling or p.upper() in excluded)
    ]


# Releases whose protocol list knows TLSv1.3 (postconf(5) smtp_tls_protocols: 3.4, and the
# patch levels 3.0.14, 3.1.10, 3.2.7, 3.3.2). Older ones exclude only the protocols they
# know, so a list that leaves TLS 1.3 out does not turn it off there.
TLS13_KNOWN_SINCE = "3.4"
TLS13_KNOWN_IN_PATCH = {(3, 0): 14, (3, 1): 10, (3, 2): 7, (3, 3): 2}


def known_protocols(version: Version) -> tuple[str, ...]:
    """The protocols the target release can name, and so turn off."""
    first = TLS13_KNOWN_IN_PATCH.get((version.major, version.minor))
    if version >= Version.parse(TLS13_KNOWN_SINCE) or (
        first is not None and (version.patch is None or version.patch >= first)
    ):
        return PROTOCOLS
    return PROTOCOLS[:-1]


def usable_ssl(version: Version) -> tuple[str, ...]:
    """The SSL protocols (not TLS) the target release can still negotiate."""
    return ("SSLv3",) if version >= Version.parse(SSLV2_GONE_SINCE) else ("SSLv2", "SSLv3")


def protocol_rank(protocol: str) -> int:
    return PROTOCOLS.index(protocol)


def spelled_for(setting: Setting, value: str) -> str:
    """`value` as it can be written where `setting` is: in a master.cf `-o` a blank would end
    the argument (the rest of the list would spill into the next ones)."""
    return value.replace(", ", ",") if setting.service is not None else value


def range_fix(ctx: Context, setting: Setting, value: str) -> Fix:
    """An unsafe fix writing a protocol list; a `>=` range says which release it assumed."""
    value = spelled_for(setting, value)
    message = f"Set {setting.label} to {value}"
    if value.startswith(">="):
        _unsafe, message = ctx.fix_for_release(RANGE_SYNTAX_SINCE, Applicability.UNSAFE, message)
    return setting.set_value(value, Applicability.UNSAFE, message)


def lowest_enabled(value: str) -> str | None:
    enabled = enabled_protocols(value)
    return next((p for p in PROTOCOLS if p in enabled), None)
