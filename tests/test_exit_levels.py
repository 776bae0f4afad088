"""Exit codes pre-commit and CI rely on: --fail-on sets the lowest failing severity,
--exit-non-zero-on-fix fails a run that fixed something, --exit-zero never fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_postlint

HOST = "compatibility_level = 3.11\nmyhostname = mail.example.com\n"
# One finding of each severity, each alone under --select.
BY_SEVERITY = {
    "error": ("PL401", "alias_maps = hash:/etc/aliases # aliases\n"),
    "warning": ("PL403", "myorigin = a.example\nmyorigin = b.example\n"),
    "info": ("PL609", ""),
}
RANK = {"error": 3, "warning": 2, "info": 1}


@pytest.mark.parametrize("severity", list(BY_SEVERITY))
@pytest.mark.parametrize("fail_on", [None, "error", "warning", "info"])
def test_fail_on_is_the_lowest_severity_that_fails(
    tmp_path: Path, severity: str, fail_on: str | None
) -> None:
    code, lines = BY_SEVERITY[severity]
    (tmp_path / "main.cf").write_text(HOST + lines)
    option = () if fail_on is None else ("--fail-on", fail_on)
    result = run_postlint(
        "--select", code, *option, "--output-format", "concise", ".", cwd=tmp_path
    )
    assert f"{code} [{severity}]" in result.stdout, result.stdout
    fails = RANK[severity] >= RANK[fail_on or "warning"]  # warning is the default
    assert result.returncode == (1 if fails else 0), result.stderr


def test_exit_non_zero_on_fix_fails_a_run_that_fixed_everything(tmp_path: Path) -> None:
    main = tmp_path / "main.cf"
    code, lines = BY_SEVERITY["error"]
    for option, expected in (((), 0), (("--exit-non-zero-on-fix",), 1)):
        main.write_text(HOST + lines)
        result = run_postlint("--select", code, "--fix", *option, ".", cwd=tmp_path)
        assert result.returncode == expected, (option, result.stderr)
        assert "1 fixed, 0 remaining." in result.stderr
    # Nothing to fix: the option does not fail the run.
    result = run_postlint("--select", code, "--fix", "--exit-non-zero-on-fix", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_exit_zero_passes_a_run_with_errors(tmp_path: Path) -> None:
    code, lines = BY_SEVERITY["error"]
    (tmp_path / "main.cf").write_text(HOST + lines)
    result = run_postlint("--select", code, "--exit-zero", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert code in result.stdout
