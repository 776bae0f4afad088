"""Convert rule fixtures from the old layout (expected.txt + whole fixed/ copies) to snapshots.

A snapshot is expected.txt with the findings and the fix as a unified diff (see
src/postlint/snapshots.py). The diff is computed from each case's own files (input against
fixed/), never by running postlint, so the reviewed expectations are kept. Cases without a
fixed/ folder are already in the new layout and stay byte for byte as they are, so running
the script again (after merging branches that still add old-layout cases) is safe. After a
merge it also settles an expected.txt with conflict markers between a snapshot and an
old-layout findings list ("merged": review those cases).

Usage: .venv/bin/python scripts/convert_fixture_snapshots.py [FIXTURES_DIR ...]
(default: tests/fixtures)
"""

from __future__ import annotations

import sys
from pathlib import Path

from postlint.snapshot_migration import convert_case
from postlint.snapshots import SnapshotError

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [REPO / "tests" / "fixtures"]
    status = 0
    for root in roots:
        if not root.is_dir():
            print(f"{root}: not a directory", file=sys.stderr)
            return 2
        for case in sorted(p for p in root.glob("*/*") if p.is_dir()):
            try:
                done = convert_case(case)
                if done is not None:
                    print(f"{done} {case.relative_to(root)}")
            except (SnapshotError, OSError) as error:
                print(f"{case.relative_to(root)}: {error}", file=sys.stderr)
                status = 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
