"""The editor's ignore action: a finding about the whole file gets `file-ignore`."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_server import _open, apply

from postlint.testing import run

# No disable_vrfy_command: PL608 is anchored to the file (an empty span at its start), as is
# every finding about a setting that is missing.
MAIN = "# mail server\nmyhostname = mail.example.com\n"


async def test_whole_file_finding_offers_file_ignore(
    client: LanguageClient,
    tmp_path: Path,
) -> None:
    uri = _open(client, tmp_path / "main.cf", MAIN)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    vrfy = next(d for d in client.diagnostics[uri] if d.code == "PL608")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=vrfy.range,
            context=types.CodeActionContext(diagnostics=[vrfy]),
        )
    )
    titles = [a.title for a in actions]
    assert "Ignore PL608 in this file" in titles
    assert "Ignore PL608 for this entry" not in titles
    action = next(a for a in actions if a.title == "Ignore PL608 in this file")
    assert action.edit is not None and action.edit.changes is not None
    ignored = apply(MAIN, action.edit.changes[uri])
    assert ignored.startswith("# postlint: file-ignore[PL608]\n")
    # ... and the directive really silences the finding.
    assert not run(["PL608"], ignored, "smtp inet n - n - - smtpd\n").findings
    assert run(["PL608"], MAIN, "smtp inet n - n - - smtpd\n").findings


# Two entries with an inline comment (PL401); the second one is continued on another line.
TWO = (
    "myhostname = mail.example.com\n"
    "alias_maps = hash:/etc/aliases # one\n"
    "smtpd_banner = $myhostname\n"
    "    ESMTP # two\n"
    "relayhost = [smtp.example.net]\n"
)


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
async def test_entry_ignore_goes_above_the_entry_and_silences_that_finding_only(
    client: LanguageClient,
    tmp_path: Path,
    eol: str,
) -> None:
    # The directive line ends as the file's lines do (a CRLF file stays CRLF).
    text = TWO.replace("\n", eol)
    uri = _open(client, tmp_path / "main.cf", text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    second = next(
        d for d in client.diagnostics[uri] if d.code == "PL401" and d.range.start.line == 3
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=second.range,
            context=types.CodeActionContext(diagnostics=[second]),
        )
    )
    action = next(a for a in actions if a.title == "Ignore PL401 for this entry")
    assert action.edit is not None and action.edit.changes is not None
    ignored = apply(text, action.edit.changes[uri])
    lines = text.splitlines(keepends=True)
    assert ignored == "".join([*lines[:2], f"# postlint: ignore[PL401]{eol}", *lines[2:]])
    # The directive silences the second finding, not the first, and is used (no PL901).
    found = run(["PL401", "PL901"], ignored).findings
    assert [f.split(":")[1] for f in found] == ["2"]
    assert "PL401" in found[0]
