"""Rule docs and reported severities agree (issue 21): every severity a rule can report is
its documented `severity` or listed in `other_severities` with when it applies."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest
from test_bad_input import postlint

from postlint.engine.diagnostics import Severity
from postlint.engine.plugins import load_plugins
from postlint.engine.rule import Rule

RULES = load_plugins().rules


def _severities_in_source(rule: type[Rule]) -> set[Severity]:
    """Every `Severity.X` the rule's module mentions, outside other rule classes (rules live
    one per module; the engine's own PL9xx rules share one)."""
    module = inspect.getmodule(rule)
    assert module is not None
    tree = ast.parse(inspect.getsource(module))
    mine = [
        top
        for top in tree.body
        if not (isinstance(top, ast.ClassDef) and top.name != rule.__name__)
    ]
    return {
        Severity[node.attr]
        for top in mine
        for node in ast.walk(top)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Severity"
        and node.attr in Severity.__members__
    }


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_severity_a_rule_can_report_is_documented(code: str) -> None:
    rule = RULES[code]
    documented = {rule.severity, *rule.other_severities}
    assert rule.severity not in rule.other_severities
    undocumented = _severities_in_source(rule) - documented
    assert not undocumented, f"{code} reports {undocumented} but documents {documented}"
    for severity in rule.other_severities:
        assert severity.value in rule.severity_text()


def test_crlf_file_is_reported_with_the_documented_severity(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_bytes(b"myhostname = mail.example.com\r\n")
    found = json.loads(
        postlint("main.cf", "--select", "PL410", "--output-format", "json", cwd=tmp_path).stdout
    )
    assert [d["severity"] for d in found] == ["info"]
    shown = postlint("rule", "PL410", cwd=tmp_path).stdout
    assert "Severity: warning (info: CRLF line endings)" in shown
    listed = json.loads(postlint("rules", "--output-format", "json", cwd=tmp_path).stdout)
    record = next(r for r in listed if r["code"] == "PL410")
    assert record["other_severities"] == {"info": "CRLF line endings"}
