"""Loading plugins: entry points of group `postlint` (the built-in rules too) and local modules."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from postlint.engine import hookspecs
from postlint.engine.core_rules import CORE_RULES
from postlint.engine.entry_points import installed_plugins
from postlint.engine.registry import metadata_problem
from postlint.engine.rule import CODE_PATTERN, NAME_PATTERN, Rule
from postlint.trust import Untrusted, Warn, read_plain, read_trusted, warn_on_stderr


class PluginError(Exception):
    """A plugin failed to load or contributed something invalid (exit code 2)."""


class LoadedPlugins:
    """What the plugins contributed (a plain class: an attrs class costs ~0.4 ms at import)."""

    def __init__(self) -> None:
        self.rules: dict[str, type[Rule]] = {}  # by code
        self.origin: dict[str, str] = {}  # code -> plugin name
        self.parameters: list[Any] = []
        self.output_formats: dict[str, Any] = {}
        self.plugins: list[tuple[str, str]] = []  # (name, version) for --version


def _manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _load_local(spec: str, base: Path | None, trusted: bool) -> ModuleType:
    """A local plugin: a .py path (relative to the config file) or an importable module.

    A .py file is compiled from the bytes read (once, through trust.read_trusted unless the
    user named the config): no second open by name, and no __pycache__ read or written.
    """
    if not spec.endswith(".py"):
        return importlib.import_module(spec)
    path = (base / spec) if base and not Path(spec).is_absolute() else Path(spec)
    try:
        source = read_plain(path) if trusted else read_trusted(path)
    except Untrusted as exc:
        raise Untrusted(f"{path}: {exc}") from None
    except FileNotFoundError:
        raise PluginError(f"local plugin {spec}: no such file {path}") from None
    except OSError as exc:
        raise PluginError(f"local plugin {spec}: cannot read {path}: {exc.strerror}") from None
    name = f"postlint_local_{path.stem}"
    module_spec = importlib.util.spec_from_loader(name, loader=None, origin=str(path))
    assert module_spec is not None
    module = importlib.util.module_from_spec(module_spec)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module


def load_plugins(
    local: Iterable[str] = (),
    base: Path | None = None,
    *,
    third_party: bool = True,
    trusted: bool = False,
    warn: Warn = warn_on_stderr,
) -> LoadedPlugins:
    """Entry points (all, or only the built-in rules) and the named local plugins.

    `trusted`: the local plugins come from a config the user named, so their files are not
    checked for ownership; an untrusted plugin file is skipped with a warning.
    """
    pm = _manager()
    loaded = LoadedPlugins()
    for ep in installed_plugins():
        if not (third_party or ep.is_builtin):
            continue
        try:
            module = ep.load()
            pm.register(module, name=ep.name)
        except Exception as exc:  # a broken plugin must not hide which one it was
            raise PluginError(f"plugin '{ep.name}' ({ep.dist}) failed to load: {exc}") from exc
        loaded.plugins.append((f"{ep.dist}:{ep.name}", ep.version))
    for spec in local:
        try:
            module = _load_local(spec, base, trusted)
            pm.register(module, name=f"local:{spec}")
        except Untrusted as exc:
            warn(f"ignoring local plugin {exc}")
            continue
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(f"local plugin '{spec}' failed to load: {exc}") from exc
        loaded.plugins.append((f"local:{spec}", "-"))
    _collect(pm, loaded)
    return loaded


def _call(impl: Any, what: str) -> Any:
    try:
        return impl.function() or []
    except Exception as exc:
        raise PluginError(f"plugin '{impl.plugin_name}' failed in {what}: {exc}") from exc


def _collect(pm: pluggy.PluginManager, loaded: LoadedPlugins) -> None:
    for rule in CORE_RULES:
        loaded.rules[rule.code] = rule
        loaded.origin[rule.code] = "postlint"
    names = {rule.name: rule.code for rule in CORE_RULES}
    for impl in pm.hook.postlint_rules.get_hookimpls():
        for rule in _call(impl, "postlint_rules"):
            _check_rule(rule, impl.plugin_name)
            if rule.code in loaded.rules:
                raise PluginError(
                    f"rule code {rule.code} is defined by both '{loaded.origin[rule.code]}' "
                    f"and '{impl.plugin_name}'"
                )
            if rule.name in names:
                raise PluginError(
                    f"rule name {rule.name} is used by both {names[rule.name]} and {rule.code}"
                )
            loaded.rules[rule.code] = rule
            loaded.origin[rule.code] = impl.plugin_name
            names[rule.name] = rule.code
    for impl in pm.hook.postlint_parameters.get_hookimpls():
        loaded.parameters.extend(_call(impl, "postlint_parameters"))
    for impl in pm.hook.postlint_output_formats.get_hookimpls():
        loaded.output_formats.update(_call(impl, "postlint_output_formats"))


def _check_rule(rule: Any, plugin: str) -> None:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        raise PluginError(f"plugin '{plugin}' returned {rule!r}, which is not a Rule class")
    code = getattr(rule, "code", "")
    if not CODE_PATTERN.match(code):
        raise PluginError(f"plugin '{plugin}': bad rule code {code!r} (want e.g. PL123)")
    if not NAME_PATTERN.match(getattr(rule, "name", "")):
        raise PluginError(f"plugin '{plugin}': rule {code} needs a kebab-case name")
    problem = metadata_problem(rule)
    if problem is not None:
        raise PluginError(f"plugin '{plugin}': rule {code}: {problem}")
