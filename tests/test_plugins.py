"""Plugins: loading, failures, crashing rules, and the documented example in a fresh venv."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CRASHING = '''
from postlint.api import Rule, hookimpl

class Crash(Rule):
    """Always crashes."""
    code = "ZZ001"
    name = "always-crashes"
    family = "test"
    def check(self, ctx):
        raise RuntimeError("boom")

@hookimpl
def postlint_rules():
    return [Crash]
'''

CLASHING = CRASHING.replace('"ZZ001"', '"PL401"').replace("always-crashes", "clash")


def run(
    args: list[str], cwd: Path, python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "postlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _config_dir(tmp_path: Path, plugin_source: str) -> Path:
    (tmp_path / "site_rules.py").write_text(plugin_source)
    (tmp_path / "postlint.toml").write_text('plugins = ["site_rules.py"]\n')
    (tmp_path / "main.cf").write_text("alias_maps = hash:/etc/aliases # x\n")
    return tmp_path


def test_a_crashing_rule_is_reported_and_others_still_run(tmp_path: Path) -> None:
    _config_dir(tmp_path, CRASHING)
    result = run(["--output-format", "json", "--extend-select", "ZZ001", "."], tmp_path)
    codes = [d["code"] for d in json.loads(result.stdout)]
    assert "PL999" in codes and "PL401" in codes
    crash = next(d for d in json.loads(result.stdout) if d["code"] == "PL999")
    assert "ZZ001" in crash["message"] and "boom" in crash["message"]


def test_a_plugin_that_fails_to_import_is_named(tmp_path: Path) -> None:
    _config_dir(tmp_path, "raise ImportError('missing dependency xyz')\n")
    result = run(["."], tmp_path)
    assert result.returncode == 2
    assert "site_rules.py" in result.stderr and "missing dependency xyz" in result.stderr


def test_a_code_clash_names_both_plugins(tmp_path: Path) -> None:
    _config_dir(tmp_path, CLASHING)
    result = run(["."], tmp_path)
    assert result.returncode == 2
    assert "PL401" in result.stderr and "builtin" in result.stderr and "site_rules" in result.stderr


def test_example_plugin_installs_into_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    plugin = tmp_path / "plugin"
    shutil.copytree(REPO / "examples" / "plugin", plugin)
    # Built from a copy: a build in the checkout leaves a postlint.egg-info there, which
    # shadows the installed metadata (entry points) for tests running from the checkout.
    source = tmp_path / "postlint"
    for name in ("src", "rules"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    venv = tmp_path / "venv"
    # Without a pip of its own (installing one is most of a venv's set-up time): this pip
    # installs into it, from its own wheel cache.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [sys.executable, "-m", "pip", "--python", python]
    packages = [str(source), str(plugin), "pytest"]
    subprocess.run([*pip, "install", "-q", *packages], check=True, timeout=600)
    version = run(["--version"], tmp_path, python)
    assert "postlint-example:example" in version.stdout
    (tmp_path / "main.cf").write_text("smtpd_banner = $myhostname ESMTP\n")
    result = run(["--select", "EX001", "--output-format", "concise", "main.cf"], tmp_path, python)
    assert result.returncode == 1
    assert "main.cf:1:16: EX001 [warning] smtpd_banner does not mention EXAMPLE" in result.stdout
    tests = subprocess.run(
        [python, "-m", "pytest", "-q", str(plugin / "tests")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert tests.returncode == 0, tests.stdout
