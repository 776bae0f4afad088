"""How one effective value comes about: default, main.cf lines, -o override, $name steps.

Built on the effective-value model (model.py) and its expansion: nothing here computes a
value another way. The expansion is run once more with an observer that records each name
it looks up, so the steps shown are the ones the model (and Postfix) took.
"""

from __future__ import annotations

import contextlib
import os

import attrs

from postlint.postfix.expansion import ExpansionError
from postlint.postfix.model import Config
from postlint.postfix.release_facts import LevelSwitch, ReleaseFacts, release_facts
from postlint.postfix.stock_master import is_stock_master
from postlint.syntax.ast import ConfigFile, Override, Parameter, Service

# An expansion of a few hundred names is already more than an admin reads; the model bounds
# the work, this bounds the listing.
MAX_STEPS = 200
_SERVICE_OWN = ("service_name", "process_name")


class UnknownName(ValueError):
    """A name neither the target release nor this configuration knows."""


@attrs.frozen
class Origin:
    """Where a value came from: "override" (master.cf -o), "main.cf", "default", "service"
    (the service's own name), or "undefined" (no value anywhere: expands to nothing)."""

    kind: str
    file: str | None = None
    line: int | None = None
    service: str | None = None

    def describe(self, short: bool = False) -> str:
        """Where, for an admin: `main.cf:12`; `short` drops the file's directory."""
        file = os.path.basename(self.file or "") if short else self.file
        if self.kind == "override":
            return f"-o in {file}:{self.line} ({self.service})"
        if self.kind == "main.cf":
            return f"{file}:{self.line}" if self.line else "the configuration directory given"
        if self.kind == "service":
            return f"the name of service {self.service}"
        if self.kind == "default":
            return "release default"
        return "not set anywhere (expands to nothing)"


@attrs.frozen
class Setting:
    """One line that assigns the name: a main.cf entry or a master.cf -o."""

    file: str
    line: int
    value: str
    service: str | None = None  # the service of an -o
    service_line: int | None = None  # where that service's master.cf entry starts


@attrs.frozen
class Step:
    """One $name looked up while expanding: at `depth` 1 the value's own references."""

    name: str
    depth: int
    raw: str | None  # the value found (None: undefined)
    origin: Origin
    value: str | None  # that value expanded (None: it cannot be expanded)
    error: str | None = None
    repeated: bool = False  # looked up before in this expansion: its steps are not repeated
    tested: bool = False  # only tested for a value, by `${name?text}` or `${name:text}`


@attrs.frozen
class Derivation:
    name: str
    postfix_version: str
    service: str | None
    kind: str  # "parameter", "per-service", "read-only", "user-defined"
    raw: str
    origin: Origin
    value: str | None  # None when the value cannot be expanded
    error: str | None
    expanded: bool  # False for raw parameters, which Postfix never expands
    release: ReleaseFacts | None
    main_cf: tuple[Setting, ...]  # in file order; the last one wins
    override: Setting | None  # the -o of the asked-for service
    other_overrides: tuple[Setting, ...]  # -o of other services (not in effect here)
    steps: tuple[Step, ...]
    steps_left_off: int = 0
    note: str | None = None  # why Postfix ignores the setting (kind "unused")
    templated: bool = False  # depends on a template placeholder: unknown until rendered
    stock_master: bool = False  # no master.cf: the services are Postfix's stock ones

    @property
    def level_switch(self) -> LevelSwitch | None:
        return self.release.level_switch if self.release is not None else None


def _setting(tree: ConfigFile, param: Parameter) -> Setting:
    return Setting(tree.path, tree.position(param.span.start).line, param.value)


def _override_setting(tree: ConfigFile, service: Service, override: Override) -> Setting:
    line = tree.position(override.span.start).line
    entry = tree.position(service.span.start).line
    return Setting(tree.path, line, override.value, service.key, entry)


def origin_of(config: Config, name: str, service: Service | None) -> Origin:
    """Where raw_lookup() finds `name` for `service`, in the order it looks."""
    if service is not None and config.master is not None:
        if name in _SERVICE_OWN:
            return Origin("service", service=service.key)
        override = config.overrides(service).get(name)
        if override is not None:
            setting = _override_setting(config.master, service, override)
            return Origin("override", setting.file, setting.line, service.key)
    if name in config.main_values:
        param = config.definition(name)
        if param is None or config.main is None:
            return Origin("main.cf")  # config_directory from -c
        return Origin("main.cf", config.main.path, config.main.position(param.span.start).line)
    if config.default(name) is not None:
        return Origin("default")
    return Origin("undefined")


def kind_of(config: Config, name: str) -> str:
    """What the name is for this release and configuration (UnknownName if nothing)."""
    if name in config.catalogue.read_only_names:
        return "read-only"
    if name in config.builtin_names:
        return "parameter"
    if name in config.service_defaults:
        return "per-service"
    if name in config.user_defined:
        return "user-defined"  # set, and referenced as $name somewhere
    if name in config.main_values or name in config.override_definitions:
        return "unused"  # set, but nothing uses it: postconf's "unused parameter"
    raise UnknownName(_unknown(config, name))


def unused_note(config: Config, name: str) -> str:
    """Why Postfix ignores a setting nothing uses, with the likely meant name."""
    reason = _release_reason(config, name)
    return (
        f"not a parameter of Postfix {config.version}{reason}, and nothing refers to "
        f"${name}: Postfix ignores it (postconf: unused parameter){_suggestion(config, name)}"
    )


def _unknown(config: Config, name: str) -> str:
    reason = _release_reason(config, name)
    if reason:
        return f"{name} is not a parameter of Postfix {config.version}{reason}"
    return f"unknown parameter {name} for Postfix {config.version}{_suggestion(config, name)}"


def _release_reason(config: Config, name: str) -> str:
    """For a name of another release, when it came or went (`" (new in 3.0)"`); else ""."""
    info = config.info(name)
    if info is None or info.read_only or info.status in ("service", "service-template"):
        return ""
    if info.removed_in:
        return f" (removed in {info.removed_in})"
    return f" (new in {info.since})"


def _suggestion(config: Config, name: str) -> str:
    known = sorted(config.builtin_names | config.main_values.keys() - {name})
    import difflib  # here: only for a name to suggest (~1 ms of every start)

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


def derive(config: Config, name: str, service_key: str | None = None) -> Derivation:
    """The derivation of `name` for the service `service_key` (name/type), or globally."""
    kind = kind_of(config, name)
    service = None
    stock = is_stock_master(config.master)
    where = "Postfix's stock master.cf (there is no master.cf)" if stock else "master.cf"
    if service_key is not None:
        service = config.service(service_key)
        if service is None:
            raise UnknownName(f"no service {service_key} in {where}")
        # A bare name may be two services (smtp/inet, the server; smtp/unix, the client):
        # picking the first would explain the other program's value.
        same = list(dict.fromkeys(s.key for s in config.services if s.name == service_key))
        if len(same) > 1:
            raise UnknownName(
                f"service {service_key} is ambiguous in {where}: {', '.join(same)}; give NAME/TYPE"
            )
    # The -o as written, even one the program never reads: explain says it has no effect.
    effective = config.effective(name, service, as_written=True)
    if service is not None and name in _SERVICE_OWN:
        # Read-only names a service answers itself ($service_name in its -o values).
        own = config.raw_lookup(name, service) or ""
        effective = effective.replace(raw=own, expanded=own, source="service")
    main_cf = ()
    if config.main is not None:
        main_cf = tuple(_setting(config.main, p) for p in config.definitions.get(name, ()))
    override, others = _overrides(config, name, service)
    steps: tuple[Step, ...] = ()
    left_off = 0
    if not config.is_raw(name):
        steps, left_off = _steps(config, effective.raw, service)
    return Derivation(
        name=name,
        postfix_version=str(config.version),
        service=service.key if service is not None else None,
        kind=kind,
        raw=effective.raw,
        origin=origin_of(config, name, service),
        value=effective.expanded,
        error=effective.error,
        expanded=not config.is_raw(name),
        release=release_facts(config, name),
        main_cf=main_cf,
        override=override,
        other_overrides=others,
        steps=steps,
        steps_left_off=left_off,
        note=unused_note(config, name) if kind == "unused" else None,
        templated=effective.templated,
        stock_master=stock,
    )


def _overrides(
    config: Config, name: str, service: Service | None
) -> tuple[Setting | None, tuple[Setting, ...]]:
    if config.master is None:
        return None, ()
    mine = None
    others = []
    for svc in config.services:
        override = config.overrides(svc).get(name)
        if override is None:
            continue
        setting = _override_setting(config.master, svc, override)
        if svc is service:
            mine = setting
        else:
            others.append(setting)
    return mine, tuple(others)


def _steps(config: Config, raw: str, service: Service | None) -> tuple[tuple[Step, ...], int]:
    """Each $name the model's expansion of `raw` looks up, in order, with its depth."""
    if "$" not in raw:
        return (), 0
    looked_up: list[tuple[str, int, str | None, bool]] = []
    expander = config.expander(service)
    expander.observe = lambda *seen: looked_up.append(seen)
    # On an error, the steps up to it are what the admin needs to see.
    with contextlib.suppress(ExpansionError):
        expander.expand(raw)
    steps: list[Step] = []
    seen: set[str] = set()
    skip_below: int | None = None  # inside the (already shown) expansion of a repeated name
    # Levels of the names being expanded: a step's depth counts names, not the braces of
    # `${{...} <level {...}}` expressions, which add levels of their own.
    outer: list[int] = []
    for name, level, found, tested in looked_up:
        if skip_below is not None and level > skip_below:
            continue
        skip_below = None
        while outer and outer[-1] >= level:
            outer.pop()
        depth = len(outer) + 1
        repeated = name in seen and not tested
        if not tested:
            # A tested name's value is not expanded: what follows is the chosen text's.
            outer.append(level)
            seen.add(name)
        if repeated:
            skip_below = level
        steps.append(_step(config, name, depth, found, service, repeated, tested))
    return tuple(steps[:MAX_STEPS]), max(0, len(steps) - MAX_STEPS)


def _step(
    config: Config,
    name: str,
    depth: int,
    found: str | None,
    service: Service | None,
    repeated: bool,
    tested: bool,
) -> Step:
    origin = origin_of(config, name, service)
    step = Step(name, depth, found, origin, found, None, repeated, tested)
    if found is None or config.is_raw(name):
        return step
    try:
        return attrs.evolve(step, value=config.expand(found, service))
    except ExpansionError as exc:
        return attrs.evolve(step, value=None, error=str(exc))
