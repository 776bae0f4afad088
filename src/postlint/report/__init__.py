"""Output formats for diagnostics (plugins may add more through postlint_output_formats)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from postlint.report.base import Formatter

# Where each built-in format lives. Only the chosen one is imported: the machine formats
# (JSON, SARIF, JUnit, annotations) are ~1 ms of a start that prints concise text.
_FORMAT_CLASSES = {
    "full": ("text", "FullFormatter"),
    "concise": ("text", "ConciseFormatter"),
    "json": ("machine", "JsonFormatter"),
    "json-lines": ("machine", "JsonLinesFormatter"),
    "sarif": ("machine", "SarifFormatter"),
    "github": ("machine", "GithubFormatter"),
    "gitlab": ("machine", "GitlabFormatter"),
    "junit": ("machine", "JunitFormatter"),
}


def _factory(module: str, name: str) -> Callable[[], Formatter]:
    def make() -> Formatter:
        formatter: Callable[[], Formatter] = getattr(
            import_module(f"postlint.report.{module}"), name
        )
        return formatter()

    return make


# Name -> a callable that makes the formatter, as a plugin's format class is called.
BUILTIN_FORMATS: dict[str, Callable[[], Formatter]] = {
    name: _factory(module, cls) for name, (module, cls) in _FORMAT_CLASSES.items()
}

__all__ = ["BUILTIN_FORMATS", "Formatter"]
