"""Safe fixes obey the fix-safety policy (docs/fix-safety.md): per rule, over the corpus, and
over generated configurations. The oracle is postlint's own model (tests/policy.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_dirs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy import PolicyCheck, generated_units

from postlint.engine.diagnostics import Applicability, FixAvailability
from postlint.engine.fixes import fix_unit
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit, build_units, expand_paths
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.versions import Version, parse_target
from postlint.testing import case_settings, make_unit

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY = Registry(load_plugins().rules)
LINTER = Linter(REGISTRY, builtin_catalogue())
ALL = frozenset(REGISTRY.select(["ALL"], (), ()))
# The default target (only assumed, as on a command line without --postfix-version), and
# two releases that distributions ship.
TARGETS = ((Version(3, 11), True), (Version(3, 7), False), (Version(3, 4), False))


def _fixing_cases() -> list[tuple[str, Path]]:
    cases = []
    for code, rule in sorted(REGISTRY.rules.items()):
        if rule.fix is FixAvailability.NONE or not (FIXTURES / code).is_dir():
            continue
        cases += [(code, case) for case in sorted((FIXTURES / code).iterdir()) if case.is_dir()]
    return cases


def _violations(
    unit: LintUnit, version: Version, assumed: bool, enabled: frozenset[str] = ALL
) -> list[str]:
    options = RunOptions(version, enabled, version_assumed=assumed)
    outcome = fix_unit(LINTER, unit, options, Applicability.SAFE)
    applied = ", ".join(sorted({d.code for d in outcome.fixed}))
    found = PolicyCheck(unit, outcome.unit, version).violations()
    return [f"{v} (fixes: {applied})" for v in found]


def test_every_rule_with_fixes_has_fixture_cases() -> None:
    codes = {code for code, _case in _fixing_cases()}
    missing = [
        code
        for code, rule in REGISTRY.rules.items()
        if rule.fix is not FixAvailability.NONE and code not in codes and code.startswith("PL")
    ]
    assert not missing


@pytest.mark.parametrize(
    ("code", "case"), _fixing_cases(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_rule_safe_fixes_obey_the_policy(code: str, case: Path) -> None:
    """Each rule's safe fixes on its own fixture cases, with only that rule enabled."""
    version = parse_target(case_settings(case).get("postfix-version", "3.11"))
    unit = make_unit(_read(case / "main.cf"), _read(case / "master.cf"), case)
    enabled = frozenset({code})
    assert _violations(unit, version, False, enabled) == []


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else None


@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_corpus_safe_fixes_obey_the_policy(directory: Path) -> None:
    for unit in build_units(expand_paths([str(directory)])):
        for version, assumed in TARGETS:
            assert _violations(unit, version, assumed) == [], str(version)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=generated_units(), target=st.sampled_from(TARGETS))
def test_generated_safe_fixes_obey_the_policy(unit: LintUnit, target: tuple[Version, bool]) -> None:
    assert _violations(unit, *target) == []
