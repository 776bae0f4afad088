"""Shared fixtures: the real-world corpus and the reference data live in ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from hypothesis import HealthCheck, settings
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "realworld"
REFERENCE = SHARED / "reference" / "postfix"

sys.path.insert(0, str(Path(__file__).resolve().parent))

# No property test is timed: on a busy machine (the suite runs on every core, beside other
# jobs) Hypothesis's deadline and its "input generation is slow" check fail tests at random.
UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
# CI runs the same examples every time, so a red run is about the change it tests and can be
# reproduced; a local run draws new examples (and replays saved failures) to find new bugs.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **UNTIMED)
settings.register_profile("local", **UNTIMED)
settings.load_profile("ci" if os.environ.get("CI") else "local")


def corpus_dirs() -> list[Path]:
    assert CORPUS.is_dir(), f"the shared corpus is missing: {CORPUS}"
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


def corpus_files() -> list[Path]:
    return sorted(p for d in corpus_dirs() for p in d.glob("*.cf"))


@pytest.fixture
def corpus() -> list[Path]:
    return corpus_dirs()


def run_postlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m postlint ARGS` in `cwd`, as a user would run it (no colour)."""
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )


@pytest.fixture(scope="session")
def needs_postconf() -> str:
    """The real postconf (the test oracle): skipped without it, except in CI where it fails."""
    from oracle import postconf

    return postconf()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "postlint", "server"])
)
async def client(lsp_client: LanguageClient):
    """`postlint server` started and initialised as an editor would (UTF-16 positions)."""
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
    )
    yield
    await lsp_client.shutdown_session()
