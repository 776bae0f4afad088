"""The parameter catalogue: every main.cf parameter Postfix knows, by version."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator, KeysView
from functools import cache
from typing import Any

from postlint.postfix.compat import level_switch
from postlint.postfix.data_files import data_json
from postlint.postfix.releases import Release, release_table
from postlint.postfix.versions import Version
from postlint.records import FrozenRecord

_PARAMETER_FIELDS = (
    "name",
    "default",
    "since",
    "kind",
    "ctype",
    "status",
    "deprecated_since",
    "removed_in",
    "replacement",
    "min",
    "max",
    "backported_to",
    "source",
    "description",
)


class ParameterInfo(FrozenRecord):
    """What the catalogue knows of one parameter (plugins add their own with these).

    A FrozenRecord, not an attrs class: the generated attrs class was the largest of a
    start (bench/cold_start.py). Built with keywords, like an attrs class."""

    __slots__ = (*_PARAMETER_FIELDS, "_exists", "_defaults")
    _fields = _PARAMETER_FIELDS
    name: str
    default: str  # newest default (may be a compatibility_level expression)
    since: str
    kind: str  # boolean, integer, size, time, string, list, map-list, restriction-list
    ctype: str  # bool, nbool, int, long, nint, time, str, raw, str_fn
    status: str  # builtin, builtin-deprecated, builtin-obsolete, legacy-alias, read-only, ...
    deprecated_since: str | None
    removed_in: str | None
    replacement: str | None
    min: int | None
    max: int | None
    backported_to: tuple[str, ...]
    source: str  # "postfix" or the name of the plugin that contributed it
    description: str
    _exists: dict[Version, bool]  # exists_in(), per version (not a field)
    _defaults: dict[Version, str]  # default_for(), per version (not a field)

    def __init__(
        self,
        name: str,
        default: str,
        since: str,
        kind: str,
        ctype: str,
        status: str,
        deprecated_since: str | None = None,
        removed_in: str | None = None,
        replacement: str | None = None,
        min: int | None = None,
        max: int | None = None,
        backported_to: Iterable[str] = (),
        source: str = "postfix",
        description: str = "",
    ) -> None:
        set_field = self._set
        set_field("name", name)
        set_field("default", default)
        set_field("since", since)
        set_field("kind", kind)
        set_field("ctype", ctype)
        set_field("status", status)
        set_field("deprecated_since", deprecated_since)
        set_field("removed_in", removed_in)
        set_field("replacement", replacement)
        set_field("min", min)
        set_field("max", max)
        set_field("backported_to", tuple(backported_to))
        set_field("source", source)
        set_field("description", description)
        set_field("_exists", {})
        set_field("_defaults", {})

    @property
    def raw(self) -> bool:
        """Raw parameters are never $-expanded by the configuration layer."""
        return self.ctype == "raw"

    @property
    def read_only(self) -> bool:
        return self.status == "read-only"

    def exists_in(self, version: Version) -> bool:
        known = self._exists.get(version)
        if known is None:
            known = self._exists[version] = self._compute_exists_in(version)
        return known

    def _compute_exists_in(self, version: Version) -> bool:
        table = release_table()
        if self.source == "postfix" and table.tracks(self.name) and table.covers(version):
            return table.release(version).knows(self.name)
        if self.status in ("service", "service-template"):
            return False
        if Version.parse(self.since) > version and not self._backported_to_series(version):
            return False
        return not (self.removed_in and Version.parse(self.removed_in) <= version)

    def _backported_to_series(self, version: Version) -> bool:
        """A target X.Y means the newest X.Y.z, so a backport to any X.Y.z counts."""
        return any(
            (v.major, v.minor) == (version.major, version.minor)
            for v in map(Version.parse, self.backported_to)
        )

    def default_for(self, version: Version) -> str:
        """The built-in default of `version`, as its postconf -d prints it (a
        compatibility_level expression stays one)."""
        # Remembered per version: rules and the model ask for the default of every name a
        # file sets, on every lint (an editor re-lints on each keystroke).
        known = self._defaults.get(version)
        if known is None:
            known = self._defaults[version] = self._compute_default_for(version)
        return known

    def _compute_default_for(self, version: Version) -> str:
        if self.source == "postfix":
            found = release_table().release(version).default(self.name)
            if found is not None:
                return found
        # Names no release lists (plugins' parameters, legacy names): the newest default,
        # without a level switch the target release does not have.
        switch = level_switch(self.default)
        if switch and version < Version.parse(switch.threshold):
            return switch.old
        return self.default

    @property
    def side(self) -> str | None:
        """'client' or 'server' for smtp_/lmtp_ and smtpd_/postscreen_ names."""
        if self.name.startswith(("smtp_", "lmtp_")):
            return "client"
        if self.name.startswith(("smtpd_", "postscreen_")):
            return "server"
        return None


def _keyword_defaults(function: Any) -> dict[str, object]:
    """A function's keyword parameters with defaults, by name (without importing inspect)."""
    code, defaults = function.__code__, function.__defaults__ or ()
    names = code.co_varnames[code.co_argcount - len(defaults) : code.co_argcount]
    return dict(zip(names, defaults, strict=True))


# What a row of parameters.json leaves out.
_FIELD_DEFAULTS = _keyword_defaults(ParameterInfo.__init__)


_DEPRECATION_FIELDS = (
    "item item_type context deprecated_since warning_since removed_in replacement emitted_by",
    "notes",
)


class DeprecationInfo(namedtuple("DeprecationInfo", " ".join(_DEPRECATION_FIELDS))):
    """One row of deprecated.json (a named tuple: an attrs class costs ~0.4 ms at import,
    and typing.NamedTuple compiles each of the string annotations below)."""

    __slots__ = ()
    item: str
    item_type: str
    context: str | None
    deprecated_since: str | None
    warning_since: str | None
    removed_in: str | None
    replacement: str | None
    emitted_by: str | None
    notes: str | None


class Catalogue:
    """Parameter facts, extendable by plugins (site-specific parameters).

    The built-in rows stay as read from parameters.json until a rule asks for one: a check
    looks up about a tenth of the ~1,000 parameters, and building every ParameterInfo was
    ~4% of a cold start (callgrind). Questions about all parameters (which are read-only,
    which are restriction lists) are answered from the rows (`names_with`).
    """

    def __init__(
        self, parameters: Iterable[ParameterInfo], deprecations: Iterable[DeprecationInfo]
    ):
        # name -> ParameterInfo, or the row it is built from on first use (in file order).
        self._entries: dict[str, ParameterInfo | dict[str, Any]] = {p.name: p for p in parameters}
        self.deprecations = list(deprecations)
        self._names_with: dict[tuple[str, object], frozenset[str]] = {}

    @classmethod
    def from_rows(
        cls, rows: Iterable[dict[str, Any]], deprecations: Iterable[DeprecationInfo]
    ) -> Catalogue:
        """A catalogue of ParameterInfo keyword rows, each built when first asked for."""
        catalogue = cls((), deprecations)
        catalogue._entries = {row["name"]: row for row in rows}
        return catalogue

    def copy(self) -> Catalogue:
        """Another catalogue with the same parameters, to which `add` does not reach back."""
        copied = Catalogue((), self.deprecations)
        copied._entries = dict(self._entries)
        copied._names_with = dict(self._names_with)
        return copied

    def __contains__(self, name: str) -> bool:
        return name in self._entries

    def names(self) -> KeysView[str]:
        return self._entries.keys()

    def __iter__(self) -> Iterator[ParameterInfo]:
        return iter([self._built(name) for name in self._entries])

    def get(self, name: str) -> ParameterInfo | None:
        return self._built(name) if name in self._entries else None

    def _built(self, name: str) -> ParameterInfo:
        entry = self._entries[name]
        if isinstance(entry, dict):
            entry = self._entries[name] = ParameterInfo(**entry)
        return entry

    def add(self, info: ParameterInfo) -> None:
        self._entries[info.name] = info
        self._names_with = {}

    def names_with(self, field: str, value: object) -> frozenset[str]:
        """The names whose ParameterInfo has `field` equal to `value` (`names_with("kind",
        "restriction-list")`), without building a ParameterInfo for each."""
        key = (field, value)
        found = self._names_with.get(key)
        if found is None:
            default = _FIELD_DEFAULTS.get(field)
            found = self._names_with[key] = frozenset(
                name
                for name, entry in self._entries.items()
                if (entry.get(field, default) if type(entry) is dict else getattr(entry, field))
                == value
            )
        return found

    @property
    def read_only_names(self) -> frozenset[str]:
        """Parameters Postfix computes itself (process_id, process_name, service_name): an
        assignment is dropped, and they are known although nothing defines them."""
        return self.names_with("status", "read-only")

    def names_in(self, version: Version) -> set[str]:
        table = release_table()
        if not table.covers(version):
            return {p.name for p in self if p.exists_in(version)}
        # The release's own lists, plus names no release data tracks (plugins' parameters).
        release = table.release(version)
        known = (release.names | release.legacy_names) & self._entries.keys()
        postfix = self.names_with("source", "postfix")
        return known | {
            name
            for name in self._entries
            if not (name in postfix and table.tracks(name)) and self._built(name).exists_in(version)
        }

    def release(self, version: Version | str) -> Release:
        """What one release lists and defaults to, from its real postconf:
        `catalogue.release("3.5.9").default(name, compatibility_level)`."""
        return release_table().release(version)

    def deprecation(self, item: str) -> DeprecationInfo | None:
        for entry in self.deprecations:
            if entry.item == item:
                return entry
        return None


@cache
def stock_services() -> tuple[tuple[str, str, str], ...]:
    """(service, type, program) of Postfix's stock master.cf."""
    return tuple(
        (row["service"], row["type"], row["program"])  # type: ignore[misc]
        for row in data_json("stock_services.json")
    )


@cache
def install_parameters() -> frozenset[str]:
    """Parameters the installer fills in (empty in the stock main.cf)."""
    return frozenset(data_json("install_parameters.json"))  # type: ignore[arg-type]


@cache
def known_default_references() -> dict[str, list[str]]:
    """The $names each built-in default with a `$` mentions, by default text: generated
    with postlint's own parser (a test regenerates them), read instead of parsing ~180
    defaults on every start."""
    return data_json("default_references.json")  # type: ignore[no-any-return]


@cache
def builtin_catalogue() -> Catalogue:
    # The generator writes exactly ParameterInfo's fields (a test loads every row).
    deps = [DeprecationInfo(**row) for row in data_json("deprecated.json")]  # type: ignore[arg-type]
    return Catalogue.from_rows(data_json("parameters.json"), deps)


def fresh_catalogue() -> Catalogue:
    """A catalogue that plugins may extend without touching the shared built-in one."""
    return builtin_catalogue().copy()


def replacement_name(replacement: str | None) -> str | None:
    """The name that takes a deprecated or removed name's place; None when nothing does or
    the data gives advice in parentheses instead (`(none; why)`, `(do not specify)`)."""
    if replacement is None or (replacement.startswith("(") and replacement.endswith(")")):
        return None
    return replacement


def use_instead(replacement: str) -> str:
    """What to do instead of a deprecated or removed name, for a message: `use X`, or,
    when the data says `(none; why)` (nothing takes its place), `nothing replaces it: why`;
    other advice in parentheses (`(do not specify; leave at default)`) is said as it is."""
    if replacement.startswith("(") and replacement.endswith(")"):
        advice = replacement[1:-1]
        if not advice.startswith("none"):
            return advice
        why = advice.partition(";")[2].strip()
        return f"nothing replaces it: {why}" if why else "nothing replaces it"
    return f"use {replacement}"
