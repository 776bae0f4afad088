"""Each fixture's fixed files, checked with the real postconf: the effective values change as
the fixes declare, no new warnings appear, and the rule has nothing left to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import check_declared_changes, prepare

from postlint.engine.diagnostics import Applicability
from postlint.engine.fixes import eligible
from postlint.files import encode
from postlint.testing import case_settings, expected_fixed, fixture_cases, run_case

pytestmark = pytest.mark.usefixtures("needs_postconf")
FIXTURES = Path(__file__).parent / "fixtures"
FIXED = [(code, case) for code, case in fixture_cases(FIXTURES) if expected_fixed(case)]


@pytest.mark.parametrize(("code", "case"), FIXED, ids=lambda v: v if isinstance(v, str) else v.name)
def test_fixed_fixture_under_postconf(code: str, case: Path, tmp_path: Path) -> None:
    result = run_case(case, code)
    fixed_texts = expected_fixed(case)
    before = prepare(case, tmp_path / "before")
    after = tmp_path / "after"
    after.mkdir()
    for name in ("main.cf", "master.cf"):
        source = before / name
        data = encode(fixed_texts[name]) if name in fixed_texts else source.read_bytes()
        (after / name).write_bytes(data)
    prepare(after, after)
    declared: dict[str, str | None] = {}
    unsafe = case_settings(case).get("unsafe-fixes", False)
    wanted = Applicability.UNSAFE if unsafe else Applicability.SAFE
    for d in result.diagnostics:
        # Only the fixes the case applies (an unsafe one stays unapplied in a safe case).
        if d.code == code and eligible(d, wanted, None):
            assert d.fix is not None
            declared.update(d.fix.changes)
    check_declared_changes(before, after, declared)

    # The fixed files have nothing left for this rule to fix (at the case's applicability).
    fixed_case = tmp_path / "relint"
    fixed_case.mkdir()
    for name in ("main.cf", "master.cf", "case.toml"):
        path = after / name if name != "case.toml" else case / name
        if path.exists() and (name == "case.toml" or (case / name).exists() or name in fixed_texts):
            (fixed_case / name).write_bytes(path.read_bytes())
    again = run_case(fixed_case, code)
    assert not [d for d in again.diagnostics if d.code == code and eligible(d, wanted, None)]
