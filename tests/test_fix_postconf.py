"""Every fix, safe or unsafe, leaves a configuration that the real postconf accepts with no
new warning or fatal error, and that postlint lints with no new error, at three targets
(the corpus and generated configurations).

The corpus is fixed once per target in memory; only the files postconf reads are written,
with an old mtime (postconf waits a second for files changed within the current second).
"""

from __future__ import annotations

import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import corpus_dirs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import OLD_MTIME, postconf_state, prepare
from policy import generated_units

from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.fixes import FixOutcome, fix_unit
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit, build_units, expand_paths
from postlint.files import encode
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.versions import Version

REGISTRY = Registry(load_plugins().rules)
LINTER = Linter(REGISTRY, builtin_catalogue())
ALL = frozenset(REGISTRY.select(["ALL"], (), ()))
TARGETS = (Version(3, 4), Version(3, 7), Version(3, 11))
MODES = {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE}


def _unit(directory: Path) -> LintUnit:
    units = build_units(expand_paths([str(directory)]))
    assert len(units) == 1
    return units[0]


@cache
def _fixed(directory: Path, version: Version, mode: str) -> tuple[list[Diagnostic], FixOutcome]:
    """The first lint's findings and the fix outcome (memoised: both tests use them)."""
    unit = _unit(directory)
    options = RunOptions(version, ALL)
    return LINTER.lint(unit, options), fix_unit(LINTER, unit, options, MODES[mode])


def _new_errors(before: list[Diagnostic], after: list[Diagnostic]) -> list[str]:
    """Errors after the fixes that were not there before, as "CODE service".

    An error is the same one when its code and service match one from before (each
    counted once), or when a finding about one service repeats a main.cf-level finding of
    the same code from before: a rule that reported "outbound mail is sent without TLS"
    (or "a/inet, b/inet offer TLS but ...") for main.cf reports a service at its own `-o`
    line once a fix wrote an exact `-o` there, and the service had that problem before.
    """
    errors = [d for d in before if d.severity is Severity.ERROR]
    left = Counter((d.code, d.service) for d in errors)
    new = []
    for d in after:
        if d.severity is not Severity.ERROR:
            continue
        if left[(d.code, d.service)] > 0:
            left[(d.code, d.service)] -= 1
        elif d.service is None or not any(
            b.code == d.code and (b.service is None or d.service in b.message) for b in errors
        ):
            new.append(f"{d.code} {d.service or ''}".strip())
    return new


@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_fixed_config_has_no_new_postlint_error(directory: Path) -> None:
    for version in TARGETS:
        before, outcome = _fixed(directory, version, "unsafe")
        new = _new_errors(before, outcome.remaining)
        fixes = sorted({d.code for d in outcome.fixed})
        assert not new, f"Postfix {version}: new errors {new} after fixes {fixes}"


@pytest.mark.usefixtures("needs_postconf")
@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_postconf_accepts_every_fix(directory: Path, tmp_path: Path) -> None:
    """The real postconf, on the fixes made for each of the three targets.

    Only the distribution's Postfix is installed, so one postconf reads what postlint wrote
    for 3.4, 3.7 and 3.11: a fix for any target must not make it fail or warn anew (a fix
    that used a name newer than the installed release would show here as a new warning).
    """
    before_ok, before_warnings = postconf_state(prepare(directory, tmp_path / "before"))
    if not before_ok:
        return  # postconf stops at the first fatal error: there is nothing to compare
    for version in TARGETS:
        for mode in MODES:
            _first, outcome = _fixed(directory, version, mode)
            after = prepare(directory, tmp_path / f"{version}-{mode}")
            for kind, text in outcome.changed_texts().items():
                target = after / f"{kind.value}.cf"
                target.write_bytes(encode(text))
                # Old mtimes again, or postconf waits a second per call.
                os.utime(target, (OLD_MTIME, OLD_MTIME))
            after_ok, after_warnings = postconf_state(after)
            fixes = sorted({d.code for d in outcome.fixed})
            assert after_ok, f"Postfix {version}, {mode} fixes {fixes}: postconf now fails"
            new = after_warnings - before_warnings
            assert not new, f"Postfix {version}, {mode} fixes {fixes}: new warnings {sorted(new)}"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=generated_units(), version=st.sampled_from(TARGETS))
def test_generated_config_gets_no_new_postlint_error(unit: LintUnit, version: Version) -> None:
    """Configurations made of lines that rules fix (a legacy switch, `use_transport_maps`
    that a rename would turn into a table parameter ...), with every fix applied."""
    options = RunOptions(version, ALL)
    before = LINTER.lint(unit, options)
    outcome = fix_unit(LINTER, unit, options, Applicability.UNSAFE)
    new = _new_errors(before, outcome.remaining)
    assert not new, f"new errors {new} after {sorted({d.code for d in outcome.fixed})}"
