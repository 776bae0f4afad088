"""The language server's hover shows the effective value as `postlint explain` derives it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

MAIN = (
    "compatibility_level = 0\n"
    "myhostname = mail.example.com\n"
    "relayhost = [old.example.com]\n"
    "relayhost = [$myhostname]:587\n"
    "smtpd_tls_security_level = may\n"
    "utf8_note = $smtputf8_enable\n"
)
MASTER = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "submission inet n       -       y       -       -       smtpd\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "  -o syslog_name=postfix/$service_name\n"
)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "postlint", "server"])
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
    )
    yield
    await lsp_client.shutdown_session()


async def _open_and_lint(client: LanguageClient, path: Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="postfix", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def test_hover_shows_effective_value_and_origin(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "main.cf").write_text(MAIN)
    (tmp_path / "master.cf").write_text(MASTER)
    uri = await _open_and_lint(client, tmp_path / "main.cf", MAIN)

    # The earlier duplicate: the hover tells the value of the last line, expanded.
    text = await _hover(client, uri, 2, 3)
    assert "Effective value: `[mail.example.com]:587`" in text
    assert "From: main.cf:4" in text

    # A default chosen by compatibility_level (smtputf8_enable is "no" below level 1).
    text = await _hover(client, uri, 5, 16)
    assert "Effective value: `no`" in text
    assert "Default chosen by compatibility_level 0 (changes at 1)" in text

    master_uri = await _open_and_lint(client, tmp_path / "master.cf", MASTER)
    text = await _hover(client, master_uri, 3, 8)
    assert "Effective value for submission/inet: `postfix/submission`" in text
    assert "From: -o in master.cf:4 (submission/inet)" in text
