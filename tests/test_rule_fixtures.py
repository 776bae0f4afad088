"""Every rule's fixture cases against their snapshots: bad (findings and fix diff), good (none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.testing import check_case, fixture_cases

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("code", "case"), fixture_cases(FIXTURES), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_fixture(code: str, case: Path) -> None:
    check_case(case, code)
