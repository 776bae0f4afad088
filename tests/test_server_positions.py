"""Positions through a real client flow: the negotiated encoding, LSP's line breaks, and the
code actions a client gets for what it asks about."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest_lsp
from hypothesis import given, settings
from hypothesis import strategies as st
from lsp_text import apply, position
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import ClientServerConfig, LanguageClient

from postlint.server.positions import LineIndex

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "postlint", "server"])
HEADER = "compatibility_level = 3.11\nsmtp_tls_security_level = may\nsmtp_tls_loglevel = 1\n"
# An astral character (two UTF-16 code units, four UTF-8 bytes) before an inline comment.
_ENCODINGS = ["utf-8", "utf-16", "utf-32"]
BANNER = "smtpd_banner = $myhostname ESMTP \U0001f4eb # greeting\n"


@pytest_lsp.fixture(config=SERVER)
async def client_utf8(lsp_client: LanguageClient):
    general = types.GeneralClientCapabilities(position_encodings=["utf-8", "utf-16"])
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(general=general))
    )
    assert result.capabilities.position_encoding == "utf-8"
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "postfix", 1, text))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def _actions(
    client: LanguageClient, uri: str, at: types.Range, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), at, types.CodeActionContext(diagnostics)
        )
    )
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


def _cli_fix(tmp_path: Path, text: str) -> str:
    """What `postlint check --fix` writes for the same text: the oracle for fix-all."""
    target = tmp_path / "cli" / "main.cf"
    target.parent.mkdir()
    target.write_bytes(text.encode())
    subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--fix", str(target)],
        capture_output=True,
        timeout=300,
    )
    return target.read_bytes().decode()


async def _quick_fix_keeps_the_text(client: LanguageClient, tmp_path: Path, encoding: str) -> None:
    text = HEADER + BANNER
    uri = await _open(client, tmp_path / "main.cf", text)
    inline = next(d for d in client.diagnostics[uri] if d.code == "PL401")
    assert inline.range.start == position(text, text.index("# greeting"), encoding)
    actions = await _actions(client, uri, inline.range, [inline])
    quick = next(a for a in actions if a.title.startswith("Move the comment"))
    assert quick.edit is not None and quick.edit.changes is not None
    fixed = apply(text, quick.edit.changes[uri], encoding)
    assert fixed == HEADER + "# greeting\nsmtpd_banner = $myhostname ESMTP \U0001f4eb\n"
    fix_all = next(a for a in actions if a.kind == types.CodeActionKind.SourceFixAll)
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert apply(text, fix_all.edit.changes[uri], encoding) == _cli_fix(tmp_path, text)


async def test_positions_are_utf16_code_units_by_default(
    client: LanguageClient, tmp_path: Path
) -> None:
    await _quick_fix_keeps_the_text(client, tmp_path, "utf-16")


async def test_a_client_that_prefers_utf8_gets_byte_offsets(
    client_utf8: LanguageClient, tmp_path: Path
) -> None:
    await _quick_fix_keeps_the_text(client_utf8, tmp_path, "utf-8")


async def test_incremental_edits_after_characters_splitlines_breaks_at(
    client: LanguageClient, tmp_path: Path
) -> None:
    # Form feed, NEL and LINE SEPARATOR are no line breaks for LSP (nor for Postfix); a lone CR is
    # one for LSP only. An emoji before the edit shifts UTF-16 columns.
    text = (
        HEADER + "# page\x0cbreak, next\x85line, line\u2028separator, cr\ronly\n"
        "smtpd_use_tls = yes\nalias_maps = hash:/etc/aliases\U0001f4eb\n"
    )
    uri = await _open(client, tmp_path / "main.cf", text)
    # Three edits in one notification, each range in the text the one before left: a line
    # above, then a comment after the emoji (a line lower now), then more after the comment.
    edits = [("smtpd_use_tls", 0, "# inbound TLS\n"), ("\U0001f4eb", 1, " # local aliases")]
    edits.append(("# local aliases", len("# local aliases"), " (hash)"))
    changes = []
    edited = text
    for anchor, past, insert in edits:
        at = edited.index(anchor) + past
        where = position(edited, at)
        changes.append(types.TextDocumentContentChangePartial(types.Range(where, where), insert))
        edited = edited[:at] + insert + edited[at:]
    assert edited.endswith("aliases\U0001f4eb # local aliases (hash)\n")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=uri), changes
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    inline = next(d for d in client.diagnostics[uri] if d.code == "PL401")
    assert inline.range.start == position(edited, edited.index("# local aliases"))
    cr = next(d for d in client.diagnostics[uri] if d.code == "PL410")
    assert cr.range.start == position(edited, edited.index("\r"))

    comment = position(edited, edited.index("# local aliases"))
    actions = await _actions(client, uri, types.Range(comment, comment), [])
    fix_all = next(a for a in actions if a.kind == types.CodeActionKind.SourceFixAll)
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert apply(edited, fix_all.edit.changes[uri]) == _cli_fix(tmp_path, edited)


async def test_line_wide_request_gets_the_fixes_of_every_listed_diagnostic(
    client: LanguageClient, tmp_path: Path
) -> None:
    # Neovim asks at the cursor (here the line's start) and lists the line's diagnostics.
    text = HEADER + "alias_maps = hash:/etc/aliases # local aliases\n"
    uri = await _open(client, tmp_path / "main.cf", text)
    line = text.count("\n", 0, text.index("alias_maps"))
    on_line = [d for d in client.diagnostics[uri] if d.range.start.line == line]
    assert {d.code for d in on_line} == {"PL401"}
    cursor = types.Range(types.Position(line, 0), types.Position(line, 0))
    actions = await _actions(client, uri, cursor, on_line)
    titles = [a.title for a in actions]
    assert "Move the comment to its own line above (PL401)" in titles
    assert "Ignore PL401 for this entry" in titles
    assert "postlint: apply all safe fixes" in titles
    # Findings on other lines, which the client did not list, stay out.
    assert {d.code for a in actions for d in a.diagnostics or ()} == {"PL401"}


_PIECES = ["a", " ", "\n", "\r", "\r\n", "\x0c", "\x85", "\u2028", "\u00e9", "\u20ac", "\U0001f4eb"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(_ENCODINGS))
def test_line_index_agrees_with_the_client_view(pieces: list[str], encoding: str) -> None:
    text = "".join(pieces)
    index = LineIndex(text, PositionCodec(encoding))
    for at in range(len(text) + 1):
        if 0 < at < len(text) and text[at - 1 : at + 1] == "\r\n":
            continue  # inside a line break: no position of its own
        expected = position(text, at, encoding)
        assert index.position(at) == expected
        assert index.offset(expected) == at
