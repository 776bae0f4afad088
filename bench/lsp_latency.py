"""Language server latency: a one-character edit until the new diagnostics.

First the re-lint itself, in process, after typing one character in the middle of the file
(issue 19 targets: under 20 ms at 1,000 lines, under 50 ms at 10,000), on a typical file
(mostly comments, a few dozen settings) and on a dense one (a finding on most lines), next to
a lint of the same text from scratch in the same run: the ratio is what keeping the last
parse (the incremental parser) saves.

Then the same edits end to end, over stdio against a real `postlint server`: the client sends
the character as an editor does (an incremental didChange in the middle of the file) and
waits for the publishDiagnostics of that version. The figure is the median over N edits,
with the typing pause off (debounce 0: lint plus transport) and, on the dense 1,000-line
file, on (what a user waits), with its ratio to a cheap request (hover on a comment line)
answered by the same server in the same run.

Next to each median, the server's own CPU time per edit (Linux: /proc), which a machine
shared with other work disturbs less than wall time.

The client is a minimal JSON-RPC reader (json.loads, as an editor's own JSON decoder), not
pygls's LanguageClient: turning thousands of diagnostics into lsprotocol objects with cattrs
takes the client longer than the server takes to lint, and an editor does no such thing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workloads import large_main_cf, typical_main_cf

from postlint.server.engine import Document, ServerEngine

CHANGES = int(os.environ.get("BENCH_CHANGES", "30"))
WORKLOADS: dict[str, Callable[[int], str]] = {"typical": typical_main_cf, "dense": large_main_cf}


class Client:
    """Just enough of an LSP client: requests, notifications, and publishDiagnostics with
    the time their last byte arrived."""

    async def start(self, debounce_ms: int) -> None:
        env = {**os.environ, "POSTLINT_LSP_DEBOUNCE_MS": str(debounce_ms)}
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "postlint",
            "server",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
            limit=1 << 26,
        )
        self.next_id = 0
        self.replies: dict[int, asyncio.Future[Any]] = {}
        self.published: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())
        await self.request("initialize", {"processId": None, "capabilities": {}})
        self.notify("initialized", {})

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        await self.process.wait()
        await self.reader

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    async def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        reply = self.replies[self.next_id] = asyncio.get_running_loop().create_future()
        self._send({"id": self.next_id, "method": method, "params": params})
        return await reply

    async def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (header := await stream.readline()) not in (b"\r\n", b""):
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":")[1])
            if not header:
                return
            body = await stream.readexactly(length)
            arrived = time.perf_counter()
            message = json.loads(body)
            if "method" not in message:
                self.replies.pop(message["id"]).set_result(message.get("result"))
            elif message["method"] == "textDocument/publishDiagnostics":
                self.published.put_nowait((arrived, message["params"]))

    def cpu_seconds(self) -> float | None:
        """The server's CPU time so far (user + system), where /proc tells it."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def diagnostics(self, version: int) -> tuple[float, int]:
        """When the diagnostics of this version arrived, and how many there were."""
        while True:
            arrived, params = await self.published.get()
            if params.get("version") == version:
                return arrived, len(params["diagnostics"])


async def over_protocol(text: str, debounce_ms: int) -> tuple[float, float, int, float | None]:
    """Median didChange -> publishDiagnostics, median hover round trip, findings, and the
    server's mean CPU time per edit."""
    client = Client()
    await client.start(debounce_ms)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "main.cf"
        path.write_text(text)
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "postfix", "version": 1, "text": text}
        client.notify("textDocument/didOpen", {"textDocument": item})
        await client.diagnostics(1)
        middle = {"line": text.count("\n") // 2, "character": 0}
        latencies = []
        findings = 0
        cpu_before = client.cpu_seconds()
        for version in range(2, CHANGES + 2):
            change = {"range": {"start": middle, "end": middle}, "text": "x#"[version % 2]}
            start = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            arrived, findings = await client.diagnostics(version)
            latencies.append(arrived - start)
        cpu_after = client.cpu_seconds()
        cpu = None
        if cpu_before is not None and cpu_after is not None:
            cpu = (cpu_after - cpu_before) / CHANGES
        hovers = []
        for _ in range(CHANGES):
            start = time.perf_counter()
            position = {"line": 0, "character": 1}
            await client.request(
                "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
            )
            hovers.append(time.perf_counter() - start)
    await client.stop()
    return statistics.median(latencies), statistics.median(hovers), findings, cpu


def relint_in_process(text: str) -> tuple[float, float, int]:
    """Median time of the server engine's re-lint after typing one character in the middle
    of the file (no transport), the median of a lint of the same texts from scratch (no
    earlier parse or findings to keep: the baseline of the same run), and the number of
    findings."""
    engine, fresh = ServerEngine(), ServerEngine()
    middle = text.index("\n", len(text) // 2) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "main.cf"
        engine.lint(Document(path, text), {})
        times, scratch = [], []
        findings = 0
        for version in range(CHANGES):
            text = text[:middle] + "x#"[version % 2] + text[middle:]
            start = time.perf_counter()
            _unit, diagnostics = engine.lint(Document(path, text), {})
            times.append(time.perf_counter() - start)
            findings = len(diagnostics)
            start = time.perf_counter()
            fresh.lint(Document(path, text), {})
            scratch.append(time.perf_counter() - start)
            fresh.forget(path)
    return statistics.median(times), statistics.median(scratch), findings


def main() -> int:
    for lines in (1000, 10_000):
        for name, make in WORKLOADS.items():
            seconds, scratch, findings = relint_in_process(make(lines))
            print(
                f"1-char edit, re-lint in the server engine, {name} {lines}-line main.cf "
                f"({findings} findings): median {seconds * 1000:.1f} ms; from scratch "
                f"{scratch * 1000:.1f} ms; ratio {seconds / scratch:.2f}x"
            )
    cases = [(1000, name, 0) for name in WORKLOADS]
    cases += [(10_000, name, 0) for name in WORKLOADS]
    cases.append((1000, "dense", 150))
    for lines, name, debounce in cases:
        change, hover, findings, cpu = asyncio.run(over_protocol(WORKLOADS[name](lines), debounce))
        server_cpu = f" (server CPU {cpu * 1000:.1f} ms per edit)" if cpu is not None else ""
        print(
            f"debounce {debounce:3d} ms, {name} {lines}-line main.cf ({findings} findings): "
            f"didChange -> publishDiagnostics median {change * 1000:.1f} ms{server_cpu}; "
            f"hover round trip {hover * 1000:.1f} ms; ratio {change / hover:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
