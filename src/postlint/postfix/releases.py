"""Every Postfix release the catalogue has real `postconf` data for: what it lists, honours
and defaults to, and how a --postfix-version argument names one of them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property

from postlint.postfix.compat import LevelSwitch, at_level, level_switch, newest_level
from postlint.postfix.data_files import data_json
from postlint.postfix.versions import Version

# Distribution releases and the upstream patch level of the postfix package they ship
# (sources in docs/configuration.md). Distributions backport some fixes into these
# packages; postlint knows upstream's release only.
DISTRIBUTIONS = {
    "centos7": "2.10.1",
    "rhel7": "2.10.1",
    "amazonlinux2": "2.10.1",
    "rhel8": "3.5.8",
    "rhel9": "3.5.9",
    "debian11": "3.5.25",
    "debian12": "3.7.11",
    "ubuntu2204": "3.6.4",
    "ubuntu2404": "3.8.6",
}

_History = list[list[object]]  # [[release name, value or None], ...] along the releases


class Release:
    """One release: `postconf -d` of a real build, as a queryable object."""

    def __init__(self, table: ReleaseTable, index: int, row: dict[str, object]):
        self._table = table
        self.index = index
        self.name = str(row["name"])  # the data folder: "3.5" (newest 3.5.z) or "3.5.9"
        self.mail_version = str(row["mail_version"])
        self.levels: tuple[str, ...] = tuple(row["levels"])  # type: ignore[arg-type]
        # The 3.12 snapshot's mail_version is 3.12-20260821: it counts as 3.12.0.
        numbers = [int(n) for n in self.mail_version.split("-", 1)[0].split(".")] + [0]
        self.version = Version(numbers[0], numbers[1], numbers[2])

    def __repr__(self) -> str:
        return f"Release({self.mail_version})"

    @cached_property
    def _defaults(self) -> dict[str, str]:
        return self._table.values_at(self.index, self._table.parameters)

    @cached_property
    def names(self) -> frozenset[str]:
        """What `postconf -d` lists (legacy names are honoured but not listed)."""
        return frozenset(self._defaults)

    @cached_property
    def legacy_names(self) -> frozenset[str]:
        """Renamed parameters this release still honours without listing them."""
        return frozenset(self._table.values_at(self.index, self._table.legacy))

    @cached_property
    def raw_names(self) -> frozenset[str]:
        """Parameters this release never $-expands (postconf -x shows them as they are)."""
        return frozenset(self._table.values_at(self.index, self._table.raw))

    @cached_property
    def printed_twice(self) -> frozenset[str]:
        """Names this release's postconf lists twice (a bug of 3.4.23, kept for fidelity)."""
        return frozenset(self._table.values_at(self.index, self._table.twice))

    @cached_property
    def service_suffixes(self) -> tuple[tuple[str, str], ...]:
        """(suffix, default) of the parameters `postconf` adds per master.cf delivery service
        (`relay_destination_rate_delay`...); none before 2.9, which lists a fixed set."""
        found = self._table.values_at(self.index, self._table.suffixes)
        return tuple(sorted(found.items()))

    @property
    def has_compatibility_level(self) -> bool:
        return "compatibility_level" in self._defaults

    @property
    def newest_level(self) -> str:
        return newest_level(self.levels)

    @cached_property
    def level_switches(self) -> dict[str, LevelSwitch]:
        """The defaults that are compatibility_level switches, by name in sorted order
        (read once per release, not per linted configuration)."""
        found = {}
        for name in sorted(self._defaults):
            switch = level_switch(self._defaults[name])
            if switch is not None:
                found[name] = switch
        return found

    def depends_on_level(self, name: str) -> bool:
        """Whether this release's default for `name` is a compatibility_level switch."""
        return name in self.level_switches

    def knows(self, name: str) -> bool:
        return name in self._defaults or name in self.legacy_names

    def default(self, name: str, compatibility_level: str | None = None) -> str | None:
        """The built-in default (None if this release does not list the name). With a
        compatibility level, a level-dependent default is resolved to its value there."""
        value = self._defaults.get(name)
        if value is None or compatibility_level is None:
            return value
        return at_level(value, compatibility_level)


class ReleaseTable:
    """releases.json: each name's value as changes along the release list."""

    def __init__(self, data: dict[str, object]):
        rows: list[dict[str, object]] = data["releases"]  # type: ignore[assignment]
        self.releases = [Release(self, i, row) for i, row in enumerate(rows)]
        self._index = {r.name: r.index for r in self.releases}
        self.host_dependent = frozenset(data["host_dependent"])  # type: ignore[arg-type]
        self.packaging_dependent = frozenset(data["packaging_dependent"])  # type: ignore[arg-type]
        self.parameters: dict[str, _History] = data["parameters"]  # type: ignore[assignment]
        self.legacy: dict[str, _History] = data["legacy"]  # type: ignore[assignment]
        self.suffixes: dict[str, _History] = data["service_suffixes"]  # type: ignore[assignment]
        self.raw: dict[str, _History] = data["raw"]  # type: ignore[assignment]
        self.twice: dict[str, _History] = data["printed_twice"]  # type: ignore[assignment]

    def __iter__(self) -> Iterator[Release]:
        return iter(self.releases)

    def covers(self, version: Version) -> bool:
        """Whether the data reaches back to `version` (2.6 and later)."""
        return version.key >= self.releases[0].version.line.key

    def tracks(self, name: str) -> bool:
        """Whether some release lists or honours the name (else only parameters.tsv knows it)."""
        return name in self.parameters or name in self.legacy

    def values_at(self, index: int, table: dict[str, _History]) -> dict[str, str]:
        found = {}
        position = self._index
        for name, history in table.items():
            # The last change at or before the release (a history is in release order;
            # most names changed last long ago, so the scan from the end stops at once).
            for release_name, value in reversed(history):
                if position[release_name] <= index:  # type: ignore[index]
                    if value is not None:
                        found[name] = value if isinstance(value, str) else ""  # True: a member
                    break
        return found

    @cached_property
    def lines(self) -> dict[tuple[int, int], Release]:
        """X.Y -> the newest patch level of that line in the data."""
        found: dict[tuple[int, int], Release] = {}
        for release in self.releases:
            found[release.version.major, release.version.minor] = release
        return found

    @cached_property
    def exact(self) -> dict[tuple[int, int, int], Release]:
        return {release.version.key: release for release in self.releases}

    def release(self, version: Version | str) -> Release:
        """The release a version names. X.Y is the newest patch of the line; X.Y.Z must be
        one the data has. Versions outside the data (a rule's threshold, an unreleased
        patch) fall back to the nearest older release."""
        if isinstance(version, str):
            version = parse_target(version)
        if version.patch is None:
            found = self.lines.get((version.major, version.minor))
        else:
            found = self.exact.get(version.key)
        if found is not None:
            return found
        older = [r for r in self.releases if r.version.key <= version.key]
        return older[-1] if older else self.releases[0]

    def accepted_forms(self) -> str:
        lines = ", ".join(f"{major}.{minor}" for major, minor in self.lines)
        patches = ", ".join(r.mail_version for r in self.releases if r.name.count(".") == 2)
        return (
            f"X.Y ({lines}), X.Y.Z for a patch level the catalogue has ({patches}, and the "
            f"newest of each line), or a distribution ({', '.join(DISTRIBUTIONS)})"
        )


@cache
def release_table() -> ReleaseTable:
    return ReleaseTable(data_json("releases.json"))


def parse_target(text: str) -> Version:
    """A --postfix-version argument: X.Y, X.Y.Z or a distribution name, for a release the
    catalogue has data for (anything else is an error that names the accepted forms)."""
    table = release_table()
    spelled = text.strip().lower().replace("-", "").replace(".", "")
    if spelled in DISTRIBUTIONS:
        return Version.parse(DISTRIBUTIONS[spelled])
    try:
        version = Version.parse(text)
    except ValueError:
        version = None
    if version is not None:
        if version.patch is None and (version.major, version.minor) in table.lines:
            return version
        if version.patch is not None and version.key in table.exact:
            return version
    raise ValueError(f"unknown Postfix version {text!r}: use {table.accepted_forms()}")


def resolve_installed(mail_version: str) -> Version:
    """The target for a local postconf's mail_version: that patch level when the data has
    it, else its line (the nearest release the catalogue knows)."""
    version = Version.parse(mail_version.split("-", 1)[0])
    table = release_table()
    if version.patch is not None and version.key in table.exact:
        return version
    if (version.major, version.minor) in table.lines:
        return version.line
    raise ValueError(
        f"Postfix {mail_version} is not in the catalogue: use {table.accepted_forms()}"
    )
