"""Run the real postconf (the test oracle) and postlint show on the same config directory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tools import require_system_tool

OLD_MTIME = 946684800  # 2000-01-01: postconf re-reads files modified within the current second
PINNED = {
    "myhostname": "mail.example.com",
    "mynetworks": "127.0.0.0/8 [::1]/128",
}
FLAG_SETS = (("-n",), ("-M",), ("-P",), ("-n", "-x"))


def postconf() -> str:
    """The real postconf's path; a test without it skips (developer machine) or fails (CI)."""
    return require_system_tool("postconf")


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
        [postconf(), "-c", str(directory), *flags], capture_output=True, timeout=60
    )


def run_show(
    directory: Path, flags: tuple[str, ...], version: str = "3.7.11"
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


def settings(directory: Path, flag: str) -> dict[str, str]:
    """postconf -n or -P output as a dict (config_directory, the -c path, left out)."""
    out = run_postconf(directory, (flag,)).stdout.decode("utf-8", "surrogateescape")
    found = dict(
        line.split(" = ", 1) if " = " in line else (line.rstrip(" ="), "")
        for line in out.splitlines()
    )
    found.pop("config_directory", None)
    return found


def warnings(directory: Path) -> set[str]:
    """postconf's warnings for -n and -M, with line numbers and the directory masked."""
    return postconf_state(directory)[1]


def postconf_state(directory: Path) -> tuple[bool, set[str]]:
    """Whether postconf -n and -M both succeed, and their warnings (masked as above).

    One call per flag: postconf sleeps a second before it exits with a fatal error.
    """
    found = set()
    ok = True
    for flag in ("-n", "-M"):
        result = run_postconf(directory, (flag,))
        if result.returncode != 0:
            ok = False
        err = result.stderr.decode("utf-8", "surrogateescape")
        found |= {
            re.sub(r"line \d+", "line N", w).replace(str(directory), "DIR")
            for w in err.splitlines()
            if not MACHINE_DEPENDENT.search(w)
        }
        if not ok:
            break  # -M would stop at the same fatal error
    return ok, found


# postconf opening database client files named in the config: about this machine's files.
MACHINE_DEPENDENT = re.compile(r'open "\w+" configuration')


def check_declared_changes(before: Path, after: Path, declared: dict[str, str | None]) -> None:
    """postconf's -n and -P views differ only where a fix declared a change, as declared;
    -M differs only in services whose -o a fix changed; no new warnings."""
    from postlint.postfix.show import normalise_line

    # "name/type/param" is an -o change, "name/type" a change to the entry's fields.
    services = {"/".join(name.split("/")[:2]) for name in declared if name.count("/") in (1, 2)}
    for flag in ("-n", "-P"):
        old, new = settings(before, flag), settings(after, flag)
        for name in set(old) | set(new):
            if old.get(name) != new.get(name):
                assert name in declared, f"{name} changed ({flag}) but no fix declared it"
        for name, value in declared.items():
            if name.count("/") != (2 if flag == "-P" else 0):
                continue  # "service/type" entry changes are checked against -M below
            expected = None if value is None else normalise_line(value).strip()
            assert new.get(name) == expected, (flag, name, new.get(name), expected)
    old_m = run_postconf(before, ("-M",)).stdout.decode("utf-8", "surrogateescape").splitlines()
    new_m = run_postconf(after, ("-M",)).stdout.decode("utf-8", "surrogateescape").splitlines()
    keep = [line for line in old_m if "/".join(line.split()[:2]) not in services]
    assert [line for line in new_m if "/".join(line.split()[:2]) not in services] == keep
    assert warnings(after) <= warnings(before)
