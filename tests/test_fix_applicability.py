"""--fix, --unsafe-fixes and --diff as in ruff, and counts that match what --fix does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import run_postlint

# Safe fixes for PL101 (the outbound level is unset), PL401 and PL608, then PL117 for the new
# TLS level as a follow-up; PL609 has only an unsafe fix.
MAIN = (
    "compatibility_level = 3.6\n"
    "myhostname = mail.example.com\n"
    "alias_maps = hash:/etc/aliases # aliases\n"
)
MASTER = "smtp inet n - n - - smtpd\nsmtp unix - - n - - smtp\n"


def _config(tmp_path: Path) -> dict[str, bytes]:
    (tmp_path / "main.cf").write_text(MAIN)
    (tmp_path / "master.cf").write_text(MASTER)
    return _snapshot(tmp_path)


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*.cf"))}


def _fixable(summary: str) -> int:
    match = re.search(r"\((\d+) fixable with", summary)
    return int(match.group(1)) if match else 0


def _fixed(stderr: str) -> int:
    match = re.search(r"^(\d+) fixed", stderr, re.M)
    assert match, stderr
    return int(match.group(1))


def test_unsafe_fixes_alone_writes_nothing(tmp_path: Path) -> None:
    before = _config(tmp_path)
    for fmt in ("sarif", "concise", "json"):
        result = run_postlint(".", "--output-format", fmt, "--unsafe-fixes", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert _snapshot(tmp_path) == before, fmt
        assert "fixed" not in result.stderr


def test_unsafe_fixes_on_stdin_alone_prints_findings_not_text(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "postlint", "-", "--unsafe-fixes", "--output-format", "concise"],
        input=MAIN,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "PL401" in result.stdout
    assert "alias_maps = hash:/etc/aliases\n" not in result.stdout


def test_unsafe_fixes_enable_more_fixes_only_with_fix(tmp_path: Path) -> None:
    _config(tmp_path)
    safe = run_postlint(".", "--output-format", "concise", cwd=tmp_path).stdout
    unsafe = run_postlint(".", "--output-format", "concise", "--unsafe-fixes", cwd=tmp_path).stdout
    assert "more with `--unsafe-fixes`" in safe
    assert "fixable with `postlint --fix --unsafe-fixes`" in unsafe
    assert _fixable(unsafe) > _fixable(safe)
    result = run_postlint(".", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert "smtpd_helo_required = yes" in (tmp_path / "main.cf").read_text()
    assert _fixed(result.stderr) == _fixable(unsafe)


def test_fixable_count_equals_fixed_count(tmp_path: Path) -> None:
    _config(tmp_path)
    lint = run_postlint(".", "--output-format", "concise", cwd=tmp_path).stdout
    fixed = run_postlint(".", "--fix", "--output-format", "concise", cwd=tmp_path)
    assert _fixable(lint) == _fixed(fixed.stderr) == 3
    # The new TLS level is then logged too; said apart from the count.
    assert "(and 1 follow-up fix)" in fixed.stderr
    assert "smtp_tls_loglevel = 1" in (tmp_path / "main.cf").read_text()


def test_fixable_count_honours_unfixable_setting(tmp_path: Path) -> None:
    _config(tmp_path)
    (tmp_path / "postlint.toml").write_text('unfixable = ["PL401"]\n')
    lint = run_postlint(".", "--output-format", "concise", cwd=tmp_path).stdout
    fixed = run_postlint(".", "--fix", cwd=tmp_path)
    assert _fixable(lint) == _fixed(fixed.stderr) == 2


def test_statistics_mark_only_rules_the_run_would_fix(tmp_path: Path) -> None:
    _config(tmp_path)

    def marked(*extra: str) -> set[str]:
        out = run_postlint(".", "--statistics", *extra, cwd=tmp_path).stdout
        return {line.split("\t")[1] for line in out.splitlines() if line.endswith("[*]")}

    assert "PL609" not in marked()  # its only fix is unsafe
    assert {"PL101", "PL401"} <= marked()
    assert "PL609" in marked("--unsafe-fixes")


def test_diff_with_unsafe_fixes_shows_but_does_not_write(tmp_path: Path) -> None:
    before = _config(tmp_path)
    result = run_postlint(".", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert "+smtpd_helo_required = yes" in result.stdout
    assert _snapshot(tmp_path) == before


def test_unsafe_count_leaves_out_unfixable_rules(tmp_path: Path) -> None:
    _config(tmp_path)
    (tmp_path / "postlint.toml").write_text('unfixable = ["PL609"]\n')
    lint = run_postlint(".", "--output-format", "concise", cwd=tmp_path).stdout
    assert "more with `--unsafe-fixes`" not in lint
    unsafe = run_postlint(".", "--output-format", "concise", "--unsafe-fixes", cwd=tmp_path)
    fixed = run_postlint(".", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert _fixable(unsafe.stdout) == _fixed(fixed.stderr)
    assert "smtpd_helo_required" not in (tmp_path / "main.cf").read_text()


def test_summary_with_only_unsafe_fixes_says_they_are_fixable_not_more_problems(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.cf").write_text("smtpd_helo_requred = yes\n")  # PL402: an unsafe rename
    lint = run_postlint(".", "--select", "PL402", "--output-format", "concise", cwd=tmp_path)
    assert lint.stdout.endswith(
        "Found 1 problem (1 fixable with `postlint --fix --unsafe-fixes`). Assumed Postfix 3.11; "
        "choose the release with --postfix-version X.Y (or auto on the Postfix host).\n"
    )
    fixed = run_postlint(".", "--select", "PL402", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert _fixed(fixed.stderr) == _fixable(lint.stdout) == 1
