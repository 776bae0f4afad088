"""Language server latency: a one-character edit until the new diagnostics.

First the re-lint itself, in process, after typing one character in the middle of the file
(issue 19 targets: under 20 ms at 1,000 lines, under 50 ms at 10,000), on a typical file
(mostly comments, a few dozen settings) and on a dense one (a finding on most lines). Then,
over stdio against a real server, the dense 1,000-line file end to end: the median over N
changes, with the typing debounce off (lint plus transport) and on (what a user waits), and
the ratio to a cheap request (hover on a comment line) against the same server.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workloads import large_main_cf, typical_main_cf

from postlint.server.engine import Document, ServerEngine

LINES = 1000
CHANGES = int(os.environ.get("BENCH_CHANGES", "30"))


async def measure(debounce_ms: int) -> tuple[float, float]:
    client = LanguageClient("bench", "1")
    received: asyncio.Queue[float] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        received.put_nowait(time.perf_counter())

    env = {**os.environ, "POSTLINT_LSP_DEBOUNCE_MS": str(debounce_ms)}
    await client.start_io(sys.executable, "-m", "postlint", "server", env=env)
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "main.cf"
        text = "# benchmark\n" + large_main_cf(LINES - 1)
        path.write_text(text)
        uri = path.as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "postfix", 1, text))
        )
        await received.get()
        latencies = []
        for version in range(2, CHANGES + 2):
            edited = text + f"relayhost = [relay{version}.example.net]\n"
            start = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    [types.TextDocumentContentChangeWholeDocument(edited)],
                )
            )
            latencies.append(await received.get() - start)
        hovers = []
        for _ in range(CHANGES):
            start = time.perf_counter()
            await client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 1))
            )
            hovers.append(time.perf_counter() - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return statistics.median(latencies), statistics.median(hovers)


def relint_in_process(text: str) -> tuple[float, int]:
    """Median time of the server engine's re-lint after typing one character in the middle
    of the file (no transport), and the number of findings."""
    engine = ServerEngine()
    middle = text.index("\n", len(text) // 2) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "main.cf"
        engine.lint(Document(path, text), {})
        times = []
        findings = 0
        for version in range(CHANGES):
            text = text[:middle] + "x#"[version % 2] + text[middle:]
            start = time.perf_counter()
            _unit, diagnostics = engine.lint(Document(path, text), {})
            times.append(time.perf_counter() - start)
            findings = len(diagnostics)
    return statistics.median(times), findings


def main() -> int:
    for lines in (1000, 10_000):
        for name, make in (("typical", typical_main_cf), ("dense", large_main_cf)):
            seconds, findings = relint_in_process(make(lines))
            print(
                f"1-char edit, re-lint in the server engine, {name} {lines}-line main.cf "
                f"({findings} findings): median {seconds * 1000:.1f} ms"
            )
    for debounce in (0, 150):
        change, hover = asyncio.run(measure(debounce))
        print(
            f"debounce {debounce:3d} ms: didChange -> publishDiagnostics median "
            f"{change * 1000:.1f} ms on {LINES} lines; hover round trip {hover * 1000:.1f} ms; "
            f"ratio {change / hover:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
