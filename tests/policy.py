"""The fix-safety policy as a test oracle: how the effective configuration may differ after
safe fixes (docs/fix-safety.md).

It compares postlint's model before and after, per service (main.cf's view and every
master.cf service's view), and names each difference the policy does not allow. Allowed:
- a setting that was unset now has a value from `fix_policy.SAFE_ADDITIONS`;
- a repair of what Postfix misreads: an inline `#` comment dropped from a value, blanks
  removed inside an `-o` value, a look-alike dash before an option made '-', a bare IPv6
  address or network put in [] in a host or address list (bare, it is read as a table);
- the postlog service added when maillog_file is set (Postfix does not start without it);
- a deprecated name replaced by its exact equivalent (the new name gets the old value, or
  the legacy TLS switches give way to the security level they meant);
- a setting Postfix ignores dropped (a duplicate, a name the target release does not read,
  the default written out).
"""

from __future__ import annotations

import re
import socket

from hypothesis import strategies as st

from postlint.engine.edits import inline_comment_start
from postlint.engine.fix_policy import ignored_since, safe_addition
from postlint.engine.units import LintUnit
from postlint.postfix.catalogue import Catalogue, builtin_catalogue
from postlint.postfix.model import Config, EffectiveValue
from postlint.postfix.services import tls_level
from postlint.postfix.table_types import ADDRESS_LISTS
from postlint.postfix.versions import Version
from postlint.syntax.ast import Service
from postlint.testing import make_unit

_LEGACY_TLS = re.compile(
    r"^(?P<prefix>[a-z]+(?:_client)?)_(?:(?:use|enforce)_tls|tls_enforce_peername)$"
)
# Deprecated names whose replacement takes a different value with the same meaning.
_VALUE_RENAMES = {
    ("disable_dns_lookups", "yes"): "disabled",
    ("disable_dns_lookups", "no"): "",
}
_DNS_LEVELS = ("smtp_dns_support_level", "lmtp_dns_support_level")


def _replacements(name: str, target: str, service: Service | None) -> tuple[str, ...]:
    """The names that take over a deprecated name where `service` runs.

    disable_dns_lookups served the SMTP and the LMTP client alike: in main.cf both levels
    take over; on a service, the level its program reads (smtp(8) run as lmtp reads
    lmtp_dns_support_level).
    """
    if name != "disable_dns_lookups":
        return (target,)
    if service is None:
        return _DNS_LEVELS
    return (_DNS_LEVELS[1],) if service.program == "lmtp" else (_DNS_LEVELS[0],)


def _words(value: str) -> tuple[str, ...]:
    """A value as Postfix splits a list: separators and line breaks do not matter."""
    return tuple(w for w in re.split(r"[\s,]+", value) if w)


def _ipv6_bracketed(old: str, new: str) -> bool:
    """The lists differ only in bare IPv6 addresses or networks now in [] (bare, a host or
    address list reads `2001:db8::/32` as a table of type `2001`, which does not exist)."""
    old_words, new_words = _words(old), _words(new)
    if len(old_words) != len(new_words) or old_words == new_words:
        return False
    for was, now in zip(old_words, new_words, strict=True):
        if was == now:
            continue
        item = was.lstrip("!")
        address, slash, length = item.partition("/")
        if ":" not in address or now != f"{was[: len(was) - len(item)]}[{address}]{slash}{length}":
            return False
        try:
            socket.inet_pton(socket.AF_INET6, address)
        except OSError:
            return False
    return True


# Dashes pasted where '-' was typed (en dash, em dash, minus sign...): PL514 repairs them.
_LOOK_ALIKE_DASHES = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d\udc96\udc97]")


def _args(service: Service) -> str:
    """A master.cf command line without any whitespace and with look-alike dashes as '-':
    equal after a repair of what Postfix misreads there."""
    return _LOOK_ALIKE_DASHES.sub("-", re.sub(r"\s+", "", "".join(service.argv[7:])))


def _level(config: Config, prefix: str, service: Service | None) -> str:
    """The TLS level a client/server really uses, legacy switches included."""
    return tls_level(config, prefix, service).level


class PolicyCheck:
    """Differences between two versions of one configuration that the policy forbids."""

    def __init__(
        self,
        before: LintUnit,
        after: LintUnit,
        version: Version,
        catalogue: Catalogue | None = None,
    ):
        self.catalogue = catalogue or builtin_catalogue()
        self.version = version
        self.before = Config(before.main, before.master, version, self.catalogue)
        self.after = Config(after.main, after.master, version, self.catalogue)

    def violations(self) -> list[str]:
        found: list[str] = []
        old_services, new_services = self.before.services, self.after.services
        new_services = [s for s in new_services if not self._postlog_added(s, old_services)]
        if [s.key for s in old_services] != [s.key for s in new_services]:
            return ["master.cf services were added, removed or renamed"]
        scopes: list[tuple[Service | None, Service | None]] = [(None, None)]
        scopes += list(zip(old_services, new_services, strict=True))
        for old_svc, new_svc in scopes:
            for name in sorted(self._names(old_svc, new_svc)):
                problem = self._difference(name, old_svc, new_svc)
                if problem:
                    where = old_svc.key if old_svc is not None else "main.cf"
                    found.append(f"{where}: {problem}")
            if old_svc is not None and new_svc is not None:
                fields = ("private", "unprivileged", "chroot", "wakeup", "process_limit", "command")
                for field in fields:
                    old, new = getattr(old_svc, field, None), getattr(new_svc, field, None)
                    if old != new and not (field == "private" and old_svc.type == "inet"):
                        found.append(f"{old_svc.key}: master.cf field {field} {old} -> {new}")
        return found

    def _postlog_added(self, service: Service, old_services: list[Service]) -> bool:
        """The postlogd service that maillog_file needs, added: Postfix did not start."""
        return (
            service.program == "postlogd"
            and service.type == "unix-dgram"
            and bool(self.after.effective("maillog_file").value.strip())
            and not any(s.program == "postlogd" for s in old_services)
        )

    def _names(self, old_svc: Service | None, new_svc: Service | None) -> set[str]:
        names = set(self.before.main_values) | set(self.after.main_values)
        for config, svc in ((self.before, old_svc), (self.after, new_svc)):
            if svc is not None:
                names |= set(config.overrides(svc))
        return names

    def _difference(self, name: str, old_svc: Service | None, new_svc: Service | None) -> str:
        old = self.before.effective(name, old_svc)
        new = self.after.effective(name, new_svc)
        if _words(old.value) == _words(new.value):
            return ""  # the same value, perhaps written down now or under its new name
        if self._allowed(name, old, new, old_svc, new_svc):
            return ""
        return f"{name}: {old.raw!r} ({old.source}) -> {new.raw!r} ({new.source})"

    def _allowed(
        self,
        name: str,
        old: EffectiveValue,
        new: EffectiveValue,
        old_svc: Service | None,
        new_svc: Service | None,
    ) -> bool:
        added = old.source == "default" and safe_addition(name, new.value.strip())
        if added and not self._legacy_decides(name, old_svc):
            return True
        if self._repair(old.raw, new.raw):
            return True
        if name in ADDRESS_LISTS and _ipv6_bracketed(old.raw, new.raw):
            return True
        if old_svc is not None and new_svc is not None and _args(old_svc) == _args(new_svc):
            return True  # only blanks inside the service's -o arguments went away
        switch = _LEGACY_TLS.match(name)
        if switch or name.endswith("_tls_security_level"):
            prefix = switch.group("prefix") if switch else name[: -len("_tls_security_level")]
            if _level(self.before, prefix, old_svc) == _level(self.after, prefix, new_svc):
                return True
            # A switch dropped once a security level decides: the level's own change is
            # judged on its own.
            if switch and new.source == "default":
                return not tls_level(self.after, prefix, new_svc).legacy
        if new.source == "default" and self._ignored(name, old):
            return True
        return self._renamed(name, old, new, old_svc, new_svc)

    def _legacy_decides(self, name: str, service: Service | None) -> bool:
        """A new security level overrides a legacy switch the admin wrote."""
        if not name.endswith("_tls_security_level"):
            return False
        prefix = name[: -len("_tls_security_level")]
        switches = (f"{prefix}_use_tls", f"{prefix}_enforce_tls")
        # Even `smtp_use_tls = no` is a choice the new level would silently override.
        return any(self.before.effective(s, service).source != "default" for s in switches)

    @staticmethod
    def _repair(old: str, new: str) -> bool:
        index = inline_comment_start(old)
        if index is not None and _words(old[:index]) == _words(new):
            return True
        # Blanks inside an -o value (`-o name = value`): Postfix reads them apart.
        return old.replace(" ", "") == new.replace(" ", "") and old != new

    def _ignored(self, name: str, old: EffectiveValue) -> bool:
        """Postfix does not act on the old setting: dropping it changes nothing."""
        if old.same_as_default or old.source == "default":
            return True
        info = self.catalogue.get(name)
        if info is None or not info.exists_in(self.version) or info.read_only:
            return True
        return ignored_since(self.catalogue, name, self.version)

    def _renamed(
        self,
        name: str,
        old: EffectiveValue,
        new: EffectiveValue,
        old_svc: Service | None,
        new_svc: Service | None,
    ) -> bool:
        """A deprecated name gave way to its replacement with the same meaning."""
        entry = self.catalogue.deprecation(name)
        if entry is not None and entry.replacement and new.source == "default":
            mapped = _VALUE_RENAMES.get((name, old.value.strip().lower()))
            expected = old.value if mapped is None else mapped
            return all(
                self._carries(replacement, expected, old_svc, new_svc, strict=mapped is not None)
                for replacement in _replacements(name, entry.replacement.split()[0], new_svc)
            )
        for (old_name, old_value), new_value in _VALUE_RENAMES.items():
            if name in _DNS_LEVELS and _words(new.value) == _words(new_value):
                before = self.before.effective(old_name, old_svc).value.strip().lower()
                return before == old_value
        # The replacement side: some deprecated name carried this value before.
        return any(
            entry.replacement
            and entry.replacement.split()[0] == name
            and _words(self.before.effective(entry.item, old_svc).value) == _words(new.value)
            for entry in self.catalogue.deprecations
        )

    def _carries(
        self,
        replacement: str,
        expected: str,
        old_svc: Service | None,
        new_svc: Service | None,
        *,
        strict: bool,
    ) -> bool:
        """The replacement carries the old value now, or it did not matter: the replacement
        was in effect already. `strict`: an empty replacement did not override anything
        (an empty *_dns_support_level defers to disable_dns_lookups)."""
        now = self.after.effective(replacement, new_svc).value
        then = self.before.effective(replacement, old_svc).value
        if _words(now) == _words(expected):
            return True
        return _words(now) == _words(then) and not (strict and not then.strip())


# Generated configurations: lines that each rule with a fix reacts to, mixed at random, so
# fixes meet each other (a level written by one, a legacy switch read by another).
MAIN_LINES = (
    "compatibility_level = 3.6",
    "compatibility_level = 3.11",
    "myhostname = mail.example.com",
    "smtp_tls_security_level = none",
    "smtp_tls_security_level = encrypt",
    "smtpd_tls_security_level = may",
    "smtpd_tls_cert_file = /etc/ssl/certs/mail.pem",
    "smtp_use_tls = yes",
    "smtp_use_tls = no",
    "smtp_enforce_tls = yes",
    "smtp_tls_enforce_peername = no",
    "smtpd_use_tls = yes",
    "smtpd_enforce_tls = yes",
    "smtpd_sasl_auth_enable = yes",
    "smtpd_sasl_authenticated_header = yes",
    "disable_vrfy_command = no",
    "smtpd_tls_loglevel = 0",
    "smtp_tls_loglevel = 0",
    "smtpd_tls_received_header = no",
    "smtpd_tls_protocols = !SSLv2",
    "smtp_tls_protocols = !SSLv2, !TLSv1.2",
    "smtpd_tls_mandatory_protocols = !SSLv3, !TLSv1.2",
    "smtp_tls_ciphers = export",
    "smtpd_tls_eecdh_grade = strong",
    "smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem",
    "tls_low_cipherlist = ALL",
    "disable_dns_lookups = yes",
    "virtual_maps = hash:/etc/postfix/virtual",
    "postscreen_blacklist_action = drop",
    "smtp_cname_overrides_servername = no",
    "alias_maps = hash:/etc/aliases # the aliases",
    "relayhost = [smtp.example.net]:587",
    "use_transport_maps = no",
    "smtpd_helo_requred = yes",
    "smtp_helo_required = yes",
    "smtpd_tls_wrappermode = yes",
    "process_id = 1",
    "mynetworks = 127.0.0.0/8",
)
SERVICES = (
    "smtp inet n - n - - smtpd",
    "smtp unix - - n - - smtp",
    "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_sasl_auth_enable=yes",
    "587 inet n - n - - smtpd -o smtpd_enforce_tls=yes",
    "127.0.0.1:10025 inet n - n - - smtpd\n  -o smtpd_use_tls=no",
    "relay unix - - n - - smtp\n  -o smtp_use_tls=no",
    "smtps inet n - n - - smtpd\n  -o smtpd_sasl_auth_enable=yes",
    "465 inet y - n - - smtpd\n  -o syslog_name = postfix/465",
    "pickup unix n - n 60 1 pickup",
)


def generated_units() -> st.SearchStrategy[LintUnit]:
    """A main.cf and master.cf made of the lines above, in any mix."""
    return st.builds(
        lambda main, services: make_unit(
            "".join(line + "\n" for line in main), "".join(s + "\n" for s in services)
        ),
        st.lists(st.sampled_from(MAIN_LINES), max_size=12),
        st.lists(st.sampled_from(SERVICES), max_size=5, unique=True),
    )
