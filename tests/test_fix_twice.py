"""A second --fix changes nothing: on every corpus configuration at the default release (and
those postconf refuses, which tests/test_fix_corpus.py leaves out), and on the shapes of the
benchmark workloads, through the CLI. The first run settles within the engine's passes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import corpus_dirs

from postlint.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from workloads import (  # bench/ is no package: found through sys.path
    large_main_cf,
    legacy_switches_main_cf,
    realistic_main_cf,
    unknown_names_main_cf,
    unknown_overrides_master_cf,
)

EXAMPLE_MASTER = (Path(__file__).resolve().parent.parent / "examples" / "master.cf").read_text()
LINES = 1500
WORKLOADS = {
    "realistic": lambda: {"main.cf": realistic_main_cf(LINES), "master.cf": EXAMPLE_MASTER},
    "dense": lambda: {"main.cf": large_main_cf(LINES), "master.cf": EXAMPLE_MASTER},
    "unknown": lambda: {"main.cf": unknown_names_main_cf(LINES), "master.cf": EXAMPLE_MASTER},
    "switches": lambda: {"main.cf": legacy_switches_main_cf(LINES), "master.cf": EXAMPLE_MASTER},
    "overrides": lambda: {
        "main.cf": "myhostname = mail.example.com\n",
        "master.cf": unknown_overrides_master_cf(LINES),
    },
}


def _fix_twice(
    directory: Path, options: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[str, dict[str, bytes], dict[str, bytes]]:
    capsys.readouterr()
    assert main(["check", "--fix", "-q", *options, str(directory)]) != 2
    first_err = capsys.readouterr().err
    first = {p.name: p.read_bytes() for p in sorted(directory.glob("*.cf"))}
    assert main(["check", "--fix", "-q", *options, str(directory)]) != 2
    capsys.readouterr()
    second = {p.name: p.read_bytes() for p in sorted(directory.glob("*.cf"))}
    return first_err, first, second


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_a_second_fix_of_a_corpus_config_changes_nothing(
    directory: Path, unsafe: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("main.cf", "master.cf"):
        if (directory / name).exists():
            shutil.copyfile(directory / name, tmp_path / name)
    options = ["--unsafe-fixes"] if unsafe else []
    err, first, second = _fix_twice(tmp_path, options, capsys)
    assert "fixes still left" not in err
    assert second == first


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("workload", WORKLOADS)
def test_a_second_fix_of_a_benchmark_workload_changes_nothing(
    workload: str, unsafe: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in WORKLOADS[workload]().items():
        (tmp_path / name).write_text(text)
    options = ["--unsafe-fixes"] if unsafe else []
    err, first, second = _fix_twice(tmp_path, options, capsys)
    assert "fixes still left" not in err
    assert second == first
