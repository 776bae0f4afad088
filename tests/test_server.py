"""The language server, driven over stdio by a real LSP client (pytest-lsp)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

MAIN = (
    "compatibility_level = 3.11\nsmtp_tls_security_level = may\nsmtp_tls_loglevel = 1\n"
    "alias_maps = hash:/etc/aliases # local aliases\nsmtpd_use_tls = yes\n"
)


def _open(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="postfix", version=1, text=text)
        )
    )
    return uri


async def test_full_flow(client: LanguageClient, tmp_path: Path) -> None:
    # open -> diagnostics
    uri = _open(client, tmp_path / "main.cf", MAIN)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diags = client.diagnostics[uri]
    by_code = {d.code: d for d in diags}
    assert {"PL401", "PL301"} <= set(by_code)
    inline = by_code["PL401"]
    assert inline.range.start == types.Position(3, 31)
    assert inline.source == "postlint"
    assert inline.code_description and inline.code_description.href.endswith("#pl401")
    assert types.DiagnosticTag.Deprecated in (by_code["PL301"].tags or [])

    # change -> new diagnostics (debounced)
    fixed_text = MAIN.replace(" # local aliases", "")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed_text)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "PL401" not in {d.code for d in client.diagnostics[uri]}

    # code action -> the quick fix, the ignore action, and fix-all
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=MAIN)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    inline = next(d for d in client.diagnostics[uri] if d.code == "PL401")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=inline.range,
            context=types.CodeActionContext(diagnostics=[inline]),
        )
    )
    titles = [a.title for a in actions]
    assert any(t.startswith("Move the comment") for t in titles)
    assert "Ignore PL401 for this entry" in titles
    quick = next(a for a in actions if a.title.startswith("Move the comment"))
    assert quick.edit is not None and quick.edit.changes is not None
    edits = quick.edit.changes[uri]
    applied = apply(MAIN, edits)
    assert "# local aliases\nalias_maps = hash:/etc/aliases\n" in applied
    fix_all = next(a for a in actions if a.kind == types.CodeActionKind.SourceFixAll)
    everything = apply(MAIN, fix_all.edit.changes[uri])  # type: ignore[union-attr]
    assert "smtpd_use_tls" not in everything and "# local aliases\n" in everything

    # hover on a parameter name and on a diagnostic
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 3))
    )
    assert hover is not None
    assert "smtp_tls_security_level" in hover.contents.value  # type: ignore[union-attr]
    assert "SMTP client (outbound)" in hover.contents.value  # type: ignore[union-attr]
    assert "Outbound TLS policy" in hover.contents.value  # type: ignore[union-attr]
    rule_doc = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(3, 33))
    )
    assert rule_doc is not None and "PL401" in rule_doc.contents.value  # type: ignore[union-attr]

    # completion: names at line start, levels after '=', names after '$'
    names = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))
    )
    labels = {i.label for i in names.items}  # type: ignore[union-attr]
    assert "smtpd_tls_security_level" in labels and "process_id" not in labels
    client_levels = await _complete_line(client, tmp_path, "smtp_tls_security_level = ")
    server_levels = await _complete_line(client, tmp_path, "smtpd_tls_security_level = ")
    assert "dane" in client_levels and "dane" not in server_levels and "may" in server_levels


async def _complete_line(client: LanguageClient, tmp_path: Path, line: str) -> set[str]:
    uri = (
        _open(client, tmp_path / "sub" / "main.cf", line)
        if (tmp_path / "sub").mkdir() is None
        else ""
    )
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(0, len(line)))
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    (tmp_path / "sub" / "main.cf").unlink()
    (tmp_path / "sub").rmdir()
    return {i.label for i in result.items}  # type: ignore[union-attr]


async def test_master_cf_completion_and_sibling_context(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "main.cf").write_text("mua_client_restrictions = permit_sasl_authenticated\n")
    text = (
        "submission inet n - n - - smtpd\n"
        "  -o smtpd_client_restrictions=$mua_client_restrictions\n  -o smtpd_tls_s"
    )
    uri = _open(client, tmp_path / "master.cf", text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    # The sibling main.cf defines the name, so no PL404 for the reference.
    assert "PL404" not in {d.code for d in client.diagnostics[uri]}
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(2, 15))
    )
    assert "smtpd_tls_security_level" in {i.label for i in result.items}  # type: ignore


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(p: types.Position) -> int:
        return starts[p.line] + p.character if p.line < len(starts) else len(text)

    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


pytestmark = pytest.mark.asyncio


HOVER_MAIN = (
    "compatibility_level = 0\n"
    "myhostname = mail.example.com\n"
    "relayhost = [old.example.com]\n"
    "relayhost = [$myhostname]:587\n"
    "smtpd_tls_security_level = may\n"
    "utf8_note = $smtputf8_enable\n"
)
HOVER_MASTER = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "submission inet n       -       y       -       -       smtpd\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "  -o syslog_name=postfix/$service_name\n"
)


async def _open_and_lint(client: LanguageClient, path: Path, text: str) -> str:
    uri = _open(client, path, text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def test_hover_shows_effective_value_and_origin(  # as `postlint explain` derives it
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "master.cf").write_text(HOVER_MASTER)
    uri = await _open_and_lint(client, tmp_path / "main.cf", HOVER_MAIN)

    # The earlier duplicate: the hover tells the value of the last line, expanded.
    text = await _hover(client, uri, 2, 3)
    assert "Effective value: `[mail.example.com]:587`" in text
    assert r"From: main.cf\:4" in text  # Markdown: a ':' escaped (no autolink)

    # A default chosen by compatibility_level (smtputf8_enable is "no" below level 1).
    text = await _hover(client, uri, 5, 16)
    assert "Effective value: `no`" in text
    assert "Default chosen by compatibility_level 0 (changes at 1)" in text

    master_uri = await _open_and_lint(client, tmp_path / "master.cf", HOVER_MASTER)
    text = await _hover(client, master_uri, 3, 8)
    assert "Effective value for submission/inet: `postfix/submission`" in text
    assert r"From: -o in master.cf\:4 \(submission/inet\)" in text
    assert "No effect" not in text


async def test_hover_says_when_the_service_s_program_never_reads_the_o(
    client: LanguageClient, tmp_path: Path
) -> None:
    master = "relay     unix  -       -       n       -       -       smtp\n  -o relayhost=[x]\n"
    (tmp_path / "main.cf").write_text("myhostname = mail.example.com\n")
    master_uri = await _open_and_lint(client, tmp_path / "master.cf", master)
    assert "PL202" in {d.code for d in client.diagnostics[master_uri]}
    # PL202's finding covers the -o; the hover still tells the value (docs/explain.md).
    text = await _hover(client, master_uri, 1, 6)
    assert "Effective value for relay/unix: `[x]`" in text
    assert "No effect for relay/unix: smtp never reads it, only trivial-rewrite does" in text
    assert "**PL202 " in text


def _covers(span: types.Range, line: int, character: int) -> bool:
    start, end = span.start, span.end
    return (start.line, start.character) <= (line, character) < (end.line, end.character)


async def test_hover_on_a_name_with_findings_shows_the_parameter_and_each_rule(
    client: LanguageClient, tmp_path: Path
) -> None:
    # Findings on a main.cf line cover its name: the parameter's own hover (deprecated,
    # replacement, effective value) must not give way to the first rule's docs.
    main = "smtpd_tls_security_level = may\nsmtpd_use_tls = yes\n"
    uri = await _open_and_lint(client, tmp_path / "main.cf", main)
    codes = {d.code for d in client.diagnostics[uri] if _covers(d.range, 0, 3)}
    assert {"PL201", "PL105"} <= codes
    text = await _hover(client, uri, 1, 3)
    assert text.startswith("**smtpd_use_tls**")
    assert "deprecated since" in text and "smtpd_tls_security_level" in text
    assert "Effective value: `yes`" in text
    assert "**PL301 legacy-tls-switches**" in text
    # Every rule with a finding under the cursor, each once, after the parameter.
    text = await _hover(client, uri, 0, 3)
    assert text.startswith("**smtpd_tls_security_level**")
    for code in codes:
        assert text.count(f"**{code} ") == 1, code
