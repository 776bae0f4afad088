"""Without --jobs, worker processes start only when the work pays for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.jobs import BYTES_PER_WORKER, automatic_jobs
from tests.test_cli import BAD_MAIN, postlint
from tests.test_parallel import MASTER


def test_many_small_configurations_stay_in_one_process(tmp_path: Path) -> None:
    # The case from the issue: 200 files in 100 directories, where 2 workers were slower.
    for i in range(100):
        host = tmp_path / f"host{i:03d}"
        host.mkdir()
        (host / "main.cf").write_text(BAD_MAIN)
        (host / "master.cf").write_text(MASTER)
    result = postlint("-v", "--output-format", "json", str(tmp_path))
    assert "100 configuration(s), 1 process(es)\n" in result.stderr
    forced = postlint("-v", "--jobs", "2", "--output-format", "json", str(tmp_path))
    assert "100 configuration(s), 2 process(es)\n" in forced.stderr
    assert forced.stdout == result.stdout


@pytest.mark.parametrize(
    ("units", "size", "cores", "jobs"),
    [
        (100, 100 * 4096, 2, 1),  # little to lint: one process
        (100, 4 * BYTES_PER_WORKER, 2, 2),  # enough for two
        (100, 4 * BYTES_PER_WORKER, 1, 1),  # but only one idle core
        (12, 4 * BYTES_PER_WORKER, 4, 1),  # few large configurations: too few to share
        (1000, 100 * BYTES_PER_WORKER, 8, 8),
    ],
)
def test_automatic_jobs_need_work_and_idle_cores(
    units: int, size: int, cores: int, jobs: int
) -> None:
    assert automatic_jobs(units, size, cores) == jobs
