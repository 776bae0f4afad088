"""Config discovery never runs code another user could have written (issue 14, item 1).

Each attack plants a config with a local plugin that would write a marker file if it were
executed; the run must not execute it and must say, in one warning line, what it ignored.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cli_run import run

MAIN = "alias_maps = hash:/etc/aliases # x\n"
OTHER_UID = 4242  # any uid that is neither the invoking user nor root


def plant(directory: Path, marker: Path, name: str = "pyproject.toml") -> Path:
    """A config naming a plugin that leaves `marker` behind when it is executed."""
    (directory / "evil.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    )
    body = 'plugins = ["evil.py"]\nselect = ["PL401"]\n'
    config = directory / name
    config.write_text(f"[tool.postlint]\n{body}" if name == "pyproject.toml" else body)
    return config


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("postlint: warning:")]


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A directory only its owner can write (pytest's own are already, made explicit)."""
    tmp_path.chmod(0o755)
    return tmp_path


def test_a_config_in_a_world_writable_parent_is_not_executed(private: Path) -> None:
    shared = private / "shared"
    (shared / "job").mkdir(parents=True)
    marker = private / "MARKER"
    config = plant(shared, marker)
    shared.chmod(0o777)
    (shared / "job" / "main.cf").write_text(MAIN)
    result = run(["check", "--output-format", "concise", "shared/job/main.cf"], private)
    assert not marker.exists(), "the planted plugin ran"
    assert result.returncode == 1, result.stderr
    [warning] = warnings(result)
    assert str(config) in warning and "writable by group or others" in warning
    # The planted select = ["PL401"] did not apply either: the defaults ran.
    assert "PL101" in result.stdout


def test_stdin_searches_the_working_directory_with_the_same_rules(private: Path) -> None:
    shared = private / "shared"
    shared.mkdir()
    marker = private / "MARKER"
    plant(shared, marker, "postlint.toml")
    shared.chmod(0o1777)  # sticky like /tmp: still not a directory to take a config from
    result = run(["check", "--output-format", "concise", "-"], shared, stdin=MAIN)
    assert not marker.exists(), "the planted plugin ran"
    assert len(warnings(result)) == 1 and "postlint.toml" in result.stderr
    assert "PL101" in result.stdout


def test_a_config_owned_by_another_user_is_ignored(private: Path) -> None:
    marker = private / "MARKER"
    config = plant(private, marker, "postlint.toml")
    os.chown(config, OTHER_UID, OTHER_UID)
    (private / "main.cf").write_text(MAIN)
    result = run(["check", "--output-format", "concise", "main.cf"], private)
    assert not marker.exists()
    [warning] = warnings(result)
    assert f"owned by uid {OTHER_UID}" in warning and str(config) in warning


def test_a_group_writable_config_is_ignored(private: Path) -> None:
    marker = private / "MARKER"
    config = plant(private, marker, ".postlint.toml")
    config.chmod(0o664)
    (private / "main.cf").write_text(MAIN)
    result = run(["check", "main.cf"], private)
    assert not marker.exists()
    assert "writable by group or others" in warnings(result)[0]


def test_an_untrusted_plugin_module_is_not_run_from_a_trusted_config(private: Path) -> None:
    marker = private / "MARKER"
    plant(private, marker, "postlint.toml")
    os.chown(private / "evil.py", OTHER_UID, OTHER_UID)
    (private / "main.cf").write_text(MAIN)
    result = run(["check", "--output-format", "concise", "main.cf"], private)
    assert not marker.exists()
    [warning] = warnings(result)
    assert "local plugin" in warning and "evil.py" in warning and str(OTHER_UID) in warning
    # The trusted config itself still applies.
    assert result.stdout.splitlines()[0].endswith("put comments on their own line")
    assert "PL101" not in result.stdout


def test_a_symlinked_config_is_judged_where_it_points(private: Path) -> None:
    shared = private / "shared"
    shared.mkdir()
    marker = private / "MARKER"
    real = plant(shared, marker, "postlint.toml")
    shared.chmod(0o777)
    project = private / "project"
    project.mkdir()
    (project / "postlint.toml").symlink_to(real)
    (project / "main.cf").write_text(MAIN)
    result = run(["check", "main.cf"], project)
    assert not marker.exists()
    assert "writable by group or others" in warnings(result)[0]


def test_a_trusted_config_and_plugin_still_load(private: Path) -> None:
    """The guard against a fix that simply stops loading plugins."""
    marker = private / "MARKER"
    plant(private, marker, "postlint.toml")
    (private / "main.cf").write_text(MAIN)
    result = run(["check", "main.cf"], private)
    assert marker.read_text() == "ran"
    assert not warnings(result)


def test_discovery_stops_at_the_repository_root(private: Path) -> None:
    (private / "postlint.toml").write_text('select = ["PL401"]\n')
    repo = private / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "etc").mkdir()
    (repo / "etc" / "main.cf").write_text(MAIN)
    result = run(["check", "--output-format", "concise", "etc/main.cf"], repo)
    assert "PL101" in result.stdout, "the config above the repository was used"
    # Inside the repository, a config still applies to the files below it.
    (repo / "postlint.toml").write_text('select = ["PL401"]\n')
    result = run(["check", "--output-format", "concise", "etc/main.cf"], repo)
    assert "PL101" not in result.stdout and "PL401" in result.stdout


def test_isolated_ignores_every_config_file(private: Path) -> None:
    marker = private / "MARKER"
    plant(private, marker, "postlint.toml")
    (private / "main.cf").write_text(MAIN)
    result = run(["check", "--isolated", "--output-format", "concise", "main.cf"], private)
    assert not marker.exists()
    assert "PL101" in result.stdout and not warnings(result)
    both = run(["check", "--isolated", "--config", "postlint.toml", "main.cf"], private)
    assert both.returncode == 2 and "--isolated" in both.stderr


@pytest.mark.parametrize(
    ("option", "env"),
    [(["--no-local-plugins"], {}), ([], {"POSTLINT_DISABLE_PLUGIN_AUTOLOAD": "1"})],
)
def test_local_plugins_can_be_refused(private: Path, option: list[str], env: dict) -> None:
    marker = private / "MARKER"
    plant(private, marker, "postlint.toml")
    (private / "main.cf").write_text(MAIN)
    result = run(["check", *option, "--output-format", "concise", "main.cf"], private, env=env)
    assert not marker.exists()
    [warning] = warnings(result)
    assert "not loading local plugins evil.py" in warning
    # The rest of the config applies; postlint's own rules still run.
    assert "PL401" in result.stdout and "PL101" not in result.stdout


def test_a_fifo_named_like_a_config_is_refused_without_blocking(private: Path) -> None:
    os.mkfifo(private / "postlint.toml")
    (private / "main.cf").write_text(MAIN)
    result = run(["check", "--output-format", "concise", "main.cf"], private)
    assert "not a regular file" in warnings(result)[0]
    assert "PL101" in result.stdout


def test_a_symlink_swapped_in_after_the_path_was_resolved_is_not_followed(
    private: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the path is resolved, then a directory on it becomes a symlink. The walk
    opens each directory without following symlinks, so it notices instead of reading."""
    from postlint import trust

    (private / "elsewhere").mkdir()
    (private / "elsewhere" / "postlint.toml").write_text("select = []\n")
    (private / "project").symlink_to(private / "elsewhere")
    # As if realpath() had run just before `project` was replaced by the symlink.
    monkeypatch.setattr(trust.os.path, "realpath", lambda path: str(path))
    with pytest.raises(trust.Untrusted, match="changed while it was checked"):
        trust.read_trusted(private / "project" / "postlint.toml")
    assert trust.read_trusted(private / "elsewhere" / "postlint.toml") == b"select = []\n"


def test_discovery_stops_at_a_mount_boundary(
    private: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory on another file system than the linted file's is not searched (a test
    cannot mount one, so the device number of the parent is made to differ)."""
    from postlint import discovery

    (private / "postlint.toml").write_text('select = ["PL401"]\n')
    mounted = private / "mnt"
    mounted.mkdir()
    (mounted / "main.cf").write_text(MAIN)
    real_stat = os.stat

    def stat(path: os.PathLike[str] | str, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if Path(path) == mounted:
            fields = list(result)
            fields[2] = result.st_dev + 1  # st_dev
            return os.stat_result(fields)
        return result

    assert discovery.SettingsResolver().for_path(mounted / "main.cf").select == ("PL401",)
    monkeypatch.setattr(discovery.os, "stat", stat)
    assert list(discovery.search_directories(mounted / "main.cf")) == [mounted]
    assert discovery.SettingsResolver().for_path(mounted / "main.cf").select is None
