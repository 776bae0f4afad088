"""postlint's built-in rules, registered through the `postlint` entry point like any plugin.

Rule modules are imported inside the hook, so loading the plugin costs nothing until rules
are asked for. Each family folder holds one rule per file, named after its code.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable

from postlint.api import Rule, hookimpl

FAMILIES = ("tls", "client_server", "deprecated", "syntax", "master", "relay", "sender")


def _rule_classes() -> list[type[Rule]]:
    found: list[type[Rule]] = []
    for family in FAMILIES:
        package = importlib.import_module(f"{__name__}.{family}")
        for name in _rule_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{name}")
            found.extend(
                obj
                for obj in vars(module).values()
                if isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj is not Rule
                and obj.__module__ == module.__name__
            )
    return found


def _rule_modules(folders: Iterable[str]) -> list[str]:
    """The plNNN_* modules of a family folder, sorted (a directory listing: pkgutil's walk
    is a few ms of every start)."""
    return sorted(
        {
            entry.partition(".")[0]
            for folder in folders
            for entry in os.listdir(folder)
            if entry.startswith("pl") and entry.endswith((".py", ".pyc"))
        }
    )


@hookimpl
def postlint_rules() -> list[type[Rule]]:
    return _rule_classes()
