"""Output formats for diagnostics (plugins may add more through postlint_output_formats)."""

from __future__ import annotations

from postlint.report.base import Formatter
from postlint.report.machine import (
    GithubFormatter,
    GitlabFormatter,
    JsonFormatter,
    JsonLinesFormatter,
    JunitFormatter,
    SarifFormatter,
)
from postlint.report.text import ConciseFormatter, FullFormatter

BUILTIN_FORMATS: dict[str, type] = {
    "full": FullFormatter,
    "concise": ConciseFormatter,
    "json": JsonFormatter,
    "json-lines": JsonLinesFormatter,
    "sarif": SarifFormatter,
    "github": GithubFormatter,
    "gitlab": GitlabFormatter,
    "junit": JunitFormatter,
}

__all__ = ["BUILTIN_FORMATS", "Formatter"]
