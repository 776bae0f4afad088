"""What a Postfix upgrade changes for one configuration: its effective values evaluated with
the model under two releases and compared (no list of changes is kept by hand)."""

from __future__ import annotations

import attrs

from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.host import HostFacts
from postlint.postfix.model import Config
from postlint.postfix.releases import Release, release_table
from postlint.postfix.stock_master import stock_master
from postlint.postfix.upgrade_meaning import category_of, meaning_of
from postlint.postfix.versions import Version
from postlint.syntax.ast import ConfigFile

# Values that say which build or process is running rather than how mail is handled
# (milter_macro_v is "$mail_name $mail_version": the release tells milters its version;
# service_name and process_name are each process's own).
_BUILD_FACTS = frozenset(
    (
        "mail_version",
        "mail_release_date",
        "process_id",
        "process_name",
        "service_name",
        "config_directory",
        "milter_macro_v",
    )
)
# Host-derived defaults are pinned to one made-up host on both sides, so a value that
# expands them changes only if the release changes it.
PINNED_HOST = HostFacts("mail.example.net")


@attrs.frozen
class Setting:
    """One effective value: where it comes from (default, main.cf, override) and what it is."""

    source: str
    raw: str
    value: str


@attrs.frozen
class Change:
    """An effective value that differs between the two releases."""

    name: str
    service: str | None  # "submission/inet" for a master.cf -o override, None: main.cf-wide
    before: Setting
    after: Setting

    @property
    def category(self) -> str:
        return category_of(self.name)

    @property
    def meaning(self) -> str:
        return meaning_of(self.name, self.before.value, self.after.value)


class Evaluation:
    """A configuration's effective values under one release (host facts pinned)."""

    def __init__(
        self, main: ConfigFile | None, master: ConfigFile | None, release: Release
    ) -> None:
        self.release = release
        # Without a master.cf, Postfix's stock services, as `check` assumes them: the answer
        # is the one for a directory holding the stock master.cf.
        services = master if master is not None else stock_master()
        self.config = Config(main, services, release.version, builtin_catalogue(), PINNED_HOST)

    @property
    def level(self) -> str | None:
        """The effective compatibility_level (None before 3.0, which has none)."""
        if not self.release.has_compatibility_level:
            return None
        return self.config.compatibility_level

    @property
    def level_source(self) -> str:
        return self.config.effective("compatibility_level").source

    def comparable_names(self) -> set[str]:
        """Names whose value is a property of the release and the config (not the host,
        the packaging or the build), including per-service delivery parameters."""
        table = release_table()
        skip = table.host_dependent | table.packaging_dependent | _BUILD_FACTS
        names = set(self.release.names) | set(self.config.service_defaults)
        names |= self.release.legacy_names & self.config.main_values.keys()
        return {name for name in names if name not in skip}

    def setting(self, name: str, service: str | None = None) -> Setting:
        # As written: an -o the program never reads is compared as it stands (unchanged
        # between releases), not replaced by main.cf's value, whose change is listed once.
        effective = self.config.effective(name, service, as_written=True)
        # Words joined by single spaces, as postconf prints values: a default re-wrapped
        # between releases is not a change.
        return Setting(effective.source, effective.raw, " ".join(effective.value.split()))

    def overridden(self) -> dict[str, set[str]]:
        """Per service (`name/type`), the names its -o options set."""
        found: dict[str, set[str]] = {}
        for svc in self.config.services:
            found.setdefault(svc.key, set()).update(self.config.overrides(svc))
        return found


@attrs.frozen
class Comparison:
    """Effective values that differ, and the names only one side lists."""

    changes: list[Change]
    added: list[str]  # listed by the newer release only (new parameters)
    dropped: list[str]  # listed by the older release only


def compare(before: Evaluation, after: Evaluation) -> Comparison:
    old, new = before.comparable_names(), after.comparable_names()
    changes = []
    for name in sorted(old & new):
        was, now = before.setting(name), after.setting(name)
        if was.value != now.value:
            changes.append(Change(name, None, was, now))
    overridden = before.overridden()
    for service, names in overridden.items():
        for name in sorted(names & old & new):
            was, now = before.setting(name, service), after.setting(name, service)
            if was.value != now.value:
                changes.append(Change(name, service, was, now))
    return Comparison(changes, sorted(new - old), sorted(old - new))


def resolve(version: str | Version) -> Release:
    return release_table().release(version)
