"""postlint's built-in rules, registered through the `postlint` entry point like any plugin.

Rule modules are imported inside the hook, so loading the plugin costs nothing until rules
are asked for. Each family folder holds one rule per file, named after its code.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Iterable
from types import ModuleType

from postlint.api import Rule, hookimpl

FAMILIES = ("tls", "client_server", "deprecated", "syntax", "master", "relay", "sender")


def _rule_classes() -> list[type[Rule]]:
    found: list[type[Rule]] = []
    for family in FAMILIES:
        package = importlib.import_module(f"{__name__}.{family}")
        for name, path in _rule_modules(package.__path__):
            module = _import_from(f"{package.__name__}.{name}", path)
            found.extend(
                obj
                for obj in vars(module).values()
                if isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj is not Rule
                and obj.__module__ == module.__name__
            )
    return found


def _rule_modules(folders: Iterable[str]) -> list[tuple[str, str]]:
    """(name, file) of the plNNN_* modules of a family folder, sorted by name (a directory
    listing: pkgutil's walk is a few ms of every start); a module's source when it has one,
    else its byte code (an install without sources)."""
    found: dict[str, str] = {}
    for folder in folders:
        for entry in sorted(os.listdir(folder), key=lambda e: e.endswith(".pyc")):
            if entry.startswith("pl") and entry.endswith((".py", ".pyc")):
                found.setdefault(entry.partition(".")[0], os.path.join(folder, entry))
    return sorted(found.items())


def _import_from(name: str, path: str) -> ModuleType:
    """`importlib.import_module(name)` for a module whose file is known: the search through
    sys.meta_path and the package's folder is skipped (a fifth of loading the rules)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py or .pyc path
        return importlib.import_module(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    package, _, attribute = name.rpartition(".")
    setattr(sys.modules[package], attribute, module)
    return module


@hookimpl
def postlint_rules() -> list[type[Rule]]:
    return _rule_classes()
