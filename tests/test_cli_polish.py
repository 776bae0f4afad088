"""What users expect of any command line: help that says what to type, forgiving codes,
one-line errors, quiet closed pipes, and a summary that says which release it assumed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import BAD_MAIN, postlint

REPO = Path(__file__).resolve().parent.parent


def test_check_help_shows_formats_defaults_and_option_meanings() -> None:
    out = " ".join(postlint("check", "--help").stdout.split())  # help text wraps anywhere
    assert "full|concise|json|json-lines|sarif|github|gitlab|junit" in out
    assert "(default: full on a terminal, else concise)" in out
    assert "auto asks the local postconf" in out and "else 3.11" in out
    assert "--select CODES comma-separated codes" in out
    assert "-q, --quiet print nothing when there are no findings" in out
    assert "-v, --verbose also list the files checked" in out


@pytest.mark.parametrize(
    "command", ["check", "show", "explain", "upgrade", "rules", "rule", "server"]
)
def test_every_option_of_every_command_says_what_it_does(command: str) -> None:
    # The README: "`postlint COMMAND --help` describes every option with its default".
    lines = postlint(command, "--help").stdout.splitlines()
    listed = [i for i, line in enumerate(lines) if re.match(r"  [-\w]", line)]
    assert listed, lines
    for i in listed:
        described = len(re.split(r"\s{2,}", lines[i].strip())) > 1
        described = described or (i + 1 < len(lines) and lines[i + 1].startswith(" " * 20))
        assert described, f"postlint {command} --help: {lines[i].strip()} has no description"


def test_paths_may_come_before_and_after_options(tmp_path: Path) -> None:
    for host in ("mx1", "mx2"):
        (tmp_path / host).mkdir()
        (tmp_path / host / "main.cf").write_text(BAD_MAIN)
    result = postlint("mx1", "--output-format", "concise", "mx2", "--select", "PL401", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == [
        "mx1/main.cf",
        "mx2/main.cf",
    ]
    # After `--` an option-like word is a path, as everywhere.
    dashed = postlint("mx1", "--", "--select", cwd=tmp_path)
    assert dashed.returncode == 2
    assert dashed.stderr == "postlint: error: --select: no such file or directory\n"


def test_verbose_lists_the_files_checked(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(BAD_MAIN)
    result = postlint("-v", "main.cf", cwd=tmp_path)
    assert "checked main.cf\n" in result.stderr


@pytest.mark.parametrize("spelling", ["pl401", "PL401", "Inline-Comment"])
def test_rule_codes_and_names_are_case_insensitive(spelling: str, tmp_path: Path) -> None:
    shown = postlint("rule", spelling)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# PL401 inline-comment")
    (tmp_path / "main.cf").write_text(BAD_MAIN)
    selected = postlint("--select", spelling.lower(), "main.cf", cwd=tmp_path)
    assert "PL401" in selected.stdout and selected.returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-option"],
        ["check", "--fail-on", "never"],
        ["rules", "--output-format", "yaml"],
        ["rule"],
        ["show", "-Z"],
        ["show", "-c", ".", "--postfix-version", "9.9"],  # postlint's option, not postconf's
        ["explain", "relayhost", "--no-such-option"],
        ["server", "--tcp"],
    ],
)
def test_a_bad_option_is_one_line_and_exit_two(args: list[str]) -> None:
    result = postlint(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("postlint: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""


def test_show_with_a_missing_config_directory_exits_two(tmp_path: Path) -> None:
    result = postlint("show", "-c", "nosuchdir", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "postlint: error: -c nosuchdir: not a directory\n"


def test_server_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    # A pygls that cannot be imported, as in an install without the [server] extra.
    (tmp_path / "pygls").mkdir()
    (tmp_path / "pygls" / "__init__.py").write_text("raise ImportError('No module named pygls')\n")
    result = postlint("server", env={"PYTHONPATH": str(tmp_path)}, stdin="")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "pip install '.[server]'" in result.stderr
    # Never from a package index: postlint is not on one, a name there may be anyone's.
    assert "pip install 'postlint[server]'" not in result.stderr
    assert "'postlint[server] @ git+" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["rule", "PL101"],
        ["--output-format", "json", "."],
        ["--diff", "."],
        ["show", "-c", "."],
        ["--help"],
    ],
)
def test_a_closed_pipe_ends_quietly(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(BAD_MAIN * 200)
    (tmp_path / "master.cf").write_text("")  # show warns about a missing one, as postconf does
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before postlint writes anything
    try:
        result = subprocess.run(
            [sys.executable, "-m", "postlint", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


def test_summary_names_the_assumed_release_and_how_to_choose(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(BAD_MAIN)
    assumed = postlint("--output-format", "concise", "main.cf", cwd=tmp_path).stdout
    summary = assumed.splitlines()[-1]
    assert summary.startswith("Found ") and "Assumed Postfix 3.11" in summary
    assert "--postfix-version X.Y" in summary and "auto" in summary
    given = postlint("--postfix-version", "3.7", "main.cf", cwd=tmp_path).stdout
    assert "Assumed" not in given
    (tmp_path / "postlint.toml").write_text('postfix-version = "3.7"\n')
    configured = postlint("--output-format", "full", "main.cf", cwd=tmp_path).stdout
    assert "Assumed" not in configured and "Found " in configured


def test_rule_docs_script_help_writes_nothing(tmp_path: Path) -> None:
    script = REPO / "scripts" / "generate_rule_docs.py"
    result = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "usage:" in result.stdout
    assert list(tmp_path.iterdir()) == []
