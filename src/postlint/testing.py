"""Fixture helpers for rule tests, for postlint's own rules and for plugin authors.

A fixture case is a folder with `main.cf` and/or `master.cf`, an optional `case.toml`
(`postfix-version = "3.7"`, `unsafe-fixes = true`, `version-assumed = true`, `[options]`),
the expected findings in `expected.txt` (one `file:line:col: CODE message` per line; empty
for a clean case) and, for fixable findings, the expected files after `--fix` in `fixed/`.

Set POSTLINT_UPDATE_FIXTURES=1 to (re)write expected.txt and fixed/ from the current output;
review the diff before committing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from postlint.config import Settings
from postlint.engine.diagnostics import Applicability, Diagnostic
from postlint.engine.fixes import fix_unit
from postlint.engine.units import LintUnit
from postlint.files import decode, encode
from postlint.postfix.versions import NEWEST_STABLE
from postlint.session import Session
from postlint.syntax import FileKind, parse

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

UPDATE = os.environ.get("POSTLINT_UPDATE_FIXTURES") == "1"
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
    run_options = attrs.evolve(session.run_options(settings, unit), version_assumed=version_assumed)
    linter = session.linter
    diagnostics = linter.lint(unit, run_options)
    findings = [_line(unit, d) for d in diagnostics]
    applicability = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    outcome = fix_unit(linter, unit, run_options, applicability)
    fixed = {_NAMES[k]: text for k, text in outcome.changed_texts().items()}
    return CaseResult(findings, fixed, diagnostics)


def _line(unit: LintUnit, d: Diagnostic) -> str:
    tree = unit.file(d.file)
    assert tree is not None
    pos = tree.position(d.span.start)
    service = f" [{d.service}]" if d.service else ""
    return f"{_NAMES[d.file]}:{pos.line}:{pos.column}: {d.code}{service} {d.message}"


def _read(path: Path) -> str | None:
    return decode(path.read_bytes()) if path.exists() else None


def run_case(case: Path, code: str) -> CaseResult:
    settings: dict[str, Any] = {}
    if (case / "case.toml").exists():
        settings = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    return run(
        [code, *settings.get("extra-codes", [])],
        _read(case / "main.cf"),
        _read(case / "master.cf"),
        version=settings.get("postfix-version", NEWEST_STABLE),
        options={code: settings.get("options", {})},
        unsafe_fixes=settings.get("unsafe-fixes", False),
        version_assumed=settings.get("version-assumed", False),
        profile=settings.get("profile"),
        directory=case,
    )


def check_case(case: Path, code: str) -> None:
    """Assert a fixture case: findings equal expected.txt, fixed files equal fixed/."""
    result = run_case(case, code)
    expected_file = case / "expected.txt"
    fixed_dir = case / "fixed"
    if UPDATE:
        expected_file.write_text("".join(f + "\n" for f in result.findings), encoding="utf-8")
        for name, text in result.fixed.items():
            fixed_dir.mkdir(exist_ok=True)
            (fixed_dir / name).write_bytes(encode(text))
        return
    expected = (
        expected_file.read_text(encoding="utf-8").splitlines() if expected_file.exists() else []
    )
    assert result.findings == expected, "\n".join(result.findings)
    if case.name.startswith("good"):
        assert not result.findings, "a good case must not produce findings"
    wanted = (
        {p.name: decode(p.read_bytes()) for p in fixed_dir.iterdir()} if fixed_dir.is_dir() else {}
    )
    assert result.fixed == wanted


def fixture_cases(root: Path) -> list[tuple[str, Path]]:
    """(code, case folder) for every case under `root/<CODE>/<case>/`."""
    cases = []
    for code_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for case in sorted(p for p in code_dir.iterdir() if p.is_dir()):
            cases.append((code_dir.name, case))
    return cases
