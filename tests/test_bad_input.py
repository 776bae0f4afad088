"""Odd and hostile inputs through the CLI: findings or a one-line error, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
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


def _measured(args: list[str], cwd: Path, prefix: tuple[str, ...] = ()) -> tuple[int, str, float]:
    """Exit code, stderr and peak memory (MB) of one postlint run in its own process."""
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "postlint", *args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), err.read(), usage.ru_maxrss / 1024


def _without_root_powers() -> tuple[str, ...]:
    """Run as root without the capabilities that ignore file modes (so EACCES happens)."""
    if os.geteuid() != 0:
        return ()
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")


def test_unreadable_file_is_a_one_line_error(tmp_path: Path) -> None:
    config = tmp_path / "main.cf"
    config.write_text("myhostname = mail.example.com\n")
    config.chmod(0)
    code, err, _memory = _measured(["main.cf"], tmp_path, _without_root_powers())
    assert code == 2
    assert err.count("\n") == 1 and "main.cf" in err and "ermission denied" in err
    assert "Traceback" not in err


def test_unreadable_sibling_is_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("myhostname = mail.example.com\n")
    master = tmp_path / "master.cf"
    master.write_text("smtp inet n - y - - smtpd\n")
    master.chmod(0)
    code, err, _memory = _measured(["main.cf"], tmp_path, _without_root_powers())
    assert code in (0, 1) and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("main.cf", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "binary file"),
        ("missing.cf", None, "no such file or directory"),
    ],
)
def test_binary_and_missing_files(
    tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    if data is not None:
        (tmp_path / name).write_bytes(data)
    result = postlint(name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


@pytest.fixture(scope="module")
def idle_memory(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Peak memory (MB) of a run on a one-line main.cf: the interpreter, rules and catalogue."""
    directory = tmp_path_factory.mktemp("idle")
    (directory / "main.cf").write_text("myhostname = mail.example.com\n")
    return _measured(["main.cf", "--output-format", "concise"], directory)[2]


def test_eight_megabyte_line_is_linted_in_bounded_memory(
    tmp_path: Path, idle_memory: float
) -> None:
    size = 8 * 1024 * 1024  # well above the ~30 MB a run needs anyway, once over it
    (tmp_path / "main.cf").write_text("smtpd_banner = " + "x" * size + "\n")
    code, err, memory = _measured(["main.cf", "--output-format", "concise"], tmp_path)
    assert code == 1 and "Traceback" not in err
    # Linear in the input: a handful of copies of the line, not one per rule.
    assert memory - idle_memory < 20 * size / 2**20, f"{memory:.0f} MB"


def test_twenty_thousand_services_in_bounded_memory(tmp_path: Path, idle_memory: float) -> None:
    services = 20_000
    rows = ["smtp inet n - y - - smtpd"]
    rows += [
        f"svc{i} unix - - n - - smtp\n  -o smtp_helo_timeout={i % 300}s" for i in range(services)
    ]
    (tmp_path / "master.cf").write_text("\n".join(rows) + "\n")
    (tmp_path / "main.cf").write_text("myhostname = mail.example.com\n")
    code, err, memory = _measured(["master.cf", "--output-format", "concise"], tmp_path)
    assert code in (0, 1) and "Traceback" not in err
    # The bound the 100,000-service version had (2 GB, ~20 KB a service), at 20,000.
    assert memory - idle_memory < services * 20 / 1024, f"{memory:.0f} MB"
