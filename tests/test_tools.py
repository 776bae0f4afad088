"""The tests find their tools the way a fresh machine has them, never through PATH."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from tools import require_system_tool, venv_tool

TESTS = Path(__file__).resolve().parent
# What found pre-commit only where it had been installed by hand: PATH look-ups and an
# activated venv. tests/tools.py is the one place that finds tools.
PATH_LOOKUPS = re.compile(r"shutil\.which|VIRTUAL_ENV|os\.environ\[.PATH.\]|getenv\(.PATH.\)")


def test_no_test_module_looks_tools_up_on_path() -> None:
    offenders = [
        path.name
        for path in sorted(TESTS.glob("*.py"))
        if path.name not in ("tools.py", "test_tools.py")
        and PATH_LOOKUPS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "find tools with tests/tools.py, not on PATH"


def test_python_tools_come_from_the_running_interpreter() -> None:
    (command,) = venv_tool("pre-commit")
    assert Path(command).parent == Path(sys.executable).parent


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_a_missing_system_tool_skips_outside_ci_and_fails_in_ci(
    ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no-such-postlint-tool not found"):
        require_system_tool("no-such-postlint-tool")
