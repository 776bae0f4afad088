"""Fixture helpers for rule tests, for postlint's own rules and for plugin authors.

A fixture case is a folder with `main.cf` and/or `master.cf`, an optional `case.toml`
(`postfix-version = "3.7"`, `unsafe-fixes = true`, `version-assumed = true`, `[options]`)
and `expected.txt`, a snapshot: one `file:line:col: CODE message` line per finding (empty for
a clean case), then, when the fix changes a file, a blank line and the fix as a unified diff
(the format is in postlint.snapshots).

Set POSTLINT_UPDATE_SNAPSHOTS=1 to (re)write expected.txt from what postlint produces now;
review the diff before committing.
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from postlint import snapshots
from postlint.config import Settings
from postlint.engine.diagnostics import Applicability, Diagnostic
from postlint.engine.fixes import fix_unit
from postlint.engine.units import LintUnit
from postlint.postfix.versions import NEWEST_STABLE
from postlint.session import Session
from postlint.syntax import FileKind, parse

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_NAMES = {FileKind.MAIN: "main.cf", FileKind.MASTER: "master.cf"}


@attrs.frozen
class CaseResult:
    findings: list[str]
    fixed: dict[str, str]  # file name -> text after fixing (only changed files)
    diagnostics: list[Diagnostic]


def make_unit(
    main: str | None = None, master: str | None = None, directory: Path | None = None
) -> LintUnit:
    unit = LintUnit(None, None, set(), directory or Path("."))
    # With a directory, files are named inside it, so rules that read tables next to
    # main.cf (header_checks, aliases) find the case's own.
    prefix = f"{directory}/" if directory is not None else ""
    if main is not None:
        unit.main = parse(main, FileKind.MAIN, f"{prefix}main.cf")
        unit.reported.add(FileKind.MAIN)
    if master is not None:
        unit.master = parse(master, FileKind.MASTER, f"{prefix}master.cf")
        unit.reported.add(FileKind.MASTER)
    return unit


def run(
    codes: Iterable[str],
    main: str | None = None,
    master: str | None = None,
    *,
    version: str = NEWEST_STABLE,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    unsafe_fixes: bool = False,
    version_assumed: bool = False,
    profile: str | None = None,
    directory: Path | None = None,
) -> CaseResult:
    """Lint (and fix) texts with only `codes` enabled (`directory`: where they live).

    The settings go through the same path as a config file's (session.py): options are
    checked against each rule's declared types, unknown codes are errors.
    """
    session = Session()
    settings = Settings(
        select=tuple(codes),
        postfix_version=version,
        rule_options={key: dict(values) for key, values in (options or {}).items()},
        profile=profile,
    )
    unit = make_unit(main, master, directory)
    run_options = session.run_options(settings, unit).replace(version_assumed=version_assumed)
    linter = session.linter
    diagnostics = linter.lint(unit, run_options)
    findings = [_line(d) for d in diagnostics]
    applicability = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    outcome = fix_unit(linter, unit, run_options, applicability)
    fixed = {_NAMES[k]: text for k, text in outcome.changed_texts().items()}
    return CaseResult(findings, fixed, diagnostics)


def _line(d: Diagnostic) -> str:
    pos = d.file.position(d.span.start)
    service = f" [{d.service}]" if d.service else ""
    return f"{_NAMES[d.file.kind]}:{pos.line}:{pos.column}: {d.code}{service} {d.message}"


def case_settings(case: Path) -> dict[str, Any]:
    """A fixture case's case.toml (empty when it has none)."""
    if not (case / "case.toml").exists():
        return {}
    return tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))


def run_case(case: Path, code: str, texts: Mapping[str, str | None] | None = None) -> CaseResult:
    """Lint and fix a fixture case (`texts`: file name -> text instead of the case's files)."""
    settings = case_settings(case)
    files = snapshots.input_texts(case) if texts is None else texts
    return run(
        [code, *settings.get("extra-codes", [])],
        files.get("main.cf"),
        files.get("master.cf"),
        version=settings.get("postfix-version", NEWEST_STABLE),
        options={code: settings.get("options", {})},
        unsafe_fixes=settings.get("unsafe-fixes", False),
        version_assumed=settings.get("version-assumed", False),
        profile=settings.get("profile"),
        directory=case,
    )


UPDATE_VARIABLES = ("POSTLINT_UPDATE_SNAPSHOTS", "POSTLINT_UPDATE_FIXTURES")


def update_requested() -> bool:
    # POSTLINT_UPDATE_FIXTURES is the name this switch had before snapshots.
    return "1" in (os.environ.get(name) for name in UPDATE_VARIABLES)


def check_case(case: Path, code: str) -> None:
    """Assert a fixture case: its findings and fix diff equal expected.txt, the diff applies
    to the case's files, and the fixed files have nothing left to fix."""
    if (case / snapshots.OLD_FIXED_DIR).is_dir() and not update_requested():
        raise AssertionError(
            f"{case}: fixed/ is the old layout; convert it with "
            "postlint.snapshot_migration.convert_case (scripts/convert_fixture_snapshots.py)"
        )
    inputs = snapshots.input_texts(case)
    result = run_case(case, code)
    actual = snapshots.Snapshot(result.findings, snapshots.file_diff(inputs, result.fixed))
    if update_requested():
        snapshots.write(case, actual)
        shutil.rmtree(case / snapshots.OLD_FIXED_DIR, ignore_errors=True)
        return
    expected_text = snapshots.read(case)
    if actual.render() != expected_text:
        raise AssertionError(_mismatch(case, expected_text, actual.render()))
    if case.name.startswith("good"):
        assert not result.findings, "a good case must not produce findings"
    fixed = expected_fixed(case)
    assert fixed == result.fixed, "the snapshot's diff does not give postlint's fixed text"
    if fixed:
        again = run_case(case, code, {**inputs, **fixed})
        assert not again.fixed, "the fixed files still have something to fix:\n" + "\n".join(
            again.findings
        )


def expected_fixed(case: Path) -> dict[str, str]:
    """The case's files after the fix, from its snapshot's diff (only the changed files)."""
    diff = snapshots.Snapshot.parse(snapshots.read(case)).diff
    try:
        return snapshots.apply_diff(snapshots.input_texts(case), diff)
    except snapshots.SnapshotError as error:
        raise AssertionError(f"{case / snapshots.EXPECTED}: {error}") from None


def _mismatch(case: Path, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"{case.name}/{snapshots.EXPECTED} (expected)",
        "postlint (actual)",
    )
    return (
        "snapshot differs; if the new output is right, rerun with POSTLINT_UPDATE_SNAPSHOTS=1 "
        "and review the diff before committing\n" + "".join(lines)
    )


def fixture_cases(root: Path) -> list[tuple[str, Path]]:
    """(code, case folder) for every case under `root/<CODE>/<case>/`."""
    cases = []
    for code_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for case in sorted(p for p in code_dir.iterdir() if p.is_dir()):
            cases.append((code_dir.name, case))
    return cases
