"""Checking what a rule yields before the engine sorts, locates, suppresses or fixes it.

Rules come from third-party plugins too. A rule that yields None, a span outside the
file or a severity that is not a Severity is a broken rule: the runner reports it as a
crash (PL999) instead of failing later, far from the plugin, with a traceback.
"""

from __future__ import annotations

from postlint.engine.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from postlint.engine.units import LintUnit
from postlint.syntax.ast import ConfigFile, FileKind, Span


def _span_problem(tree: object, start: object, end: object, unit: LintUnit) -> str | None:
    if isinstance(tree, FileKind):
        return f"its file is {tree!r}; pass the parsed file (ctx.main or ctx.master)"
    if not isinstance(tree, ConfigFile):
        return f"its file is {tree!r:.60}, not a parsed file (ctx.main or ctx.master)"
    if tree is not unit.main and tree is not unit.master:
        return f"it names a {tree.kind.value}.cf that is not being linted"
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(tree.text)):
        return f"the range {start!r}..{end!r} is not inside {tree.kind.value}.cf"
    return None


def _fix_problem(fix: object, unit: LintUnit) -> str | None:
    if fix is None:
        return None
    if not isinstance(fix, Fix):
        return f"its fix is {fix!r:.60}, not a Fix"
    if not isinstance(fix.applicability, Applicability) or not isinstance(fix.message, str):
        return "its fix needs an Applicability and a message"
    if not isinstance(fix.edits, tuple | list):
        return f"its fix's edits are {fix.edits!r:.60}, not a tuple of Edits"
    for edit in fix.edits:
        if not isinstance(edit, Edit) or not isinstance(edit.content, str):
            return f"its fix has {edit!r:.60}, not an Edit of text"
        problem = _span_problem(edit.file, edit.start, edit.end, unit)
        if problem:
            return f"its fix is broken: {problem}"
    return None


def plain_fix(fix: object, main: object, master: object) -> bool:
    """A Fix of exact types whose edits all lie inside their files (the common case):
    checked by `Context.diagnostic` as it makes a diagnostic, and by the runner for one
    a rule made itself."""
    if (
        type(fix) is not Fix
        or type(fix.applicability) is not Applicability
        or type(fix.message) is not str
        or type(fix.edits) is not tuple
    ):
        return False
    for edit in fix.edits:
        if type(edit) is not Edit or type(edit.content) is not str:
            return False
        tree = edit.file
        start, end = edit.start, edit.end
        if tree is None or (tree is not main and tree is not master):
            return False
        if type(start) is not int or type(end) is not int:
            return False
        if not 0 <= start <= end <= len(tree.text):
            return False
    return True


def _plainly_fine(found: object, unit: LintUnit) -> bool:
    """The common case in one expression (a large file has 100,000 findings): a diagnostic
    with exact types, a range inside its file and no fix or a plain one."""
    if type(found) is not Diagnostic:
        return False
    if found.fix is not None and not plain_fix(found.fix, unit.main, unit.master):
        return False
    span = found.span
    tree = found.file
    return (
        type(span) is Span
        and (tree is unit.main or tree is unit.master)
        and tree is not None
        and type(span.start) is int
        and type(span.end) is int
        and 0 <= span.start <= span.end <= len(tree.text)
        and type(found.severity) is Severity
        and type(found.code) is str
        and type(found.name) is str
        and type(found.message) is str
        and (found.service is None or type(found.service) is str)
        and (found.url is None or type(found.url) is str)
    )


def diagnostic_problem(found: object, unit: LintUnit) -> str | None:
    """Why `found` cannot be reported (None when it is a well-formed Diagnostic)."""
    if _plainly_fine(found, unit):
        return None
    if not isinstance(found, Diagnostic):
        return f"it yielded {found!r:.60}, not a Diagnostic"
    if not isinstance(found.severity, Severity):
        return f"its severity is {found.severity!r:.30}, not a Severity"
    for field in ("code", "name", "message"):
        if not isinstance(getattr(found, field), str):
            return f"its {field} is {getattr(found, field)!r:.30}, not text"
    for field in ("service", "url"):
        value = getattr(found, field)
        if value is not None and not isinstance(value, str):
            return f"its {field} is {value!r:.30}, not text"
    span = found.span
    if not isinstance(span, Span):
        return f"its span is {span!r:.60}, not a Span"
    return _span_problem(found.file, span.start, span.end, unit) or _fix_problem(found.fix, unit)
