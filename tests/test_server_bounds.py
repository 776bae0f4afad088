"""The language server lints with the same bounded expansion as the CLI (issue 14 item 4)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient
from test_server import _open

DOUBLING = "".join(f"x{i} = $x{i + 1} $x{i + 1}\n" for i in range(30)) + "myhostname = $x0\n"


async def test_doubling_chain_gives_diagnostics_not_a_hang(
    client: LanguageClient,
    tmp_path: Path,
) -> None:
    uri = _open(client, tmp_path / "main.cf", DOUBLING)
    # Before the bound, the server spun on 2**30 copies of x30 and never answered.
    published = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    await asyncio.wait_for(published, timeout=120)
    sizes = [
        d
        for d in client.diagnostics[uri]
        if d.code == "PL409" and "unreasonable macro expansion size" in d.message
    ]
    assert sizes and sizes[-1].range.start.line == 30
