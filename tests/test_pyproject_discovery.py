"""Which pyproject.toml files configure postlint: every TOML spelling of a `tool.postlint`
table is found; a pyproject.toml that cannot hold one is walked past unparsed (not imported
tomllib: tests/test_cold_start.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

MAIN = "myhostname = mail.example.com\nalias_maps = hash:/etc/aliases  # local\n"

# Each configures postlint to report only PL401 (the inline comment above).
SPELLINGS = [
    "[tool.postlint]\nselect = ['PL401']\n",
    "[ tool . \"postlint\" ]\nselect = ['PL401']\n",
    "[tool]\npostlint = { select = ['PL401'] }\n",
    "[tool]\npostlint.select = ['PL401']\n",
    "tool.postlint.select = ['PL401']\n",
    "tool = { postlint = { select = ['PL401'] } }\n",
    "'tool'.'postlint'.select = ['PL401']\n",
    '"t\\u006fol"."p\\u006fstlint".select = ["PL401"]\n',
    "[tool.postlint.per-file-ignores]\n'x.cf' = ['PL101']\n[tool.postlint]\nselect = ['PL401']\n",
]


def _project(tmp_path: Path, pyproject: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "main.cf").write_text(MAIN)
    return tmp_path


@pytest.mark.parametrize("pyproject", SPELLINGS)
def test_every_spelling_of_a_tool_postlint_table_configures_postlint(
    tmp_path: Path, pyproject: str
) -> None:
    result = run(["check", "--output-format", "json", "."], _project(tmp_path, pyproject))
    assert result.returncode == 1, result.stderr
    assert {d["code"] for d in json.loads(result.stdout)} == {"PL401"}


def test_an_invalid_pyproject_is_an_error_only_where_it_may_configure_postlint(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path, "[tool.ruff\nline-length = 100\n")
    result = run(["check", "--output-format", "concise", "."], project)
    assert result.returncode == 1 and "PL401" in result.stdout, result.stderr
    for broken in (
        "[tool.ruff]\n[tool]\npostlint = {select = \n",
        "[tool.postlint\r\nselect = 1\r\n",
        "\ufeff[tool.postlint]\n",
    ):
        (project / "pyproject.toml").write_text(broken, encoding="utf-8", newline="")
        result = run(["check", "."], project)
        assert result.returncode == 2, broken
        assert "invalid TOML" in result.stderr
