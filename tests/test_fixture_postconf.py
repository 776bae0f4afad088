"""Each fixture's fixed files (its files with the snapshot's diff applied), checked with the
real postconf: the effective values change as the fixes declare, no new warnings appear, and
the rule has nothing left to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import check_declared_changes, postconf_available, prepare

from postlint.files import encode
from postlint.snapshots import input_texts
from postlint.testing import expected_fixed, fixture_cases, run_case

pytestmark = pytest.mark.skipif(not postconf_available(), reason="needs Postfix's postconf")
FIXTURES = Path(__file__).parent / "fixtures"
FIXED = [(code, case) for code, case in fixture_cases(FIXTURES) if expected_fixed(case)]


@pytest.mark.parametrize(("code", "case"), FIXED, ids=lambda v: v if isinstance(v, str) else v.name)
def test_fixed_fixture_under_postconf(code: str, case: Path, tmp_path: Path) -> None:
    result = run_case(case, code)
    fixed = expected_fixed(case)
    before = prepare(case, tmp_path / "before")
    after = tmp_path / "after"
    after.mkdir()
    for name in ("main.cf", "master.cf"):
        if name in fixed:
            (after / name).write_bytes(encode(fixed[name]))
        elif (before / name).exists():
            (after / name).write_bytes((before / name).read_bytes())
    prepare(after, after)
    declared: dict[str, str | None] = {}
    for d in result.diagnostics:
        if d.fix is not None and d.code == code:
            declared.update(d.fix.changes)
    check_declared_changes(before, after, declared)

    # The fixed files have nothing left for this rule to fix.
    again = run_case(case, code, {**input_texts(case), **fixed})
    assert not [d for d in again.diagnostics if d.code == code and d.fix is not None]
