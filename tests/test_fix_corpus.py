"""Fixes on every corpus config, checked with the real postconf 3.7.

After all (safe, or safe+unsafe) fixes: postconf's view changes only as each applied fix
declares, postconf prints no new warning, a second --fix changes nothing, and the --diff
output applied with `git apply` gives exactly the --fix result.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import corpus_dirs
from oracle import check_declared_changes, prepare

from postlint.engine.diagnostics import Applicability, Diagnostic
from postlint.engine.fixes import fix_unit
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import build_units, expand_paths
from postlint.files import encode
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.versions import Version
from postlint.writer import write_atomically

pytestmark = pytest.mark.usefixtures("needs_postconf")

REGISTRY = Registry(load_plugins().rules)
LINTER = Linter(REGISTRY, builtin_catalogue())
# The rules the CLI runs by default (its --diff result is compared below).
OPTIONS = RunOptions(Version(3, 7), frozenset(REGISTRY.select(None, (), ())))


def accepted_dirs() -> list[Path]:
    return [d for d in corpus_dirs() if "FATAL" not in _status(d)]


def _status(directory: Path) -> str:
    rows = (directory.parent / "SOURCES.tsv").read_text().splitlines()
    header = rows[0].split("\t")
    col = header.index("postconf_3.7")
    return " ".join(r.split("\t")[col] for r in rows[1:] if r.startswith(directory.name + "\t"))


def fix_directory(directory: Path, unsafe: bool) -> list[Diagnostic]:
    fixed: list[Diagnostic] = []
    for unit in build_units(expand_paths([str(directory)])):
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        outcome = fix_unit(LINTER, unit, OPTIONS, applicability)
        for kind, text in outcome.changed_texts().items():
            tree = unit.file(kind)
            assert tree is not None
            write_atomically(Path(tree.path), encode(text), expected=encode(tree.text))
        fixed.extend(outcome.fixed)
    return fixed


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("directory", accepted_dirs(), ids=lambda p: p.name)
def test_fixes_change_only_what_they_declare(directory: Path, unsafe: bool, tmp_path: Path) -> None:
    before_dir = prepare(directory, tmp_path / "before")
    after_dir = prepare(directory, tmp_path / "after")
    fixed = fix_directory(after_dir, unsafe)
    prepare(after_dir, after_dir)  # old mtimes again, so postconf does not re-read

    declared: dict[str, str | None] = {}
    for d in fixed:
        assert d.fix is not None
        declared.update(d.fix.changes)
    check_declared_changes(before_dir, after_dir, declared)

    # A second run has nothing left to fix.
    snapshot = {p.name: p.read_bytes() for p in after_dir.glob("*.cf")}
    assert not fix_directory(after_dir, unsafe)
    assert {p.name: p.read_bytes() for p in after_dir.glob("*.cf")} == snapshot

    # --diff applied with git apply gives the --fix result.
    diff_dir = tmp_path / "diff"
    shutil.copytree(before_dir, diff_dir)
    args = [
        sys.executable,
        "-m",
        "postlint",
        ".",
        "--diff",
        "--postfix-version",
        "3.7",
        "--select",
        "ALL",
    ] + (["--unsafe-fixes"] if unsafe else [])
    patch = subprocess.run(args, cwd=diff_dir, capture_output=True, timeout=120).stdout
    if patch:
        subprocess.run(
            ["git", "apply", "--unsafe-paths", "-"],
            input=patch,
            cwd=diff_dir,
            check=True,
            capture_output=True,
        )
    assert {p.name: p.read_bytes() for p in diff_dir.glob("*.cf")} == snapshot
