"""The diagnostics the server publishes as JSON text are what pygls would send for them."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lsp_text import offset as position_offset
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import default_converter
from pygls.workspace.position_codec import PositionCodec

from postlint.engine.diagnostics import Diagnostic, Severity
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.server.findings import to_lsp
from postlint.server.positions import LineIndex
from postlint.server.publish import DiagnosticsEncoder
from postlint.syntax import FileKind
from postlint.syntax.ast import Span

REGISTRY = Registry(load_plugins().rules)
# PL403 is tagged Unnecessary; PL999 is a core rule; ZZ001 is in no registry.
CODES = ["PL101", "PL403", "PL999", "ZZ001", *sorted(REGISTRY.rules)[:5]]
PIECES = ["a", " ", "\n", "\r\n", "\r", "\u00e9", "\U0001f4eb", "\udcff", '"', "\\"]
# ASCII texts too: positions take a shortcut on them.
TEXT = st.one_of(
    st.lists(st.sampled_from([p for p in PIECES if p.isascii()]), max_size=40).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
)
FINDING = st.tuples(
    st.sampled_from(CODES),
    st.lists(st.sampled_from(PIECES), max_size=5).map("".join),
    st.sampled_from(list(Severity)),
    st.sampled_from([None, "smtp/unix"]),
    st.sampled_from([None, "https://example.org/PL101"]),
    st.integers(0, 45),
    st.integers(0, 5),
)


def _findings(text: str, drawn: list[tuple]) -> list[Diagnostic]:  # type: ignore[type-arg]
    out = []
    for code, message, severity, service, url, start, length in drawn:
        start = min(start, len(text))
        span = Span(start, min(start + length, len(text)))
        out.append(
            Diagnostic(code, "n", message, severity, FileKind.MAIN, span, service, None, url)
        )
    return out


def _as_pygls_sends(uri: str, version: int, found: list[Diagnostic], index: LineIndex) -> object:
    params = types.PublishDiagnosticsParams(
        uri, [to_lsp(d, index, REGISTRY) for d in found], version
    )
    return json.loads(json.dumps(default_converter().unstructure(params)))


@settings(max_examples=200, deadline=None)
@given(TEXT, st.lists(FINDING, max_size=6), TEXT, st.lists(FINDING, max_size=6))
def test_published_json_is_what_pygls_sends_also_after_an_edit(
    before: str,
    drawn: list[tuple],  # type: ignore[type-arg]
    after: str,
    drawn_after: list[tuple],  # type: ignore[type-arg]
) -> None:
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    encoder = DiagnosticsEncoder()
    uri = "file:///etc/postfix/main%20cf"
    for version, (text, found) in enumerate(
        [(before, _findings(before, drawn)), (after, _findings(after, drawn + drawn_after))]
    ):
        index = LineIndex(text, codec)
        sent = encoder.params(uri, version, found, index, REGISTRY)
        assert sent.isascii()  # the Content-Length counts bytes
        assert json.loads(sent) == _as_pygls_sends(uri, version, found, index)


async def test_typing_fast_without_a_pause_publishes_in_order_and_ends_like_a_fresh_open(
    tmp_path: Path,
) -> None:
    """Debounce 0: a lint per keystroke, queued on the worker. What is published goes forward
    in versions only, and the last findings are those of the final text opened afresh."""
    client = LanguageClient("test", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def received(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    async def until(uri: str, version: int) -> list[types.PublishDiagnosticsParams]:
        seen = []
        while not seen or (seen[-1].uri, seen[-1].version) != (uri, version):
            seen.append(await asyncio.wait_for(published.get(), 60))
        return seen

    env = {**os.environ, "POSTLINT_LSP_DEBOUNCE_MS": "0"}
    await client.start_io(sys.executable, "-m", "postlint", "server", env=env)
    try:
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities())
        )
        client.initialized(types.InitializedParams())
        text = "".join(
            f"smtpd_use_tls = yes\n# \u00e9 note {i}\nparam_{i} = $nothing_{i}\n" for i in range(60)
        )
        uri = (tmp_path / "typed" / "main.cf").as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "postfix", 1, text))
        )
        await until(uri, 1)
        # A character typed and deleted, a comment started, lines added, an astral character.
        edits = [(90, 0, "x"), (90, 1, "#"), (5, 0, "\n"), (0, 0, "  "), (91, 0, "\U0001f4eb")]
        version = 1
        for line, length, typed in edits * 4:
            version += 1
            at, end = types.Position(line, 0), types.Position(line, length)
            start, stop = position_offset(text, at), position_offset(text, end)
            text = text[:start] + typed + text[stop:]
            change = types.TextDocumentContentChangePartial(types.Range(at, end), typed)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change]
                )
            )
        typed = await until(uri, version)
        versions = [p.version for p in typed]
        assert versions == sorted(set(versions))
        fresh_uri = (tmp_path / "fresh" / "main.cf").as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(fresh_uri, "postfix", 1, text))
        )
        fresh = await until(fresh_uri, 1)
        assert typed[-1].diagnostics == fresh[-1].diagnostics
        assert len(fresh[-1].diagnostics) > 100
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        await client.stop()
