"""The fix-safety policy as a test oracle: how the effective configuration may differ after
safe fixes (docs/fix-safety.md).

It compares postlint's model before and after, per service (main.cf's view and every
master.cf service's view), and names each difference the policy does not allow. Allowed:
- a setting that was unset now has a value from `fix_policy.SAFE_ADDITIONS`;
- a repair of what Postfix misreads: an inline `#` comment dropped from a value, blanks
  removed inside an `-o` value;
- a deprecated name replaced by its exact equivalent (the new name gets the old value, or
  the legacy TLS switches give way to the security level they meant);
- a setting Postfix ignores dropped (a duplicate, a name the target release does not read,
  the default written out).
"""

from __future__ import annotations

import re

from postlint.engine.edits import inline_comment_start
from postlint.engine.fix_policy import ignored_since, safe_addition
from postlint.engine.units import LintUnit
from postlint.postfix.catalogue import Catalogue, builtin_catalogue
from postlint.postfix.model import Config, EffectiveValue
from postlint.postfix.services import tls_level, yes
from postlint.postfix.versions import Version
from postlint.syntax.ast import Service

_LEGACY_TLS = re.compile(
    r"^(?P<prefix>[a-z]+(?:_client)?)_(?:(?:use|enforce)_tls|tls_enforce_peername)$"
)
# Deprecated names whose replacement takes a different value with the same meaning.
_VALUE_RENAMES = {
    ("disable_dns_lookups", "yes"): ("smtp_dns_support_level", "disabled"),
    ("disable_dns_lookups", "no"): ("smtp_dns_support_level", ""),
}


def _words(value: str) -> tuple[str, ...]:
    """A value as Postfix splits a list: separators and line breaks do not matter."""
    return tuple(w for w in re.split(r"[\s,]+", value) if w)


def _args(service: Service) -> str:
    """A master.cf command line without any whitespace: equal after a blank-only repair."""
    return re.sub(r"\s+", "", "".join(service.argv[7:]))


def _level(config: Config, prefix: str, service: Service | None) -> str:
    """The TLS level a client/server really uses, legacy switches included; the old
    `*_enforce_tls = yes` of a client also checked the peer name (`verify`) by default."""
    level = tls_level(config, prefix, service)
    client = prefix in ("smtp", "lmtp")
    if level.legacy and level.level == "encrypt" and client:
        peername = config.effective(f"{prefix}_tls_enforce_peername", service).value
        return "verify" if yes(peername) else "encrypt"
    return level.level


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
        if old_svc is not None and new_svc is not None and _args(old_svc) == _args(new_svc):
            return True  # only blanks inside the service's -o arguments went away
        legacy = _LEGACY_TLS.match(name) or name.endswith("_tls_security_level")
        if legacy:
            prefix = (
                name.split("_tls_security_level")[0]
                if not _LEGACY_TLS.match(name)
                else (
                    _LEGACY_TLS.match(name).group("prefix")  # type: ignore[union-attr]
                )
            )
            if _level(self.before, prefix, old_svc) == _level(self.after, prefix, new_svc):
                return True
        if new.source == "default" and self._ignored(name, old):
            return True
        return self._renamed(name, old, new, old_svc, new_svc)

    def _legacy_decides(self, name: str, service: Service | None) -> bool:
        """A new security level overrides a legacy switch the admin wrote."""
        if not name.endswith("_tls_security_level"):
            return False
        prefix = name[: -len("_tls_security_level")]
        return tls_level(self.before, prefix, service).legacy

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
            target = entry.replacement.split()[0]
            mapped = _VALUE_RENAMES.get((name, old.value.strip().lower()))
            expected = mapped[1] if mapped else old.value
            replacement = mapped[0] if mapped else target
            now = self.after.effective(replacement, new_svc).value
            then = self.before.effective(replacement, old_svc).value
            # The new name carries the old value, or it did not matter here (overridden).
            return _words(now) in (_words(expected), _words(then))
        for (old_name, old_value), (new_name, new_value) in _VALUE_RENAMES.items():
            if name == new_name and _words(new.value) == _words(new_value):
                before = self.before.effective(old_name, old_svc).value.strip().lower()
                return before == old_value
        # The replacement side: some deprecated name carried this value before.
        return any(
            entry.replacement
            and entry.replacement.split()[0] == name
            and _words(self.before.effective(entry.item, old_svc).value) == _words(new.value)
            for entry in self.catalogue.deprecations
        )
