"""Odd and hostile inputs through the CLI: findings or a one-line error, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def postlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


CASES = {
    "empty": b"",
    "invalid-utf8": b"smtpd_banner = caf\xe9 \xff\xfe\n",
    "nul": b"myhostname = mail.exa\x00mple.com\n",
    "nested": ("x = " + "${a?{" * 10_000 + "z" + "}}" * 10_000 + "\n").encode(),
    "loop": "".join(f"p{i} = $p{(i + 1) % 1000}\n" for i in range(1000)).encode()
    + b"myhostname = $p0\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_odd_main_cf_gives_findings_not_a_crash(name: str, tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_bytes(CASES[name])
    result = postlint("main.cf", "--output-format", "json", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    codes = {d["code"] for d in json.loads(result.stdout)}
    assert "PL999" not in codes  # no rule crashed on it
    if name in ("nested", "loop"):
        assert "PL409" in codes
    if name == "nul":
        assert "PL410" in codes


def test_directory_without_configs_and_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "empty-dir").mkdir()
    result = postlint("empty-dir", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no main.cf or master.cf found" in result.stderr
