"""The command line as users and CI see it: exit codes, formats, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

BAD_MAIN = "myhostname = mail.example.com\nalias_maps = hash:/etc/aliases # aliases\n"
CLEAN_MAIN = (
    "compatibility_level = 3.11\nmyhostname = mail.example.com\nsmtp_tls_security_level = may\n"
    "smtp_tls_loglevel = 1\ndisable_vrfy_command = yes\nsmtpd_helo_required = yes\n"
    "smtpd_milters = inet:127.0.0.1:8891\nnon_smtpd_milters = $smtpd_milters\n"
)
SCHEMA = Path(__file__).parent / ".schemas" / "sarif-2.1.0-rtm.5.json"


def postlint(
    *args: str, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    (tmp_path / "main.cf").write_text(BAD_MAIN)
    (tmp_path / "master.cf").write_text("smtp inet n - n - - smtpd\nsmtp inet n - n - - smtpd\n")
    return tmp_path


def test_exit_zero_when_clean(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(CLEAN_MAIN)
    result = postlint(str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout


def test_exit_one_with_findings_and_concise_lines(bad_dir: Path) -> None:
    result = postlint(str(bad_dir), "--output-format", "concise")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{bad_dir}/main.cf:2:32: PL401 [error]") for line in lines)
    assert any("PL505" in line for line in lines)


def test_exit_zero_flag(bad_dir: Path) -> None:
    assert postlint(str(bad_dir), "--exit-zero").returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ["/nonexistent/main.cf"],
        ["--select", "PL4O1", "."],
        ["--output-format", "yaml", "."],
        ["--postfix-version", "9.9", "."],
    ],
)
def test_exit_two_with_one_line_error(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(CLEAN_MAIN)
    result = postlint(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("postlint: error:")
    assert "Traceback" not in result.stderr


def test_binary_and_unreadable_files_exit_two(tmp_path: Path) -> None:
    binary = tmp_path / "main.cf"
    binary.write_bytes(bytes(range(256)) * 40)
    result = postlint(str(binary))
    assert result.returncode == 2 and "binary" in result.stderr
    assert postlint(str(tmp_path / "nothing")).returncode == 2


def test_bad_config_exits_two(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(CLEAN_MAIN)
    (tmp_path / "postlint.toml").write_text("selekt = ['PL4']\n")
    result = postlint(str(tmp_path))
    assert result.returncode == 2 and "unknown setting(s): selekt" in result.stderr


def test_config_select_ignore_severity_and_per_file_ignores(bad_dir: Path) -> None:
    (bad_dir / "pyproject.toml").write_text(
        "[tool.postlint]\nselect = ['PL4']\n[tool.postlint.severity]\nPL401 = 'info'\n"
    )
    result = postlint(str(bad_dir), "--output-format", "json")
    data = json.loads(result.stdout)
    assert {d["code"] for d in data} == {"PL401"}
    assert data[0]["severity"] == "info"
    (bad_dir / "pyproject.toml").write_text(
        "[tool.postlint]\n[tool.postlint.per-file-ignores]\n'main.cf' = ['inline-comment']\n"
    )
    data = json.loads(postlint(str(bad_dir), "--output-format", "json").stdout)
    assert "PL401" not in {d["code"] for d in data}


def test_select_by_name_prefix_and_ignore(bad_dir: Path) -> None:
    by_name = json.loads(
        postlint(str(bad_dir), "--select", "duplicate-service", "--output-format", "json").stdout
    )
    assert {d["code"] for d in by_name} == {"PL505"}
    ignored = json.loads(
        postlint(
            str(bad_dir), "--select", "PL4,PL5", "--ignore", "PL5", "--output-format", "json"
        ).stdout
    )
    assert {d["code"] for d in ignored} == {"PL401"}


def test_json_matches_the_contract(bad_dir: Path) -> None:
    data = json.loads(postlint(str(bad_dir), "--output-format", "json").stdout)
    first = next(d for d in data if d["code"] == "PL401")
    assert set(first) == {
        "code",
        "name",
        "severity",
        "message",
        "filename",
        "service",
        "location",
        "end_location",
        "fix",
        "url",
    }
    assert first["location"] == {"row": 2, "column": 32}
    assert first["end_location"] == {"row": 2, "column": 41}
    assert first["fix"]["applicability"] == "safe"
    edit = first["fix"]["edits"][0]
    assert set(edit) == {"content", "location", "end_location"}
    dup = next(d for d in data if d["code"] == "PL505")
    assert dup["service"] == "smtp/inet"
    lines = postlint(str(bad_dir), "--output-format", "json-lines").stdout.splitlines()
    assert [json.loads(line) for line in lines] == data


def test_sarif_validates_against_the_2_1_0_schema(bad_dir: Path) -> None:
    assert SCHEMA.exists(), "run scripts/test.sh (it fetches the SARIF schema from npm)"
    log = json.loads(postlint(str(bad_dir), "--output-format", "sarif").stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    results = log["runs"][0]["results"]
    assert {"error", "warning"} <= {r["level"] for r in results} <= {"error", "warning", "note"}
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)


# GitHub's workflow command: ::level key=value,key=value::message, with escapes.
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) "
    r"file=[^,:%\r\n]*(%(25|0D|0A|3A|2C)[^,:%\r\n]*)*,line=\d+,col=\d+,endLine=\d+,"
    r"endColumn=\d+,title=[^,:\r\n]*::[^\r\n]*$"
)


def test_github_annotations_follow_workflow_command_syntax(bad_dir: Path) -> None:
    out = postlint(str(bad_dir), "--output-format", "github").stdout
    lines = out.splitlines()
    assert lines and all(GITHUB_LINE.match(line) for line in lines), lines


def test_junit_is_well_formed_xml(bad_dir: Path) -> None:
    out = postlint(str(bad_dir), "--output-format", "junit").stdout
    root = ET.fromstring(out)
    failures = root.findall(".//failure")
    assert int(root.get("failures", "0")) == len(failures) >= 2


def test_statistics(bad_dir: Path) -> None:
    out = postlint(str(bad_dir), "--statistics").stdout
    assert re.search(r"^\s+1\tPL401\tinline-comment", out, re.M)


def test_stdin_with_filename() -> None:
    result = postlint(
        "-",
        "--stdin-filename",
        "main.cf",
        "--select",
        "PL401",
        "--output-format",
        "concise",
        stdin=BAD_MAIN,
    )
    assert result.returncode == 1 and result.stdout.startswith("main.cf:2:32: PL401")


def test_stdin_read_as_master_cf_is_named_master_cf() -> None:
    # `cat master.cf | postlint --file-type master -` must not call its lines main.cf lines.
    master = "smtp inet n - n - - smtpd\n  -o smtpd_tls_security_level = may\n"
    result = postlint(
        "-", "--file-type", "master", "--select", "PL502", "--output-format", "json", stdin=master
    )
    assert result.returncode == 1, result.stderr
    assert {finding["filename"] for finding in json.loads(result.stdout)} == {"master.cf"}


def test_full_format_shows_source_and_caret(bad_dir: Path) -> None:
    out = postlint(str(bad_dir / "main.cf"), "--output-format", "full").stdout
    assert " 2 | alias_maps = hash:/etc/aliases # aliases" in out
    assert "^^^^^^^^^" in out
    assert "\033[" not in out  # NO_COLOR respected


def test_sibling_master_cf_is_read_but_only_named_files_reported(bad_dir: Path) -> None:
    data = json.loads(postlint(str(bad_dir / "main.cf"), "--output-format", "json").stdout)
    assert {Path(d["filename"]).name for d in data} == {"main.cf"}


def test_version_lists_plugins() -> None:
    out = postlint("--version").stdout
    assert out.startswith("postlint ") and "builtin" in out


def test_rules_listing_json() -> None:
    data = json.loads(postlint("rules", "--output-format", "json").stdout)
    assert {"PL401", "PL901", "PL999"} <= {r["code"] for r in data}


def test_gitlab_code_quality_report(bad_dir: Path) -> None:
    issues = json.loads(postlint(str(bad_dir), "--output-format", "gitlab").stdout)
    assert issues and all(
        set(i) >= {"description", "check_name", "fingerprint", "severity", "location"}
        for i in issues
    )
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = json.loads(postlint(str(bad_dir), "--output-format", "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}


@pytest.mark.parametrize("paths", [["main.cf"], ["."], []])
def test_stdin_filename_without_stdin_is_a_usage_error(tmp_path: Path, paths: list[str]) -> None:
    # --stdin-filename names what `-` reads: with files (or no path: the working directory)
    # it would be silently ignored, and the findings would not be the ones asked for.
    (tmp_path / "main.cf").write_text(BAD_MAIN)
    result = postlint(*paths, "--stdin-filename", "main.cf", cwd=tmp_path, stdin=BAD_MAIN)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "postlint: error: --stdin-filename names standard input: give '-' as the only PATH\n"
    )
