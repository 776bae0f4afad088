"""Selecting rules: opt-in rules (the STIG profile) need their own code or name."""

from __future__ import annotations

from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry

REGISTRY = Registry(load_plugins().rules)


def test_opt_in_rule_is_off_by_default_and_through_prefixes() -> None:
    assert "PL612" not in REGISTRY.select(None, (), ())
    assert "PL612" not in REGISTRY.select(["PL6"], (), ())
    assert "PL612" not in REGISTRY.select(["ALL"], (), ())
    assert "PL611" in REGISTRY.select(["PL6"], (), ())


def test_opt_in_rule_by_code_or_name() -> None:
    assert "PL612" in REGISTRY.select(None, ["PL612"], ())
    assert "PL612" in REGISTRY.select(["stig-client-restrictions"], (), ())
    assert "PL612" not in REGISTRY.select(None, ["PL612"], ["PL6"])


def test_rule_list_says_which_rules_are_off_by_default() -> None:
    import json
    import subprocess
    import sys

    listed = subprocess.run(
        [sys.executable, "-m", "postlint", "rules", "--output-format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    off = {r["code"] for r in json.loads(listed) if not r["default_enabled"]}
    assert off == {"PL612"}
