"""`postlint rules` (the list) and `postlint rule CODE|NAME` (one rule's documentation)."""

from __future__ import annotations

import json
import sys

from postlint.engine.plugins import PluginError, load_plugins
from postlint.engine.registry import Registry
from postlint.engine.rule import Rule


def rule_record(rule: type[Rule], origin: str) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity.value,
        "other_severities": {s.value: when for s, when in rule.other_severities.items()},
        "fix": rule.fix.value,
        "summary": rule.summary(),
        "postfix": f">={rule.min_version}" + (f",<={rule.max_version}" if rule.max_version else ""),
        "plugin": origin,
        "url": rule.url(),
        "default_enabled": getattr(rule, "default_enabled", True),
    }


def list_rules(output_format: str) -> int:
    try:
        plugins = load_plugins()
    except PluginError as exc:
        print(f"postlint: error: {exc}", file=sys.stderr)
        return 2
    registry = Registry(plugins.rules)
    records = [rule_record(r, plugins.origin[c]) for c, r in registry.rules.items()]
    if output_format == "json":
        print(json.dumps(records, indent=2))
        return 0
    for rec in records:
        fix = {"none": " ", "sometimes": "~", "always": "*"}[str(rec["fix"])]
        off = "" if rec["default_enabled"] else " (off by default)"
        print(f"{rec['code']} {fix} {rec['name']:32} {rec['summary']}{off}")
    print("\n* always fixable, ~ sometimes fixable; rules off by default run when named")
    return 0


def show_rule(code: str) -> int:
    try:
        plugins = load_plugins()
    except PluginError as exc:
        print(f"postlint: error: {exc}", file=sys.stderr)
        return 2
    rule = Registry(plugins.rules).get(code)
    if rule is None:
        print(f"postlint: error: no rule with code or name '{code}'", file=sys.stderr)
        return 2
    print(f"# {rule.code} {rule.name}\n")
    print(
        f"Family: {rule.family}. Severity: {rule.severity_text()}. "
        f"Fix: {rule.fix.value}. Postfix {rule.min_version}"
        + (f" to {rule.max_version}" if rule.max_version else " and later")
        + ("." if getattr(rule, "default_enabled", True) else ". Off by default.")
        + "\n"
    )
    print(rule.documentation())
    return 0
