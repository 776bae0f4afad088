"""The server's life with a real client: a slow lint does not stop it answering, bad requests
and requests after shutdown get errors, and `exit` ends the process with the right code."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcInvalidRequest
from pytest_lsp import LanguageClient, make_test_lsp_client

# Bounds for a reply that, before the fix, never came (the test fails instead of hanging).
NO_REPLY = 60

# A third-party plugin, registered through the entry point group as any would be, whose rule
# stays busy (holding the GIL like a pathological config does) until the test releases it.
SLOW_PLUGIN = '''
import os
from pathlib import Path

from postlint.api import Rule, Span, hookimpl


class Slow(Rule):
    """Lints slowly."""

    code = "ZZ901"
    name = "slow-lint"
    family = "test"

    def check(self, ctx):
        if ctx.main is None or "slow_lint_marker" not in ctx.main.text:
            return
        release = Path(os.environ["SLOW_LINT_RELEASE"])
        Path(os.environ["SLOW_LINT_STARTED"]).touch()
        while not release.exists():
            sum(range(20000))
        yield ctx.diagnostic(ctx.main, Span(0, 0), "the slow lint finished")


@hookimpl
def postlint_rules():
    return [Slow]
'''
SLOW_TEXT = "# slow_lint_marker\nsmtpd_use_tls = yes\n"


@asynccontextmanager
async def session(tmp_path: Path, *, slow: bool = False) -> AsyncIterator[LanguageClient]:
    env = dict(os.environ)
    if slow:
        site = tmp_path / "site"
        dist = site / "slow_lint_plugin-1.0.dist-info"
        dist.mkdir(parents=True)
        (site / "slow_lint_plugin.py").write_text(SLOW_PLUGIN)
        (dist / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: slow-lint-plugin\nVersion: 1.0\n"
        )
        (dist / "entry_points.txt").write_text("[postlint]\nslow = slow_lint_plugin\n")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
        env["SLOW_LINT_RELEASE"] = str(tmp_path / "release")
        env["SLOW_LINT_STARTED"] = str(tmp_path / "started")
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "postlint", "server", env=env)
    try:
        await client.initialize_session(
            types.InitializeParams(capabilities=types.ClientCapabilities())
        )
        yield client
    finally:
        (tmp_path / "release").touch()
        server = client._server
        if server is not None and server.returncode is None:
            server.kill()
        await client.stop()


def _open(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(path.as_uri(), "postfix", 1, text))
    )
    return path.as_uri()


async def _slow_lint_started(tmp_path: Path) -> None:
    async def poll() -> None:
        while not (tmp_path / "started").exists():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), NO_REPLY)


async def _exit_code(client: LanguageClient) -> int:
    client.exit(None)
    assert client._server is not None
    return await asyncio.wait_for(client._server.wait(), NO_REPLY)


async def test_hover_answers_and_stale_findings_are_dropped_while_a_slow_lint_runs(
    tmp_path: Path,
) -> None:
    async with session(tmp_path, slow=True) as client:
        uri = _open(client, tmp_path / "main.cf", SLOW_TEXT)
        await _slow_lint_started(tmp_path)
        # Edited while the lint of version 1 runs: its findings must never reach the client.
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=2, uri=uri),
                [types.TextDocumentContentChangeWholeDocument("smtpd_use_tls = yes\n")],
            )
        )
        # The reply also shows the server has taken the edit (messages are handled in order).
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
            ),
            NO_REPLY,
        )
        assert hover is not None and "smtpd_use_tls" in hover.contents.value  # type: ignore[union-attr]
        published = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        (tmp_path / "release").touch()
        first = await asyncio.wait_for(published, NO_REPLY)
        assert first.version == 2
        assert "PL301" in {d.code for d in first.diagnostics}
        assert "ZZ901" not in {d.code for d in first.diagnostics}


async def test_shutdown_and_exit_answer_while_a_slow_lint_runs(tmp_path: Path) -> None:
    async with session(tmp_path, slow=True) as client:
        _open(client, tmp_path / "main.cf", SLOW_TEXT)
        await _slow_lint_started(tmp_path)
        await asyncio.wait_for(client.shutdown_async(None), NO_REPLY)
        assert await _exit_code(client) == 0


async def test_invalid_params_get_an_error_reply(tmp_path: Path) -> None:
    async with session(tmp_path) as client:
        uri = _open(client, tmp_path / "main.cf", "smtpd_use_tls = yes\n")
        # A negative line is no LSP position (uinteger); lsprotocol would refuse to build it,
        # so it is set behind the validator's back, as a foreign client could send it.
        negative = types.Position(0, 3)
        object.__setattr__(negative, "line", -1)
        request = client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), negative)
        )
        with pytest.raises(JsonRpcInvalidParams):
            await asyncio.wait_for(request, NO_REPLY)
        # The server still works.
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
            ),
            NO_REPLY,
        )
        assert hover is not None


async def test_requests_after_shutdown_are_invalid_and_exit_then_succeeds(
    tmp_path: Path,
) -> None:
    async with session(tmp_path) as client:
        uri = _open(client, tmp_path / "main.cf", "smtpd_use_tls = yes\n")
        await asyncio.wait_for(client.shutdown_async(None), NO_REPLY)
        with pytest.raises(JsonRpcInvalidRequest):
            await asyncio.wait_for(
                client.text_document_hover_async(
                    types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
                ),
                NO_REPLY,
            )
        assert await _exit_code(client) == 0


async def test_exit_without_shutdown_exits_with_1(tmp_path: Path) -> None:
    async with session(tmp_path) as client:
        assert await _exit_code(client) == 1


pytestmark = pytest.mark.asyncio
