"""The editor shows each finding at its severity: error, warning, information."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient
from test_server import _open

MAIN = (
    "compatibility_level = 3.11\nmyhostname = mail.example.com\n"
    "alias_maps = hash:/etc/aliases # aliases\nmyorigin = a.example\nmyorigin = b.example\n"
)


async def test_published_severities(client: LanguageClient, tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "main.cf", MAIN)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    found = {d.code: d.severity for d in client.diagnostics[uri]}
    assert found["PL401"] == types.DiagnosticSeverity.Error
    assert found["PL403"] == types.DiagnosticSeverity.Warning
    assert found["PL609"] == types.DiagnosticSeverity.Information
