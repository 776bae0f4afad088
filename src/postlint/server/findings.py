"""Findings as the editor sees them: LSP diagnostics, quick fixes, ignore actions and fix-all."""

from __future__ import annotations

from pathlib import Path

import attrs
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.edits import line_ending
from postlint.engine.registry import Registry
from postlint.engine.resolves import carriers_by_place, place
from postlint.engine.rule import Tag
from postlint.engine.units import LintUnit
from postlint.report.escape import visible
from postlint.server.documents import path_to_uri
from postlint.server.positions import LineIndex
from postlint.syntax import ConfigFile

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_TAGS = {
    Tag.DEPRECATED: types.DiagnosticTag.Deprecated,
    Tag.UNNECESSARY: types.DiagnosticTag.Unnecessary,
}


@attrs.frozen
class Linted:
    """One lint of one version of an open document."""

    version: int
    unit: LintUnit
    tree: ConfigFile
    found: list[Diagnostic]
    index: LineIndex  # of the linted text
    params: str  # the PublishDiagnosticsParams of the findings, as JSON (server/publish.py)


def editor_tags(registry: Registry, code: str) -> list[types.DiagnosticTag]:
    """The LSP tags of a rule's findings (an editor greys out Unnecessary, strikes Deprecated)."""
    rule = registry.rules.get(code)
    declared = rule.editor_tags() if rule is not None else frozenset()
    return [lsp for tag, lsp in _TAGS.items() if tag in declared]


def lsp_message(d: Diagnostic) -> str:
    # Messages quote config text: an editor shows controls and bidi overrides raw (or
    # reorders the line), so they are escaped as in every CLI output format.
    return visible(d.message + (f" [{d.service}]" if d.service else ""))


def to_lsp(d: Diagnostic, index: LineIndex, registry: Registry) -> types.Diagnostic:
    tags = editor_tags(registry, d.code)
    return types.Diagnostic(
        range=index.range(d.span.start, d.span.end),
        message=lsp_message(d),
        severity=SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=d.url) if d.url else None,
        source="postlint",
        tags=tags or None,
    )


def quick_fixes(
    params: types.CodeActionParams, linted: Linted, codec: PositionCodec, registry: Registry
) -> list[types.CodeAction]:
    """Fix and ignore actions for the findings the client asks about.

    Those are the findings under the requested range and every one the client lists in
    `context.diagnostics`: Neovim asks for the cursor position but sends all diagnostics of
    the line, and expects their fixes. A listed diagnostic is recognised by code, message and
    line, not by columns: clients convert columns on the way in and may send back their own
    (Neovim 0.7 sends byte columns whatever the encoding).
    """
    index = linted.index
    first, last = index.offset(params.range.start), index.offset(params.range.end)
    listed = {_listed(c) for c in params.context.diagnostics}
    carriers = carriers_by_place(linted.found)
    # One action per fix: the findings of one list share their fix (PL423 up to ten typos),
    # and a finding without one offers its carrier's (Fix.resolves); asked about several of
    # them, the client lists the action once, with each finding it repairs.
    repairs: dict[int, list[types.Diagnostic]] = {}  # id(fix) -> its action's findings
    actions: list[types.CodeAction] = []
    for d in linted.found:
        lsp_diag = to_lsp(d, index, registry)
        wanted = _listed(lsp_diag) in listed
        if not wanted and not (d.span.start <= last and first <= d.span.end):
            continue
        carrier = d if d.fix is not None else carriers.get(place(d))
        fix = carrier.fix if carrier is not None else None
        if carrier is not None and fix is not None:
            if id(fix) in repairs:
                repairs[id(fix)].append(lsp_diag)
            elif fix.applicability is not Applicability.DISPLAY_ONLY:
                repairs[id(fix)] = [lsp_diag]
                actions.append(_fix_action(carrier, codec, repairs[id(fix)]))
        actions.append(_ignore_action(d, linted.tree, index, params.text_document.uri, lsp_diag))
    return actions


def _listed(d: types.Diagnostic) -> tuple[str, str, int, int]:
    return (str(d.code), d.message, d.range.start.line, d.range.end.line)


def fix_all_action(uri: str, index: LineIndex, fixed: str) -> types.CodeAction:
    edit = types.TextEdit(types.Range(types.Position(0, 0), index.end()), fixed)
    return types.CodeAction(
        title="postlint: apply all safe fixes",
        kind=types.CodeActionKind.SourceFixAll,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _fix_action(
    d: Diagnostic, codec: PositionCodec, repaired: list[types.Diagnostic]
) -> types.CodeAction:
    """The quick fix of d's fix; `repaired`: the findings asked about that it repairs (the
    list grows until the request's actions are sent)."""
    assert d.fix is not None
    changes: dict[str, list[types.TextEdit]] = {}
    indexes: dict[str, LineIndex] = {}
    for edit in d.fix.edits:
        target = edit.file
        target_uri = path_to_uri(Path(target.path))
        index = indexes.setdefault(target_uri, LineIndex(target.text, codec))
        changes.setdefault(target_uri, []).append(
            types.TextEdit(index.range(edit.start, edit.end), edit.content)
        )
    unsafe = d.fix.applicability is Applicability.UNSAFE
    return types.CodeAction(
        title=f"{visible(d.fix.message)}{' (unsafe)' if unsafe else ''} ({d.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=repaired,
        is_preferred=not unsafe,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _ignore_action(
    d: Diagnostic, tree: ConfigFile, index: LineIndex, uri: str, lsp_diag: types.Diagnostic
) -> types.CodeAction:
    """Insert `# postlint: ignore[CODE]` above the entry the finding is in; for a finding
    anchored to the whole file (an empty span at its start: a missing setting), a line
    `ignore` would never match it, so `# postlint: file-ignore[CODE]` goes on top."""
    if d.span.start == d.span.end == 0:
        start, directive, scope = 0, "file-ignore", "in this file"
    else:
        entry = next((e for e in tree.entries() if e.span.contains(d.span.start)), None)
        start = (
            entry.span.start if entry is not None else tree.text.rfind("\n", 0, d.span.start) + 1
        )
        directive, scope = "ignore", "for this entry"
    at = index.position(start)
    eol = line_ending(tree)
    edit = types.TextEdit(types.Range(at, at), f"# postlint: {directive}[{d.code}]{eol}")
    return types.CodeAction(
        title=f"Ignore {d.code} {scope}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp_diag],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )
