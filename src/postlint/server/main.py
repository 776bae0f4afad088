"""`postlint server`: a language server (LSP over stdio) for main.cf and master.cf."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import threading
from collections.abc import Callable

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from postlint import __version__
from postlint.files import kind_for_path
from postlint.postfix.descriptions import describe
from postlint.report.escape import visible
from postlint.server.documents import Documents
from postlint.server.engine import Document, ServerEngine
from postlint.server.findings import Linted, fix_all_action, quick_fixes
from postlint.server.knowledge import (
    MASTER_TYPES,
    effective_hover,
    enumerated_values,
    parameter_hover,
    parameter_names,
    rule_hover,
)
from postlint.server.positions import LineIndex
from postlint.server.protocol import PostlintProtocol
from postlint.server.publish import DiagnosticsEncoder
from postlint.server.worker import LintWorker
from postlint.syntax import FileKind

# Lint once typing pauses this long (POSTLINT_LSP_DEBOUNCE_MS overrides, e.g. for benchmarks).
DEBOUNCE_SECONDS = int(os.environ.get("POSTLINT_LSP_DEBOUNCE_MS", "150")) / 1000
# A hover waits this long for the lint of the current text (to show a rule's documentation);
# after that it answers with what it knows without findings.
HOVER_WAIT_SECONDS = 0.5


class PostlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("postlint", __version__, protocol_cls=PostlintProtocol)
        self._engine: ServerEngine | None = None
        self._engine_lock = threading.Lock()
        self.documents = Documents()
        self.worker = LintWorker()
        self.results: dict[str, Linted] = {}
        self.linting: dict[str, tuple[int, asyncio.Future[Linted | None]]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.encoders: dict[str, DiagnosticsEncoder] = {}  # used by the worker only

    def get_engine(self) -> ServerEngine:
        with self._engine_lock:  # built by the first caller, on whichever thread
            if self._engine is None:
                self._engine = ServerEngine()
            return self._engine

    def index(self, text: str) -> LineIndex:
        """Positions in the encoding negotiated at initialize (UTF-16 unless the client chose)."""
        return LineIndex(text, self.workspace.position_codec)

    def tell_user(self) -> None:
        """Config problems the engine met (bad key, untrusted file): shown and logged."""
        for level, text in self.get_engine().take_messages():
            message = visible(text)  # paths and config text: no raw controls to the editor
            kind = types.MessageType.Error if level == "error" else types.MessageType.Warning
            self.window_show_message(types.ShowMessageParams(kind, f"postlint: {message}"))
            self.window_log_message(types.LogMessageParams(kind, f"postlint: {message}"))

    def lint(self, uri: str, *, again: bool = False) -> asyncio.Future[Linted | None]:
        """The lint of the document's current version, run on the worker; None once stale."""
        loop = asyncio.get_running_loop()
        doc = self.documents.get(uri)
        done = self.results.get(uri)
        if doc is None or (done is not None and done.version == doc.version and not again):
            future: asyncio.Future[Linted | None] = loop.create_future()
            future.set_result(done if doc is not None else None)
            return future
        running = self.linting.get(uri)
        if running is not None and running[0] == doc.version and not again:
            return running[1]
        open_docs = self.documents.texts()  # a snapshot: the worker must not read a live dict
        engine = self.get_engine
        codec = self.workspace.position_codec
        encoder = self.encoders.setdefault(uri, DiagnosticsEncoder())

        def job() -> Linted | None:
            if not self.documents.is_current(uri, doc.version):
                return None  # edited again while this waited in the queue
            unit, found = engine().lint(Document(doc.path, doc.text), open_docs)
            tree = unit.file(kind_for_path(doc.path))
            assert tree is not None
            # Positions and JSON are made here too, off the event loop.
            index = LineIndex(doc.text, codec)
            params = encoder.params(uri, doc.version, found, index, engine().registry)
            return Linted(doc.version, unit, tree, found, index, params)

        future = self.worker.run(job)
        self.linting[uri] = (doc.version, future)
        future.add_done_callback(lambda f: self._linted(uri, f))
        return future

    def _linted(self, uri: str, future: asyncio.Future[Linted | None]) -> None:
        self.tell_user()
        if self.linting.get(uri, (None, None))[1] is future:
            del self.linting[uri]
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            message = visible(f"postlint: lint failed: {error}")
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, message))
            return
        linted = future.result()
        if linted is None or not self.documents.is_current(uri, linted.version):
            return  # findings for text the editor no longer shows
        self.results[uri] = linted
        self.documents.remember(uri, linted.index)
        protocol = self.protocol
        assert isinstance(protocol, PostlintProtocol)
        protocol.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, linted.params)

    async def current(self, uri: str, timeout: float | None = None) -> Linted | None:
        """The lint of the current text, waited for (up to timeout); None when there is none."""
        future = self.lint(uri)
        try:
            linted = await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            return None
        doc = self.documents.get(uri)
        if linted is None or doc is None or doc.version != linted.version:
            return None
        return linted

    def schedule(self, uri: str) -> None:
        """Debounce: lint once typing pauses."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        if DEBOUNCE_SECONDS <= 0:
            self.lint(uri)  # no pause wanted: not even one turn of the event loop
            return

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            self.pending.pop(uri, None)
            self.lint(uri)

        self.pending[uri] = asyncio.get_running_loop().create_task(later())


server = PostlintServer()


@server.feature(types.INITIALIZED)
def initialized(ls: PostlintServer, params: types.InitializedParams) -> None:
    # Load plugins and the catalogue on the worker while the client sends its first files.
    ls.worker.run_detached(_start_engine(ls))


def _start_engine(ls: PostlintServer) -> Callable[[], None]:
    def start() -> None:
        ls.get_engine()
        # What is loaded now (pygls, lsprotocol's types, the catalogue, the rules) lives
        # as long as the server: kept out of the cyclic garbage collector's full passes,
        # which otherwise walk it all every few keystrokes (measured: a 40 ms pause every
        # 4 to 6 edits of a 10,000-line file; the server's mean CPU per edit 22 -> 14 ms).
        gc.freeze()
        # A lint makes and drops hundreds of thousands of objects, nearly all freed by their
        # reference counts: a young generation of 50,000 instead of 700 scans fewer of them
        # (a re-lint of a dense 10,000-line file about 5-10% faster).
        gc.set_threshold(50_000, 10, 10)

    return start


@server.feature(types.SHUTDOWN)
def shutdown(ls: PostlintServer, params: None) -> None:
    for task in ls.pending.values():
        task.cancel()
    ls.pending.clear()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PostlintServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    if ls.documents.open(params.text_document) is None:
        message = visible(f"postlint: not linting {uri}: not a local file: URI")
        ls.window_log_message(types.LogMessageParams(types.MessageType.Warning, message))
        return
    ls.lint(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PostlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.documents.change(params, ls.workspace.position_codec)
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PostlintServer, params: types.DidSaveTextDocumentParams) -> None:
    # The sibling file or a config on disk may have changed: lint even an unchanged text.
    ls.lint(params.text_document.uri, again=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PostlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    doc = ls.documents.get(uri)
    ls.documents.close(uri)
    ls.results.pop(uri, None)
    ls.encoders.pop(uri, None)
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    if doc is not None:
        path = doc.path
        ls.worker.run_detached(lambda: ls.get_engine().forget(path))
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
async def code_action(
    ls: PostlintServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    linted = await ls.current(uri)
    if linted is None:
        return None
    engine = ls.get_engine()
    codec = ls.workspace.position_codec
    actions: list[types.CodeAction] = []
    wanted = params.context.only
    if not wanted or types.CodeActionKind.QuickFix in wanted:
        actions.extend(quick_fixes(params, linted, codec, engine.registry))
    if not wanted or any(str(k).startswith("source") for k in wanted):
        doc = ls.documents.get(uri)
        assert doc is not None
        open_docs = ls.documents.texts()
        fixed = await asyncio.shield(
            ls.worker.run(lambda: engine.fix_all(Document(doc.path, doc.text), open_docs))
        )
        if not ls.documents.is_current(uri, doc.version):
            return None  # edits computed for a text the editor no longer has
        if fixed is not None:
            actions.append(fix_all_action(uri, ls.index(doc.text), fixed))
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: PostlintServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    doc = ls.documents.get(uri)
    if doc is None:
        return None
    offset = ls.index(doc.text).offset(params.position)
    linted = await ls.current(uri, HOVER_WAIT_SECONDS)
    findings = linted.found if linted is not None and linted.version == doc.version else []
    engine = ls.get_engine()
    # Most findings cover a whole line, name included: the parameter's own hover comes
    # first (its effective value, "No effect" for an -o never read), then the docs of
    # every rule with a finding under the cursor, each once.
    parts: list[str] = []
    name = _name_at(doc.text, offset)
    info = engine.catalogue.get(name) if name is not None else None
    if name is not None and info is not None:
        version = engine.version(doc.path)
        text = parameter_hover(info, version, describe(engine.catalogue, name))
        if linted is not None:
            master = kind_for_path(doc.path) is FileKind.MASTER
            effective = effective_hover(
                linted.unit, version, engine.catalogue, name, offset, master
            )
            text = f"{text}\n\n{effective}" if effective else text
        parts.append(text)
    shown: set[str] = set()
    for d in findings:
        if d.code not in shown and d.span.start <= offset < max(d.span.end, d.span.start + 1):
            rule = engine.registry.rules.get(d.code)
            if rule is not None:
                shown.add(d.code)
                parts.append(rule_hover(rule))
    if not parts:
        return None
    markdown = "\n\n---\n\n".join(parts)
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, markdown))


def _name_at(text: str, offset: int) -> str | None:
    """The word under the cursor: a parameter name, an -o name, or a $name reference."""
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
    doc = ls.documents.get(params.text_document.uri)
    if doc is None:
        return types.CompletionList(is_incomplete=False, items=[])
    engine = ls.get_engine()
    version = engine.version(doc.path)
    index = ls.index(doc.text)
    offset = index.offset(params.position)
    before = doc.text[index.line_start(offset) : offset]
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
    elif kind_for_path(doc.path) is FileKind.MAIN and value:
        info = engine.catalogue.get(value.group(1))
        if info is not None:
            items = [
                types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember)
                for v in enumerated_values(info)
            ]
    elif kind_for_path(doc.path) is FileKind.MAIN and re.match(r"^[A-Za-z0-9_]*$", before):
        items = name_items(types.CompletionItemKind.Property)
    elif kind_for_path(doc.path) is FileKind.MASTER and option_value:
        info = engine.catalogue.get(option_value.group(1))
        if info is not None:
            items = [
                types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember)
                for v in enumerated_values(info)
            ]
    elif kind_for_path(doc.path) is FileKind.MASTER and option:
        items = name_items(types.CompletionItemKind.Property)
    elif kind_for_path(doc.path) is FileKind.MASTER and re.match(r"^\S+\s+\S*$", before):
        items = [
            types.CompletionItem(label=t, kind=types.CompletionItemKind.Keyword)
            for t in MASTER_TYPES
        ]
    return types.CompletionList(is_incomplete=False, items=items)


def serve() -> int:
    server.start_io()
    # pygls turns `exit` into a SystemExit that its IO loop swallows; the code is kept here.
    # Stream closed without `exit`: 0 after shutdown, as if exit had followed.
    protocol = server.protocol
    assert isinstance(protocol, PostlintProtocol)
    if protocol.exit_code is not None:
        return protocol.exit_code
    return 0 if protocol.shutdown_received else 1
