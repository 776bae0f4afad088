"""Many configurations in worker processes: same report, same fixes, same errors as one process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli import BAD_MAIN, postlint

MASTER = "smtp      inet  n       -       y       -       -       smtpd\n"


@pytest.fixture
def hosts(tmp_path: Path) -> Path:
    for i in range(12):
        host = tmp_path / f"host{i:02d}"
        host.mkdir()
        # Different findings per host, so order and attribution are visible in the report.
        (host / "main.cf").write_text(BAD_MAIN + f"smtpd_banner = host{i} ESMTP\n" * (i % 3))
        (host / "master.cf").write_text(MASTER)
    return tmp_path


def test_workers_report_exactly_what_one_process_reports(hosts: Path) -> None:
    one = postlint("check", "--format", "json", "-j", "1", str(hosts))
    two = postlint("check", "--format", "json", "-j", "2", str(hosts))
    auto = postlint("check", "--format", "json", str(hosts))
    assert one.returncode == two.returncode == auto.returncode == 1
    assert two.stdout == one.stdout and auto.stdout == one.stdout
    assert "host11" in one.stdout


def test_workers_fix_every_configuration(hosts: Path, tmp_path: Path) -> None:
    result = postlint("check", "--fix", "-j", "3", str(hosts))
    assert result.returncode in (0, 1), result.stderr
    for main in sorted(hosts.glob("host*/main.cf")):
        text = main.read_text()
        assert "aliases # aliases" not in text and "alias_maps = hash:/etc/aliases\n" in text


def test_error_in_a_worker_is_the_same_one_line_error(hosts: Path) -> None:
    (hosts / "host05" / "main.cf").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    one = postlint("check", "-j", "1", str(hosts))
    two = postlint("check", "-j", "2", str(hosts))
    assert one.returncode == two.returncode == 2
    assert two.stderr == one.stderr
    assert one.stderr.startswith("postlint: error: ") and one.stderr.count("\n") == 1
    assert "Traceback" not in two.stderr


@pytest.mark.parametrize("bad", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(hosts: Path, bad: str) -> None:
    result = postlint("check", "--jobs", bad, str(hosts))
    assert result.returncode == 2 and "--jobs" in result.stderr


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "concise"),
        ("--format", "sarif"),
        ("--format", "junit"),
        ("--format", "json-lines", "--show-fixes"),
        ("--statistics",),
        ("--diff",),
        ("--unsafe-fixes", "--format", "github"),
    ],
)
def test_workers_print_byte_for_byte_what_one_process_prints(
    hosts: Path, options: tuple[str, ...]
) -> None:
    one = postlint("check", *options, "-j", "1", str(hosts))
    two = postlint("check", *options, "-j", "3", str(hosts))
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert "host11" in one.stdout or "--statistics" in options


def test_config_error_wins_over_an_earlier_unreadable_file(hosts: Path) -> None:
    # One process reads every config before it lints: a config error later in the input
    # is reported, not the unreadable file before it.
    (hosts / "host02" / "main.cf").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    (hosts / "host09" / "postlint.toml").write_text("no-such-key = 1\n")
    one = postlint("check", "-j", "1", str(hosts))
    two = postlint("check", "-j", "2", str(hosts))
    assert one.returncode == two.returncode == 2
    assert two.stderr == one.stderr and "host09" in one.stderr


@pytest.fixture
def many_hosts(tmp_path: Path) -> Path:
    """Enough work that a run is still linting half a second after its pool starts."""
    for i in range(400):
        host = tmp_path / f"host{i:03d}"
        host.mkdir()
        (host / "main.cf").write_text(BAD_MAIN * 20)
        (host / "master.cf").write_text(MASTER)
    return tmp_path


def _start_pool(hosts: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "postlint", "check", "-v", "-j", "2", str(hosts)]
    # A session of its own: Ctrl-C signals the terminal's whole process group, workers too.
    run = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    assert run.stderr is not None
    assert run.stderr.readline().endswith(b"2 process(es)\n")  # the pool is starting
    time.sleep(0.5)
    return run


def test_a_killed_worker_is_a_one_line_error(many_hosts: Path) -> None:
    run = _start_pool(many_hosts)
    assert run.stderr is not None
    workers = Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()
    assert len(workers) == 1
    os.kill(int(workers[0]), signal.SIGKILL)
    stderr = run.stderr.read().decode()
    assert run.wait(timeout=60) == 2
    assert stderr == "postlint: error: a worker process ended unexpectedly (exit status -9)\n"


def test_ctrl_c_stops_every_process_quietly(many_hosts: Path) -> None:
    run = _start_pool(many_hosts)
    assert run.stderr is not None
    os.killpg(run.pid, signal.SIGINT)
    stderr = run.stderr.read()
    assert run.wait(timeout=60) == 130
    assert b"Traceback" not in stderr and b"Error" not in stderr, stderr
    deadline = time.monotonic() + 10
    while _group_alive(run.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(run.pid), "a worker outlived the interrupted run"


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
