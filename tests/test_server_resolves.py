"""A fix that one finding carries for several (Fix.resolves) is offered on each of them.

Past ten typos in one list PL423 puts the list's fix on the first finding only, and PL514
puts a service's fix on its first mistyped option: the editor offered the other findings
only "Ignore", though the fix repairs them too. Each is offered the carrying fix, listed
once per request however many of its findings the client asks about (up to ten typos,
each finding carried the same fix, and a request about all of them listed it each time)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_server import _open_and_lint, apply


def _typos(count: int) -> str:
    """A list of `count` mistyped tables, one a line."""
    return "virtual_alias_maps = hahs:/etc/postfix/v0\n" + "".join(
        f"    hahs:/etc/postfix/v{i}\n" for i in range(1, count)
    )


MASTER_DASHES = (
    "submission inet n - n - - smtpd\n"
    "  \u2013o smtpd_tls_security_level=encrypt\n"
    "  \u2013o smtpd_sasl_auth_enable=yes\n"
)
MAIN = "myhostname = mail.example.com\n"


async def _actions(
    client: LanguageClient, uri: str, asked: list[types.Diagnostic]
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(asked[0].range.start, asked[-1].range.end),
            context=types.CodeActionContext(
                diagnostics=asked, only=[types.CodeActionKind.QuickFix]
            ),
        )
    )
    assert found is not None
    return [a for a in found if isinstance(a, types.CodeAction)]


def _fixes(actions: list[types.CodeAction], code: str) -> list[types.CodeAction]:
    return [a for a in actions if a.title.endswith(f"({code})")]


async def _check(
    client: LanguageClient,
    path: Path,
    text: str,
    code: str,
    count: int,
    repaired: str,
    unsafe: bool,
) -> None:
    """`repaired`: the text once the fix is applied; a safe fix's is in fix-all's text."""
    uri = await _open_and_lint(client, path, text)
    found = [d for d in client.diagnostics[uri] if d.code == code]
    assert len(found) == count
    assert len({d.range.start.line for d in found}) == count  # one a line: asked one by one

    # Each finding, asked about alone, offers the one fix, which repairs every finding.
    offered = []
    for d in found:
        fixes = _fixes(await _actions(client, uri, [d]), code)
        assert len(fixes) == 1, (d.range, [a.title for a in fixes])
        assert fixes[0].title.endswith(f" (unsafe) ({code})") is unsafe
        assert list(fixes[0].diagnostics or ()) == [d]
        assert fixes[0].edit is not None and fixes[0].edit.changes is not None
        offered.append(fixes[0].edit.changes[uri])
    assert all(edits == offered[0] for edits in offered)
    assert apply(text, offered[0]) == repaired

    # Asked about all of them (a range, or Neovim's line), the fix is listed once, with each.
    fixes = _fixes(await _actions(client, uri, found), code)
    assert len(fixes) == 1
    assert list(fixes[0].diagnostics or ()) == found

    # Fix-all applies a safe one once (its edits twice would not give the repaired text).
    if unsafe:
        return
    every = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert every is not None
    (fix_all,) = every
    assert isinstance(fix_all, types.CodeAction)
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert repaired in apply(text, fix_all.edit.changes[uri])


@pytest.mark.parametrize("typos", [3, 12])  # up to ten, each finding carries the fix
async def test_each_typo_of_a_list_offers_the_list_s_fix_once(
    client: LanguageClient, tmp_path: Path, typos: int
) -> None:
    text = _typos(typos)
    repaired = text.replace("hahs:", "hash:")
    await _check(client, tmp_path / "main.cf", text, "PL423", typos, repaired, True)


async def test_each_mistyped_option_offers_the_service_s_fix(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "main.cf").write_text(MAIN)
    repaired = MASTER_DASHES.replace("\u2013o", "-o")
    await _check(client, tmp_path / "master.cf", MASTER_DASHES, "PL514", 2, repaired, False)
