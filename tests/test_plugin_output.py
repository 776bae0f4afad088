"""A plugin rule with broken output or metadata: PL999 or a one-line error, never a traceback
(issue 14 item 15, the plugin part)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_bad_input import postlint

MAIN = "alias_maps = hash:/etc/aliases # x\n"

PLUGIN = '''
from postlint.api import (
    Diagnostic, Edit, FileKind, Fix, Rule, Severity, Span, hookimpl, parse_main_cf
)

class Broken(Rule):
    """Yields something the engine cannot use."""
    code = "ZZ001"
    name = "broken-output"
    family = "test"
    severity = {severity}
    def check(self, ctx):
        yield ctx.diagnostic(ctx.main, Span(0, 5), "a good finding first")
        yield {output}

@hookimpl
def postlint_rules():
    return [Broken]
'''

BROKEN_OUTPUT = {
    "none": ("None", "yielded None, not a Diagnostic"),
    "span-past-the-end": (
        'ctx.diagnostic(ctx.main, Span(3, 10**6), "x")',
        "range 3..1000000 is not inside main.cf",
    ),
    "negative-span": ('ctx.diagnostic(ctx.main, Span(-1, 2), "x")', "range -1..2"),
    "tuple-span": ('ctx.diagnostic(ctx.main, (0, 5), "x")', "its span is (0, 5), not a Span"),
    "string-severity": (
        'ctx.diagnostic(ctx.main, Span(0, 5), "x", severity="warning")',
        "its severity is 'warning', not a Severity",
    ),
    "missing-file": ('ctx.diagnostic(ctx.master, Span(0, 0), "x")', "its file is None"),
    "foreign-file": (
        'ctx.diagnostic(parse_main_cf("a = b\\n"), Span(0, 0), "x")',
        "names a main.cf that is not being linted",
    ),
    # Before diagnostics carried their file, a rule named it by kind.
    "file-kind": (
        'Diagnostic(code="ZZ001", name="b", message="x", severity=Severity.INFO, '
        "file=FileKind.MASTER, span=Span(0, 0))",
        "its file is <FileKind.MASTER: 'master'>; pass the parsed file (ctx.main or ctx.master)",
    ),
    "edit-file-kind": (
        'ctx.diagnostic(ctx.main, Span(0, 5), "x", '
        'fix=Fix("f", (Edit(FileKind.MAIN, 0, 1, "y"),)))',
        "its fix is broken: its file is <FileKind.MAIN: 'main'>",
    ),
    "string-applicability": (
        'ctx.diagnostic(ctx.main, Span(0, 5), "x", fix=Fix("f", (), "safe"))',
        "its fix needs an Applicability and a message",
    ),
    # ctx.diagnostic vouches only for what it checked as it made the diagnostic: a message
    # that is not text, or a copy made from its diagnostic, is still checked by the runner.
    "number-message": ("ctx.diagnostic(ctx.main, Span(0, 5), 42)", "its message is 42, not text"),
    "evolved-past-the-end": (
        '__import__("attrs").evolve(ctx.diagnostic(ctx.main, Span(0, 5), "x"), '
        "span=Span(0, 10**6))",
        "range 0..1000000 is not inside main.cf",
    ),
    "fix-out-of-range": (
        'ctx.diagnostic(ctx.main, Span(0, 5), "x", fix=Fix("f", (Edit(ctx.main, 0, 10**6, "y"),)))',
        "its fix is broken: the range 0..1000000",
    ),
}


def _plugin_dir(tmp_path: Path, output: str, severity: str = "Severity.WARNING") -> Path:
    (tmp_path / "site_rules.py").write_text(PLUGIN.format(output=output, severity=severity))
    (tmp_path / "postlint.toml").write_text('plugins = ["site_rules.py"]\n')
    (tmp_path / "main.cf").write_text(MAIN)
    return tmp_path


@pytest.mark.parametrize("case", sorted(BROKEN_OUTPUT))
def test_broken_rule_output_is_a_crash_finding(tmp_path: Path, case: str) -> None:
    output, reason = BROKEN_OUTPUT[case]
    _plugin_dir(tmp_path, output)
    args = ["--extend-select", "ZZ001", "--output-format", "json", "main.cf"]
    result = postlint(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    found = json.loads(result.stdout)
    codes = [d["code"] for d in found]
    assert "PL401" in codes  # the other rules still ran
    assert "ZZ001" not in codes  # the broken rule's findings are missing, as PL999 says
    crash = next(d for d in found if d["code"] == "PL999")
    assert "ZZ001 (broken-output) crashed" in crash["message"]
    assert reason in crash["message"]


def test_broken_fix_is_not_applied(tmp_path: Path) -> None:
    _plugin_dir(tmp_path, BROKEN_OUTPUT["fix-out-of-range"][0])
    args = ["--extend-select", "ZZ001", "--select", "ZZ001", "--fix", "main.cf"]
    result = postlint(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert (tmp_path / "main.cf").read_text() == MAIN


@pytest.mark.parametrize(
    ("attribute", "value", "message"),
    [
        ("severity", '"warning"', "severity must be Severity.ERROR, WARNING or INFO"),
        ("fix", '"always"', "fix must be FixAvailability"),
        ("min_version", "3.6", "min_version must be a Postfix version"),
    ],
)
def test_bad_rule_metadata_is_a_one_line_load_error(
    tmp_path: Path, attribute: str, value: str, message: str
) -> None:
    _plugin_dir(tmp_path, "None", severity=f"Severity.WARNING\n    {attribute} = {value}")
    result = postlint("main.cf", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "ZZ001" in result.stderr and message in result.stderr


REORDERING_PLUGIN = '''
from postlint.api import Rule, Severity, Span, hookimpl

class Reordering(Rule):
    """Makes its findings first and yields them in another order, one of them twice."""
    code = "ZZ002"
    name = "reordering"
    family = "test"
    severity = Severity.WARNING
    def check(self, ctx):
        first = ctx.diagnostic(ctx.main, Span(0, 5), "first")
        second = ctx.diagnostic(ctx.main, Span(6, 10), "second")
        return [second, first, second]

@hookimpl
def postlint_rules():
    return [Reordering]
'''


def test_well_formed_findings_in_any_order_are_reported(tmp_path: Path) -> None:
    # The runner trusts what ctx.diagnostic made, checked quickly when a rule yields it in
    # the order made; any other order must not make a good finding a crash.
    (tmp_path / "site_rules.py").write_text(REORDERING_PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["site_rules.py"]\n')
    (tmp_path / "main.cf").write_text(MAIN)
    args = ["--select", "ZZ002", "--output-format", "json", "main.cf"]
    result = postlint(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    found = json.loads(result.stdout)
    assert [(d["code"], d["message"]) for d in found] == [
        ("ZZ002", "first"),
        ("ZZ002", "second"),
        ("ZZ002", "second"),
    ]
