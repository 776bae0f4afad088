"""What plugin authors import: the rule base class, results, fixes, the context, the hook marker."""

from postlint.engine import edits, fix_policy
from postlint.engine.context import Context
from postlint.engine.diagnostics import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Severity,
)
from postlint.engine.hookspecs import hookimpl
from postlint.engine.rule import Rule
from postlint.postfix.catalogue import ParameterInfo
from postlint.postfix.model import Config, EffectiveValue
from postlint.postfix.versions import Version
from postlint.syntax.ast import (
    ConfigFile,
    FileKind,
    Override,
    Parameter,
    Service,
    Span,
)

__all__ = [
    "Applicability",
    "Config",
    "ConfigFile",
    "Context",
    "Diagnostic",
    "Edit",
    "EffectiveValue",
    "FileKind",
    "Fix",
    "FixAvailability",
    "Override",
    "Parameter",
    "ParameterInfo",
    "Rule",
    "Service",
    "Severity",
    "Span",
    "Version",
    "edits",
    "fix_policy",
    "hookimpl",
]
