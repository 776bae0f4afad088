"""`postlint server`: a language server (LSP over stdio) for main.cf and master.cf."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from postlint import __version__
from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.edits import line_ending
from postlint.engine.units import LintUnit
from postlint.postfix.descriptions import describe
from postlint.server.engine import Document, ServerEngine, kind_of
from postlint.server.knowledge import (
    MASTER_TYPES,
    enumerated_values,
    parameter_hover,
    parameter_names,
    rule_hover,
)
from postlint.syntax import ConfigFile, FileKind
from postlint.syntax.ast import Position

# Lint once typing pauses this long (POSTLINT_LSP_DEBOUNCE_MS overrides, e.g. for benchmarks).
DEBOUNCE_SECONDS = int(os.environ.get("POSTLINT_LSP_DEBOUNCE_MS", "150")) / 1000
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_DEPRECATED_FAMILY = "deprecated"
_UNNECESSARY = {"PL403", "PL408", "PL116", "PL310"}


def uri_to_path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def path_to_uri(path: Path) -> str:
    return path.absolute().as_uri()


class PostlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("postlint", __version__)
        self.engine: ServerEngine | None = None
        self.results: dict[str, tuple[LintUnit, list[Diagnostic]]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def get_engine(self) -> ServerEngine:
        if self.engine is None:
            self.engine = ServerEngine()
        return self.engine

    def open_documents(self) -> dict[Path, str]:
        return {uri_to_path(uri): doc.source for uri, doc in self.workspace.text_documents.items()}

    def document(self, uri: str) -> Document:
        return Document(uri_to_path(uri), self.workspace.get_text_document(uri).source)

    def lint_and_publish(self, uri: str) -> None:
        doc = self.document(uri)
        unit, found = self.get_engine().lint(doc, self.open_documents())
        self.results[uri] = (unit, found)
        tree = unit.file(kind_of(doc.path))
        assert tree is not None
        diagnostics = [to_lsp(d, tree, self.get_engine()) for d in found]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def schedule(self, uri: str) -> None:
        """Debounce: lint once typing pauses."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            self.pending.pop(uri, None)
            self.lint_and_publish(uri)

        self.pending[uri] = asyncio.get_event_loop().create_task(later())


server = PostlintServer()


def _range(tree: ConfigFile, start: int, end: int) -> types.Range:
    a, b = tree.position(start), tree.position(end)
    return types.Range(
        types.Position(a.line - 1, a.column - 1), types.Position(b.line - 1, b.column - 1)
    )


def to_lsp(d: Diagnostic, tree: ConfigFile, engine: ServerEngine) -> types.Diagnostic:
    rule = engine.registry.rules.get(d.code)
    tags = []
    if rule is not None and rule.family == _DEPRECATED_FAMILY:
        tags.append(types.DiagnosticTag.Deprecated)
    if d.code in _UNNECESSARY:
        tags.append(types.DiagnosticTag.Unnecessary)
    message = d.message + (f" [{d.service}]" if d.service else "")
    return types.Diagnostic(
        range=_range(tree, d.span.start, d.span.end),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=d.url) if d.url else None,
        source="postlint",
        tags=tags or None,
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PostlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint_and_publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PostlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PostlintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.lint_and_publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PostlintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.results.pop(params.text_document.uri, None)
    ls.get_engine().forget(uri_to_path(params.text_document.uri))
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
def code_action(ls: PostlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    if uri not in ls.results:
        ls.lint_and_publish(uri)
    unit, found = ls.results[uri]
    path = uri_to_path(uri)
    tree = unit.file(kind_of(path))
    assert tree is not None
    actions: list[types.CodeAction] = []
    wanted = params.context.only
    if not wanted or types.CodeActionKind.QuickFix in wanted:
        for d in found:
            lsp_diag = to_lsp(d, tree, ls.get_engine())
            if not _overlaps(lsp_diag.range, params.range):
                continue
            if d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY:
                actions.append(_fix_action(d, unit, path, lsp_diag))
            actions.append(_ignore_action(d, tree, uri, lsp_diag))
    if not wanted or any(str(k).startswith("source") for k in wanted):
        fixed = ls.get_engine().fix_all(ls.document(uri), ls.open_documents())
        if fixed is not None:
            end = tree.position(len(tree.text))
            edit = types.TextEdit(
                types.Range(types.Position(0, 0), types.Position(end.line - 1, end.column - 1)),
                fixed,
            )
            actions.append(
                types.CodeAction(
                    title="postlint: apply all safe fixes",
                    kind=types.CodeActionKind.SourceFixAll,
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
    return actions


def _fix_action(
    d: Diagnostic, unit: LintUnit, path: Path, lsp_diag: types.Diagnostic
) -> types.CodeAction:
    assert d.fix is not None
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in d.fix.edits:
        target = unit.file(edit.file)
        if target is None:
            continue
        target_uri = path_to_uri(Path(target.path))
        changes.setdefault(target_uri, []).append(
            types.TextEdit(_range(target, edit.start, edit.end), edit.content)
        )
    unsafe = d.fix.applicability is Applicability.UNSAFE
    return types.CodeAction(
        title=f"{d.fix.message}{' (unsafe)' if unsafe else ''} ({d.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp_diag],
        is_preferred=not unsafe,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _ignore_action(
    d: Diagnostic, tree: ConfigFile, uri: str, lsp_diag: types.Diagnostic
) -> types.CodeAction:
    """Insert `# postlint: ignore[CODE]` above the entry the finding is in; for a finding
    anchored to the whole file (an empty span at its start: a missing setting), a line
    `ignore` would never match it, so `# postlint: file-ignore[CODE]` goes on top."""
    eol = line_ending(tree)
    if d.span.start == d.span.end == 0:
        line, directive, scope = 0, "file-ignore", "in this file"
    else:
        entry = next((e for e in tree.entries() if e.span.contains(d.span.start)), None)
        start = (
            entry.span.start if entry is not None else tree.text.rfind("\n", 0, d.span.start) + 1
        )
        line, directive, scope = tree.position(start).line - 1, "ignore", "for this entry"
    edit = types.TextEdit(
        types.Range(types.Position(line, 0), types.Position(line, 0)),
        f"# postlint: {directive}[{d.code}]{eol}",
    )
    return types.CodeAction(
        title=f"Ignore {d.code} {scope}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp_diag],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: PostlintServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    doc = ls.document(uri)
    engine = ls.get_engine()
    unit, found = ls.results.get(uri) or engine.lint(doc, ls.open_documents())
    tree = unit.file(kind_of(doc.path))
    assert tree is not None
    offset = _offset(tree, params.position)
    for d in found:
        if d.span.start <= offset < max(d.span.end, d.span.start + 1):
            rule = engine.registry.rules.get(d.code)
            if rule is not None:
                return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, rule_hover(rule)))
    name = _name_at(tree, offset)
    if name is None:
        return None
    info = engine.catalogue.get(name)
    if info is None:
        return None
    version = engine.version(doc.path)
    return types.Hover(
        types.MarkupContent(
            types.MarkupKind.Markdown,
            parameter_hover(info, version, describe(engine.catalogue, name)),
        )
    )


def _offset(tree: ConfigFile, position: types.Position) -> int:
    return tree.offset(Position(position.line + 1, position.character + 1))


def _name_at(tree: ConfigFile, offset: int) -> str | None:
    """The word under the cursor: a parameter name, an -o name, or a $name reference."""
    text = tree.text
    start = end = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[start:end] or None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["$", "=", " "])
)
def completion(ls: PostlintServer, params: types.CompletionParams) -> types.CompletionList:
    doc = ls.document(params.text_document.uri)
    engine = ls.get_engine()
    version = engine.version(doc.path)
    lines = doc.text.split("\n")
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    before = line[: params.position.character]
    items: list[types.CompletionItem] = []
    names = parameter_names(engine.catalogue, version)

    def name_items(kind: types.CompletionItemKind) -> list[types.CompletionItem]:
        return [
            types.CompletionItem(
                label=p.name,
                kind=kind,
                detail=f"default: {p.default_for(version)}"[:80],
                documentation=describe(engine.catalogue, p.name) or None,
            )
            for p in names
        ]

    dollar = re.search(r"\$\{?([A-Za-z0-9_]*)$", before)
    value = re.match(r"^([A-Za-z0-9_]+)\s*=\s*([^\s,]*)$", before)
    option = re.search(r"-o\s+([A-Za-z0-9_]*)$", before)
    option_value = re.search(r"-o\s+([A-Za-z0-9_]+)=([^\s,]*)$", before)
    if dollar:
        items = name_items(types.CompletionItemKind.Variable)
    elif kind_of(doc.path) is FileKind.MAIN and value:
        info = engine.catalogue.get(value.group(1))
        if info is not None:
            items = [
                types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember)
                for v in enumerated_values(info)
            ]
    elif kind_of(doc.path) is FileKind.MAIN and re.match(r"^[A-Za-z0-9_]*$", before):
        items = name_items(types.CompletionItemKind.Property)
    elif kind_of(doc.path) is FileKind.MASTER and option_value:
        info = engine.catalogue.get(option_value.group(1))
        if info is not None:
            items = [
                types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember)
                for v in enumerated_values(info)
            ]
    elif kind_of(doc.path) is FileKind.MASTER and option:
        items = name_items(types.CompletionItemKind.Property)
    elif kind_of(doc.path) is FileKind.MASTER and re.match(r"^\S+\s+\S*$", before):
        items = [
            types.CompletionItem(label=t, kind=types.CompletionItemKind.Keyword)
            for t in MASTER_TYPES
        ]
    return types.CompletionList(is_incomplete=False, items=items)


def serve() -> int:
    server.start_io()
    return 0
