"""pluggy hook specifications: what a postlint plugin can contribute."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from postlint.engine.rule import Rule
    from postlint.postfix.catalogue import ParameterInfo
    from postlint.report.base import Formatter

PROJECT = "postlint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def postlint_rules() -> list[type[Rule]]:  # type: ignore[empty-body]
    """Return the rule classes this plugin provides."""


@hookspec
def postlint_parameters() -> list[ParameterInfo]:  # type: ignore[empty-body]
    """Return catalogue entries for site-specific parameters (so they are not 'unknown')."""


@hookspec
def postlint_output_formats() -> dict[str, type[Formatter]]:  # type: ignore[empty-body]
    """Return output formats by name (for --output-format)."""
