"""Where a finding and its fix's edits are, in every machine format: json, SARIF regions
and GitHub annotations name the same 1-based rows and character columns (end exclusive),
on one line and across a continuation line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_postlint

HOST = "myhostname = mail.example.com\n"
ONE_LINE = HOST + "alias_maps = hash:/etc/aliases # aliases\n"
CONTINUED = HOST + "alias_maps = hash:/etc/aliases # aliases\n    hash:/etc/more\n"
# (start row, start column, end row, end column) of the PL401 finding, and of its fix's edits:
# the comment line inserted above, and the comment (with the blank before it) removed.
WHERE = {ONE_LINE: (2, 32, 2, 41), CONTINUED: (2, 32, 3, 19)}
EDITS = {ONE_LINE: [(2, 1, 2, 1, "# aliases\n"), (2, 31, 2, 41, "")], CONTINUED: []}
CASES = pytest.mark.parametrize("text", [ONE_LINE, CONTINUED], ids=["one line", "continued"])


def _run(tmp_path: Path, text: str, fmt: str) -> str:
    (tmp_path / "main.cf").write_text(text)
    result = run_postlint("--select", "PL401", "--output-format", fmt, "main.cf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    return result.stdout


def _rows(start: dict, end: dict) -> tuple[int, int, int, int]:
    return (start["row"], start["column"], end["row"], end["column"])


def _region(region: dict) -> tuple[int, int, int, int]:
    return (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"])


@CASES
def test_json_locations(tmp_path: Path, text: str) -> None:
    (finding,) = json.loads(_run(tmp_path, text, "json"))
    assert _rows(finding["location"], finding["end_location"]) == WHERE[text]
    edits = finding["fix"]["edits"] if finding["fix"] else []
    found = [(*_rows(e["location"], e["end_location"]), e["content"]) for e in edits]
    assert found == EDITS[text]


@CASES
def test_sarif_regions(tmp_path: Path, text: str) -> None:
    (result,) = json.loads(_run(tmp_path, text, "sarif"))["runs"][0]["results"]
    assert _region(result["locations"][0]["physicalLocation"]["region"]) == WHERE[text]
    replacements = [
        r
        for fix in result.get("fixes", [])
        for change in fix["artifactChanges"]
        for r in change["replacements"]
    ]
    found = [(*_region(r["deletedRegion"]), r["insertedContent"]["text"]) for r in replacements]
    assert found == EDITS[text]


@CASES
def test_github_annotation_ends(tmp_path: Path, text: str) -> None:
    line = _run(tmp_path, text, "github")
    row, column, end_row, end_column = WHERE[text]
    assert f"line={row},col={column},endLine={end_row},endColumn={end_column}," in line


# One finding of each severity (an error, a warning and an info finding).
LEVELS = (
    "compatibility_level = 3.11\nmyhostname = mail.example.com\n"
    "alias_maps = hash:/etc/aliases # aliases\nmyorigin = a.example\nmyorigin = b.example\n"
)
SEVERITY = {"PL401": "error", "PL403": "warning", "PL609": "info"}


def _levels(tmp_path: Path, fmt: str) -> str:
    (tmp_path / "main.cf").write_text(LEVELS)
    selected = ",".join(SEVERITY)
    result = run_postlint("--select", selected, "--output-format", fmt, "main.cf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_each_format_names_each_severity_as_its_consumer_expects(tmp_path: Path) -> None:
    found = {f["code"]: f["severity"] for f in json.loads(_levels(tmp_path, "json"))}
    assert found == SEVERITY
    sarif = json.loads(_levels(tmp_path, "sarif"))["runs"][0]["results"]
    assert {r["ruleId"]: r["level"] for r in sarif} == {
        "PL401": "error",
        "PL403": "warning",
        "PL609": "note",
    }
    github = _levels(tmp_path, "github").splitlines()
    assert sorted(line.split(" ", 1)[0] + " " + line.rsplit("::", 1)[1][:5] for line in github) == [
        "::error PL401",
        "::notice PL609",
        "::warning PL403",
    ]
