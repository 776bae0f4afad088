"""The diagnostics the server publishes as JSON text are what pygls would send for them."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
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
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
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
