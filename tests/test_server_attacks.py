"""The language server against a hostile repository opened in an editor (issue 14 threat
model, as tests/test_attacks.py applies it to the CLI): nothing outside the workspace leaks
into hovers or findings, no planted code runs, and no raw control character reaches the
editor. Driven over stdio by a real LSP client."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient
from test_config_trust import plant
from test_server import _open

NO_REPLY = 60


async def _published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    notice = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    await asyncio.wait_for(notice, NO_REPLY)
    return client.diagnostics[uri]


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str:
    params = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    found = await client.text_document_hover_async(params)
    assert isinstance(found, types.Hover) and isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def _actions(
    client: LanguageClient, uri: str, first: int, last: int, listed: list[types.Diagnostic]
) -> list[types.CodeAction]:
    """The quick fixes for lines first..last (at their start) and the listed diagnostics."""
    request = types.CodeActionParams(
        types.TextDocumentIdentifier(uri),
        types.Range(types.Position(first, 0), types.Position(last, 0)),
        types.CodeActionContext(diagnostics=listed, only=[types.CodeActionKind.QuickFix]),
    )
    found = await client.text_document_code_action_async(request) or []
    return [a for a in found if isinstance(a, types.CodeAction)]


def _raw_controls(text: str) -> list[str]:
    return [
        c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c == "\u202e"
    ]


async def test_a_sibling_symlink_out_of_the_workspace_is_not_read(
    client: LanguageClient, tmp_path: Path
) -> None:
    # The repository's main.cf points at a private file of the user; its master.cf asks for
    # a value from it. The hover's effective value would show the file's content.
    private = tmp_path / "private"
    private.mkdir()
    secret = private / "notes.txt"
    secret.write_text("leaked_name = s3cret-content\n")
    secret.chmod(0o600)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.cf").symlink_to(secret)
    uri = _open(
        client, repo / "master.cf", "smtp inet n - y - - smtpd -o smtpd_banner=$leaked_name\n"
    )
    found = await _published(client, uri)
    hover = await _hover(client, uri, 0, 32)
    assert "smtpd_banner" in hover
    assert "s3cret" not in hover
    assert not any("s3cret" in d.message for d in found)


async def test_findings_show_control_and_bidi_characters_escaped(
    client: LanguageClient, tmp_path: Path
) -> None:
    # \udcff: a byte that was not UTF-8 as the file's decoding keeps it (a lone surrogate).
    text = "smtpd_tls_security_level = m\x1b[2Jay\nfoo\x1b]0;x\x07bar\u202e = 1\nb\udcffz = 1\n"
    uri = (tmp_path / "main.cf").as_uri()  # an unsaved buffer: no UTF-8 file holds \udcff
    item = types.TextDocumentItem(uri, "postfix", 1, text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(item))
    found = await _published(client, uri)
    messages = [d.message for d in found]
    assert any("'m\\x1b[2Jay' is not a TLS level" in m for m in messages), messages
    assert any("foo\\x1b]0;x\\x07bar\\u202e" in m for m in messages), messages
    assert any("b\\xffz" in m for m in messages), messages
    assert not [m for m in messages if _raw_controls(m) or "\udcff" in m]
    # The quick fix and ignore actions name the same findings (matched by message).
    actions = await _actions(client, uri, 1, 1, [d for d in found if d.range.start.line == 1])
    assert actions and any(a.title == "Ignore PL402 for this entry" for a in actions)


async def test_an_untrusted_workspace_config_is_ignored_and_told_escaped(
    client: LanguageClient, tmp_path: Path
) -> None:
    tmp_path.chmod(0o755)
    repo = tmp_path / "repo\x1b]0;owned\x07"
    repo.mkdir()
    marker = tmp_path / "MARKER"
    config = plant(repo, marker, "postlint.toml")
    config.chmod(0o664)  # writable by the group: not the user's own decision
    uri = _open(client, repo / "main.cf", "alias_maps = hash:/etc/aliases # x\n")
    found = await _published(client, uri)
    assert not marker.exists(), "the planted plugin ran"
    # The planted select = ["PL401"] did not apply: the defaults ran.
    assert any(d.code == "PL101" for d in found)
    told = [m.message for m in client.messages]
    assert any("writable by group or others" in m for m in told), told
    assert any("repo\\x1b]0;owned\\x07" in m for m in told), told
    logged = [m.message for m in client.log_messages]
    assert not [m for m in told + logged if _raw_controls(m)]


async def test_documents_that_are_no_local_file_are_not_linted(
    client: LanguageClient, tmp_path: Path
) -> None:
    # The server reads the sibling and the config next to a document: for these it would
    # read the server's working directory (untitled:), this machine's root (another host),
    # or fail on every file-system call (a NUL in the path).
    odd = [
        "untitled:main.cf",
        "https://example.com/etc/postfix/main.cf",
        "file://otherhost/etc/postfix/main.cf",
        (tmp_path / "a").as_uri() + "%00b/main.cf",
    ]
    for uri in odd:
        item = types.TextDocumentItem(uri, "postfix", 1, "myhostname = x\n")
        client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        where = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
        assert await client.text_document_hover_async(where) is None
    # The server still lints a real file, and published nothing for the others.
    uri = _open(client, tmp_path / "main.cf", "myhostname = x\n")
    await _published(client, uri)
    assert not set(odd) & set(client.diagnostics)
    logged = [m.message for m in client.log_messages]
    assert sum("not a local file" in m for m in logged) == len(odd), logged


async def test_an_old_mac_file_offers_one_cr_fix_per_entry(
    client: LanguageClient, tmp_path: Path
) -> None:
    # CR-only line ends: Postfix reads one entry. A fix for each CR re-parsed and kept the
    # whole entry once per CR (10,000 lines: 1.8 GB in the server); the first CR carries
    # one fix for them all (each would declare the entry's new settings).
    text = "myhostname = a\rmydomain = b\rmyorigin = c\r"
    uri = _open(client, tmp_path / "main.cf", text)
    found = await _published(client, uri)
    crs = [d for d in found if d.code == "PL410"]
    # LSP ends a line at a bare CR, Postfix does not.
    assert [(d.range.start.line, d.range.start.character) for d in crs] == [
        (0, 14),
        (1, 12),
        (2, 12),
    ]
    actions = await _actions(client, uri, 0, 3, crs)
    fixes = [a for a in actions if a.title.startswith("Replace the 3 CRs with LFs")]
    assert len(fixes) == 1
    assert fixes[0].diagnostics and fixes[0].diagnostics[0].range.start.line == 0


async def test_a_giant_document_is_not_linted_and_the_editor_is_told(
    client: LanguageClient, tmp_path: Path
) -> None:
    # A lint keeps about 200 bytes per byte of a dense main.cf: a repository's 50 MB file
    # would take gigabytes. One long comment line keeps this test itself cheap.
    text = "myhostname = x\n#" + "x" * (17 * 2**20) + "\n"
    uri = _open(client, tmp_path / "main.cf", text)
    assert not await _published(client, uri)
    told = [m.message for m in client.messages]
    assert any("larger than 16 MB; not linted" in m for m in told), told
    # Shrunk again: linted as usual.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(2, uri),
            [types.TextDocumentContentChangeWholeDocument("myhostname = x\n")],
        )
    )
    assert any(d.code == "PL701" for d in await _published(client, uri))


async def test_a_hover_shows_a_long_value_cut(client: LanguageClient, tmp_path: Path) -> None:
    # A value may expand to 4 Mi characters; the editor would render each in its popup.
    text = f"empty_address_recipient = {'y' * 100_000}\n"
    uri = _open(client, tmp_path / "main.cf", text)
    await _published(client, uri)
    hover = await _hover(client, uri, 0, 3)
    assert "Effective value: `yyy" in hover
    assert len(hover) < 5_000
    assert "(100,000 characters)" in hover


async def test_a_hover_shows_config_text_as_text_not_markdown(
    client: LanguageClient, tmp_path: Path
) -> None:
    # A service name or a value from the repository must not become a link or close its
    # code span in the editor's popup.
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\n")
    text = "[x](https://evil.example)/a inet n - n - - smtpd\n  -o smtpd_banner=a``b](c)\n"
    uri = _open(client, tmp_path / "master.cf", text)
    await _published(client, uri)
    hover = await _hover(client, uri, 1, 8)
    assert r"for \[x\]\(https\://evil.example\)/a/inet" in hover
    outside_code = re.sub(r"(`+).*?\1", "", hover, flags=re.S)
    assert "](" not in outside_code  # no link, the value's "](c)" included
    assert "``` a``b](c) ```" in hover
