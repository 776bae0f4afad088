"""Properties every registered rule must have."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from postlint.engine.core_rules import CORE_RULES
from postlint.engine.diagnostics import FixAvailability
from postlint.engine.plugins import load_plugins
from postlint.engine.rule import CODE_PATTERN, DOC_SECTIONS, NAME_PATTERN
from postlint.testing import fixture_cases, run_case

FIXTURES = Path(__file__).parent / "fixtures"
RULES = load_plugins().rules
REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("code", sorted(RULES))
def test_metadata_and_docs(code: str) -> None:
    rule = RULES[code]
    assert CODE_PATTERN.match(rule.code) and rule.code == code
    assert NAME_PATTERN.match(rule.name)
    for section in DOC_SECTIONS:
        assert rule.section(section), f"{code} docs lack '## {section}'"
    assert rule.summary().endswith(".")


def test_names_are_unique() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "code", sorted(set(RULES) - {r.code for r in CORE_RULES} | {"PL901", "PL902"})
)
def test_fixtures_exist_and_fix_availability_matches(code: str) -> None:
    cases = [case for c, case in fixture_cases(FIXTURES) if c == code]
    assert any(c.name.startswith("bad") for c in cases), f"{code} has no bad fixture"
    assert any(c.name.startswith("good") for c in cases), f"{code} has no good fixture"
    fixes = [
        d.fix
        for case in cases
        for d in run_case(case, code).diagnostics
        if d.code == code and d.fix is not None
    ]
    if RULES[code].fix is FixAvailability.NONE:
        assert not fixes
    else:
        assert fixes, f"{code} declares fixes but no fixture produces one"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_command_renders_docs(code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "postlint", "rule", code], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith(f"# {code} {RULES[code].name}")
    assert "## Why it matters" in result.stdout


def test_core_never_imports_the_builtin_rules() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "src").rglob("*.py")
        if re.search(r"^\s*(from|import)\s+postlint_rules", p.read_text(), re.M)
    ]
    assert not offenders
    code = (
        "import sys, postlint.cli, postlint.check_cli, postlint.engine.runner, "
        "postlint.api, postlint.testing; print('postlint_rules' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_packaging_lists_every_package() -> None:
    # Every folder, with or without __init__.py: setuptools counts a folder of data files
    # as a package too, and every install warns about one that is not listed.
    text = (REPO / "pyproject.toml").read_text()
    listed = set(re.findall(r'^\s+"(postlint[\w.]*)",$', text, re.M))
    actual = {
        ".".join(p.relative_to(REPO / "src").parts)
        for p in [REPO / "src" / "postlint", *(REPO / "src" / "postlint").rglob("*")]
        if p.is_dir() and p.name.isidentifier() and p.name != "__pycache__"
    }
    actual |= {
        ".".join(("postlint_rules", *p.relative_to(REPO / "rules").parts))
        for p in [REPO / "rules", *(REPO / "rules").rglob("*")]
        if p.is_dir() and p.name.isidentifier() and p.name != "__pycache__"
    }
    assert listed == actual


def test_rule_index_is_current() -> None:
    spec = __import__("importlib.util").util.spec_from_file_location(
        "gen_docs", REPO / "scripts" / "generate_rule_docs.py"
    )
    module = __import__("importlib.util").util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == module.render(), (
        "docs/rules.md is stale: run python scripts/generate_rule_docs.py"
    )
