"""Run the real postconf (the test oracle) and postlint show on the same config directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

OLD_MTIME = 946684800  # 2000-01-01: postconf re-reads files modified within the current second
PINNED = {
    "myhostname": "mail.example.com",
    "mydomain": "example.com",
    "mynetworks": "127.0.0.0/8 [::1]/128",
}
FLAG_SETS = (("-n",), ("-M",), ("-P",), ("-n", "-x"))


def postconf_available() -> bool:
    return shutil.which("postconf") is not None


def prepare(source: Path, target: Path, pin_host: bool = False) -> Path:
    """Copy main.cf/master.cf into `target` (empty stand-ins for missing ones), old mtimes."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("main.cf", "master.cf"):
        src = source / name
        data = src.read_bytes() if src.exists() else b""
        if name == "main.cf" and pin_host:
            data = pin_host_values(data)
        (target / name).write_bytes(data)
        os.utime(target / name, (OLD_MTIME, OLD_MTIME))
    return target


def pin_host_values(data: bytes) -> bytes:
    """Append fixed host-dependent values the file does not set itself (for -x)."""
    missing = [n for n in PINNED if not re.search(rb"^" + n.encode() + rb"\s*=", data, re.M)]
    if not missing:
        return data
    tail = b"" if not data or data.endswith(b"\n") else b"\n"
    return data + tail + b"".join(f"{n} = {PINNED[n]}\n".encode() for n in missing)


def run_postconf(directory: Path, flags: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["postconf", "-c", str(directory), *flags], capture_output=True, timeout=60
    )


def run_show(
    directory: Path, flags: tuple[str, ...], version: str = "3.7"
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "postlint",
            "show",
            "-c",
            str(directory),
            *flags,
            "--postfix-version",
            version,
        ],
        capture_output=True,
        timeout=60,
    )


def mask(output: bytes) -> bytes:
    """Hide what differs from run to run: numbers in values that expand $process_id.

    Only lines whose raw value mentions process_id are touched, so a real mismatch
    elsewhere still shows.
    """
    lines = output.split(b"\n")
    return b"\n".join(
        re.sub(rb"\b\d+\b", b"N", line) if _PID_USERS.match(line) else line for line in lines
    )


# debugger_command is the only built-in default that expands $process_id.
_PID_USERS = re.compile(rb"^(debugger_command|process_id|\S*/\S*/debugger_command) = ")
