"""The pre-commit hooks, run by the real pre-commit against this checkout."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from tools import venv_tool

from postlint.engine.units import TEMPLATE_NAME

REPO = Path(__file__).resolve().parent.parent
CLEAN = (
    "compatibility_level = 3.11\nsmtp_tls_security_level = may\nsmtp_tls_loglevel = 1\n"
    "disable_vrfy_command = yes\nsmtpd_helo_required = yes\n"
)
BAD = CLEAN + "alias_maps = hash:/etc/aliases # local aliases\n"


def _session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This test session's temporary directory, the same for every pytest-xdist worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's store, shared by the workers: it builds the hook environment once (its
    own lock keeps concurrent runs apart)."""
    return _session_dir(tmp_path_factory) / "pre-commit-home"


@pytest.fixture(scope="module")
def source_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this checkout (pre-commit installs hooks from a git revision),
    made once per session: the store knows a hook environment by repository path and rev."""
    target = _session_dir(tmp_path_factory) / "postlint-src"
    with open(f"{target}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be making it right now
        if not (target / ".git").exists():
            _snapshot(target)
    return target


def _snapshot(target: Path) -> None:
    subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True)
    # Bring uncommitted work along, so the test checks this working tree.
    for path in ("src", "rules", ".pre-commit-hooks.yaml", "pyproject.toml"):
        src = REPO / path
        dst = target / path
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
    git = ["git", "-C", str(target), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "snapshot", "--allow-empty"], check=True)


def _config_repo(tmp_path: Path, text: str, name: str = "postfix/main.cf") -> Path:
    repo = tmp_path / "configs"
    (repo / name).parent.mkdir(parents=True)
    (repo / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    return repo


def _run_hook(source: Path, repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    """`pre-commit run HOOK --all-files` with the hooks pinned as a user pins them (repo and
    rev). The hook environment lives in `home`, so it is built once for all the tests."""
    rev = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    config = {
        "repos": [
            {"repo": str(source), "rev": rev, "hooks": [{"id": "postlint"}, {"id": "postlint-fix"}]}
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [*venv_tool("pre-commit"), "run", hook, "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_check_hook_fails_with_diagnostics_and_passes_when_clean(
    source_repo: Path, tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = _config_repo(tmp_path, BAD)
    result = _run_hook(source_repo, repo, "postlint", pre_commit_home)
    assert result.returncode == 1, result.stdout
    assert "postfix/main.cf:6:32: PL401 [error]" in result.stdout
    (repo / "postfix" / "main.cf").write_text(CLEAN)
    assert _run_hook(source_repo, repo, "postlint", pre_commit_home).returncode == 0


def test_fix_hook_rewrites_then_passes(
    source_repo: Path, tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = _config_repo(tmp_path, BAD)
    first = _run_hook(source_repo, repo, "postlint-fix", pre_commit_home)
    assert first.returncode == 1, first.stdout
    assert (repo / "postfix" / "main.cf").read_text() == (
        CLEAN + "# local aliases\nalias_maps = hash:/etc/aliases\n"
    )
    second = _run_hook(source_repo, repo, "postlint-fix", pre_commit_home)
    assert second.returncode == 0, second.stdout


# Names the CLI lints in a directory, and look-alikes it leaves alone.
LINTED = ["main.cf", "master.cf", "main.cf.j2", "master.cf.jinja", "main.cf.jinja2"]
LINTED += ["main.cf.tmpl", "master.cf.tpl", "main.cf.in", "master.cf.erb"]
NOT_LINTED = ["main.cf.bak", "main.cf.orig", "xmain.cf", "main.cfg", "main.cf.j2.swp", "main_cf"]


def test_hook_files_pattern_matches_what_the_cli_lints() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        pattern = re.compile(hook["files"])
        for name in LINTED + NOT_LINTED:
            cli = bool(TEMPLATE_NAME.match(name))
            assert cli == (name in LINTED), name
            for path in (name, f"roles/postfix/templates/{name}"):
                assert bool(pattern.search(path)) == cli, (hook["id"], path)


def test_check_hook_lints_a_template(
    source_repo: Path, tmp_path: Path, pre_commit_home: Path
) -> None:
    template = "roles/postfix/templates/main.cf.j2"
    repo = _config_repo(tmp_path, "myhostname = {{ inventory_hostname }}\n" + BAD, template)
    result = _run_hook(source_repo, repo, "postlint", pre_commit_home)
    assert result.returncode == 1, result.stdout
    assert f"{template}:7:32: PL401 [error]" in result.stdout
