"""Turning old-layout fixture cases (whole copies of the fixed files in `fixed/`) into
snapshots, from the case's own files: never from what postlint does today, so a reviewed
expectation stays the reviewed expectation.

Old-layout cases keep arriving from branches written before snapshots, so this also settles
the two ways a merge leaves a case: `fixed/` brought back next to a snapshot (its diff is
taken from `fixed/`), and an expected.txt with conflict markers between a snapshot and an
old-layout findings list (the findings of the old-layout side, which changed them, and the
diff of the snapshot side).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from postlint.files import decode
from postlint.snapshots import (
    EXPECTED,
    FILE_NAMES,
    OLD_FIXED_DIR,
    Snapshot,
    SnapshotError,
    file_diff,
    input_texts,
    read,
    write,
)

_MARKERS = ("<<<<<<< ", "||||||| ", "=======", ">>>>>>> ")


def convert_case(case: Path) -> str | None:
    """Bring one case to the snapshot layout; what was done ("converted", "merged"), or
    None for a case already in it (left byte for byte as it is)."""
    text = read(case)
    merged = _has_conflict(text)
    snapshot = _resolve_conflict(case, text) if merged else Snapshot.parse(text)
    fixed_dir = case / OLD_FIXED_DIR
    if fixed_dir.is_dir():
        snapshot = Snapshot(snapshot.findings, file_diff(input_texts(case), _fixed(fixed_dir)))
    elif not merged:
        return None
    write(case, snapshot)
    shutil.rmtree(fixed_dir, ignore_errors=True)
    return "merged" if merged else "converted"


def _fixed(fixed_dir: Path) -> dict[str, str]:
    fixed = {}
    for path in sorted(fixed_dir.iterdir()):
        if path.name not in FILE_NAMES or not path.is_file() or path.is_symlink():
            raise SnapshotError(f"{path}: only regular main.cf and master.cf belong in fixed/")
        fixed[path.name] = decode(path.read_bytes())
    return fixed


def _has_conflict(text: str) -> bool:
    return any(line.startswith(_MARKERS[0]) for line in text.split("\n"))


def _resolve_conflict(case: Path, text: str) -> Snapshot:
    ours: list[str] = []
    theirs: list[str] = []
    side: str | None = None
    for line in text.splitlines(keepends=True):
        marker = next((m for m in _MARKERS if line.startswith(m)), None)
        if marker is not None:
            side = {"<<<<<<< ": "ours", "||||||| ": "base", "=======": "theirs"}.get(marker)
            continue
        if side in (None, "ours"):
            ours.append(line)
        if side in (None, "theirs"):
            theirs.append(line)
    a, b = Snapshot.parse("".join(ours)), Snapshot.parse("".join(theirs))
    if bool(a.diff) == bool(b.diff):
        raise SnapshotError(f"{case / EXPECTED}: merge conflict to resolve by hand")
    new, old = (a, b) if a.diff else (b, a)
    return Snapshot(old.findings, new.diff)
