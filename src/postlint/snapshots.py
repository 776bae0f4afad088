"""The fixture snapshot format: a case's findings and its fix as a unified diff, in one file.

`expected.txt` holds one `file:line:col: CODE message` line per finding, then (when the fix
changes a file) a blank line and the fix as `postlint --diff` prints it, with three lines of
context and `a/` `b/` paths relative to the case folder. Control characters in the diff are
shown as Unicode control pictures (a CR as `␍`, a NUL as `␀`) so the file stays plain text.

The old layout kept whole copies of the fixed files in `fixed/`; snapshot_migration.py
turns such cases into snapshots.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import attrs

from postlint.engine.fixes import patch_lines, unified_diff
from postlint.files import decode, encode

EXPECTED = "expected.txt"
OLD_FIXED_DIR = "fixed"
FILE_NAMES = ("main.cf", "master.cf")

# Every C0 control but TAB and LF, and DEL, as its Unicode control picture (U+2400 block).
_PICTURE = {chr(c): chr(0x2400 + c) for c in range(32) if c not in (9, 10)} | {"\x7f": "\u2421"}
_CONTROL = {picture: char for char, picture in _PICTURE.items()}
_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class SnapshotError(Exception):
    """A snapshot that cannot be written or does not fit its case's files."""


def escape(text: str) -> str:
    if any(picture in text for picture in _CONTROL):
        raise SnapshotError("the text already holds Unicode control pictures (U+2400 block)")
    return text.translate(str.maketrans(_PICTURE))


def unescape(text: str) -> str:
    return text.translate(str.maketrans(_CONTROL))


@attrs.frozen
class Snapshot:
    findings: list[str]
    diff: str  # escaped, as stored; "" when the fix changes nothing

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        head, sep, tail = text.partition("\n--- ")
        if text.startswith("--- "):
            head, sep, tail = "", "", text
        findings = [line for line in head.split("\n") if line]
        return cls(findings, ("--- " if sep else "") + tail)

    def render(self) -> str:
        text = "".join(f"{finding}\n" for finding in self.findings)
        if self.diff:
            text += ("\n" if text else "") + self.diff
        return text


def file_diff(before: Mapping[str, str | None], after: Mapping[str, str]) -> str:
    """The escaped diff from `before` to `after` (file name -> text; only changed files)."""
    parts = []
    for name in FILE_NAMES:
        old, new = before.get(name), after.get(name)
        if new is None or new == old:
            continue
        if old is None:
            raise SnapshotError(f"{name} is fixed but the case has no {name}")
        parts.append(escape(unified_diff(old, new, name)))
    return "".join(parts)


def apply_diff(before: Mapping[str, str | None], diff: str) -> dict[str, str]:
    """The files the (escaped) diff changes, after applying it; every line must match."""
    fixed: dict[str, str] = {}
    lines = unescape(diff).split("\n")
    i = 0
    while i < len(lines) and lines[i]:
        header = lines[i : i + 2]
        if len(header) < 2 or not (header[0].startswith("--- a/") and header[1][:6] == "+++ b/"):
            raise SnapshotError(f"diff line {i + 1}: expected '--- a/NAME' and '+++ b/NAME'")
        name = lines[i][len("--- a/") :]
        source = before.get(name)
        if source is None or name in fixed:
            raise SnapshotError(f"diff line {i + 1}: no {name} to patch")
        i, fixed[name] = _patch_file(source, lines, i + 2)
    return fixed


def _patch_file(source: str, lines: list[str], i: int) -> tuple[int, str]:
    old = patch_lines(source)
    out: list[str] = []
    pos = 0
    while i < len(lines) and lines[i].startswith("@@"):
        match = _HUNK.match(lines[i])
        if match is None:
            raise SnapshotError(f"diff line {i + 1}: bad hunk header")
        start, length, new_length = int(match[1]), int(match[2] or 1), int(match[4] or 1)
        hunk, i = _hunk_lines(lines, i + 1, length, new_length)
        at = start - 1 if length else start
        if at < pos or at > len(old):
            raise SnapshotError(f"hunk at line {start} does not fit the file")
        out.extend(old[pos:at])
        pos = at
        for tag, content in hunk:
            if tag in " -":
                if pos >= len(old) or old[pos] != content:
                    raise SnapshotError(f"hunk at line {start} does not apply at line {pos + 1}")
                pos += 1
            if tag in " +":
                out.append(content)
    out.extend(old[pos:])
    return i, "".join(out)


def _hunk_lines(
    lines: list[str], i: int, old_count: int, new_count: int
) -> tuple[list[tuple[str, str]], int]:
    """The hunk's (tag, line) pairs, read by its header's counts (a removed `-- a/x` line
    would look like the next file's header)."""
    hunk: list[tuple[str, str]] = []
    while old_count or new_count or (i < len(lines) and lines[i].startswith("\\")):
        line = lines[i] if i < len(lines) else ""
        tag = line[:1]
        if tag == "\\" and hunk:  # "\ No newline at end of file": the line before has none
            hunk[-1] = (hunk[-1][0], hunk[-1][1][:-1])
        elif tag in (" ", "-", "+") and (tag == "+" or old_count) and (tag == "-" or new_count):
            old_count -= tag in " -"
            new_count -= tag in " +"
            hunk.append((tag, line[1:] + "\n"))
        else:
            raise SnapshotError(f"diff line {i + 1}: the hunk ends before its header says")
        i += 1
    return hunk, i


def read(case: Path) -> str:
    path = case / EXPECTED
    return decode(path.read_bytes()) if path.exists() else ""


def write(case: Path, snapshot: Snapshot) -> None:
    (case / EXPECTED).write_bytes(encode(snapshot.render()))


def input_texts(case: Path) -> dict[str, str | None]:
    return {
        name: decode((case / name).read_bytes()) if (case / name).exists() else None
        for name in FILE_NAMES
    }
