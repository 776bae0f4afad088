"""`postlint rules` (the list) and `postlint rule CODE|NAME` (one rule's documentation)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from postlint.engine.rule import Rule
from postlint.report.escape import visible
from postlint.session import SETUP_ERRORS, Session, add_config_arguments, session_for


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
        "default_enabled": rule.default_enabled,
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options both commands share: which config (and so which local plugins) to read."""
    add_config_arguments(parser)


def _session(args: argparse.Namespace) -> Session | None:
    """The rules `check` would know here: the config found from the working directory."""
    try:
        return session_for(args, Path.cwd())[2]
    except SETUP_ERRORS as exc:
        print(f"postlint: error: {visible(str(exc))}", file=sys.stderr)
        return None


def list_rules(args: argparse.Namespace) -> int:
    session = _session(args)
    if session is None:
        return 2
    origin = session.plugins.origin
    records = [rule_record(r, origin[c]) for c, r in session.registry.rules.items()]
    if args.fmt == "json":
        print(json.dumps(records, indent=2))
        return 0
    for rec in records:
        fix = {"none": " ", "sometimes": "~", "always": "*"}[str(rec["fix"])]
        off = "" if rec["default_enabled"] else " (off by default)"
        print(f"{rec['code']} {fix} {rec['name']:32} {rec['summary']}{off}")
    print("\n* always fixable, ~ sometimes fixable; rules off by default run when named")
    return 0


def show_rule(args: argparse.Namespace) -> int:
    session = _session(args)
    if session is None:
        return 2
    code = args.code
    rule = session.registry.get(code)
    if rule is None:
        print(f"postlint: error: no rule with code or name '{visible(code)}'", file=sys.stderr)
        return 2
    print(f"# {rule.code} {rule.name}\n")
    print(
        f"Family: {rule.family}. Severity: {rule.severity_text()}. "
        f"Fix: {rule.fix.value}. Postfix {rule.min_version}"
        + (f" to {rule.max_version}" if rule.max_version else " and later")
        + ("." if rule.default_enabled else ". Off by default.")
        + "\n"
    )
    print(rule.documentation())
    return 0
