"""Installed plugins: the quick look for the built-in rules alone, and everything else still
found through importlib.metadata (a third-party plugin, POSTLINT_DISABLE_PLUGIN_AUTOLOAD)."""

from __future__ import annotations

import importlib.metadata
import shutil
import zipfile
from pathlib import Path

import pytest
from cli_run import imported_modules, run

from postlint.engine.entry_points import installed_plugins

REPO = Path(__file__).resolve().parent.parent


def _metadata_view() -> list[tuple[str, str, str, str]]:
    found = sorted(importlib.metadata.entry_points(group="postlint"), key=lambda e: e.name)
    return [(e.name, e.value, e.dist.name, e.dist.version) for e in found if e.dist]


def _view() -> list[tuple[str, str, str, str]]:
    return [(p.name, p.value, p.dist, p.version) for p in installed_plugins()]


def _install_example(site: Path) -> None:
    """The documented example plugin, installed the way pip lays it out (no pip needed)."""
    site.mkdir()
    shutil.copytree(REPO / "examples" / "plugin" / "postlint_example", site / "postlint_example")
    dist = site / "postlint_example-1.0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: postlint-example\nVersion: 1.0.0\n"
    )
    (dist / "entry_points.txt").write_text("[postlint]\nexample = postlint_example\n")


def test_the_quick_look_agrees_with_importlib_metadata() -> None:
    assert _view() == _metadata_view()


def test_another_plugin_on_sys_path_is_found(tmp_path: Path, monkeypatch) -> None:
    _install_example(tmp_path / "site")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert ("example", "postlint_example", "postlint-example", "1.0.0") in _view()
    assert _view() == _metadata_view()


def test_a_zip_on_sys_path_is_left_to_importlib_metadata(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped_plugin-2.0.dist-info/METADATA", "Name: zipped-plugin\nVersion: 2.0\n")
        zf.writestr("zipped_plugin-2.0.dist-info/entry_points.txt", "[postlint]\nz = zipped\n")
    monkeypatch.syspath_prepend(str(archive))
    assert ("z", "zipped", "zipped-plugin", "2.0") in _view()


def test_built_in_rules_alone_start_without_importlib_metadata(tmp_path: Path) -> None:
    """The quick look is what a plain install uses (importlib.metadata is a fifth of a start)."""
    (tmp_path / "main.cf").write_text("smtpd_use_tls = yes\n")
    result, imported = imported_modules(["check", "main.cf"], tmp_path)
    assert result.returncode == 1 and "PL3" in result.stdout
    assert any(name.startswith("postlint_rules.") for name in imported)
    assert "importlib.metadata" not in imported


@pytest.fixture
def example_site(tmp_path: Path) -> dict[str, str]:
    _install_example(tmp_path / "site")
    (tmp_path / "main.cf").write_text("smtpd_banner = $myhostname ESMTP\n")
    return {"PYTHONPATH": str(tmp_path / "site")}


def test_a_third_party_plugin_is_loaded_through_its_entry_point(
    tmp_path: Path, example_site: dict[str, str]
) -> None:
    version = run(["--version"], tmp_path, env=example_site)
    assert "plugin postlint-example:example 1.0.0" in version.stdout
    assert "plugin postlint:builtin" in version.stdout
    result = run(
        ["--select", "EX001", "--output-format", "concise", "main.cf"], tmp_path, env=example_site
    )
    assert result.returncode == 1
    assert "main.cf:1:16: EX001 [warning] smtpd_banner does not mention EXAMPLE" in result.stdout


def test_autoload_off_skips_the_third_party_plugin_but_not_the_rules(
    tmp_path: Path, example_site: dict[str, str]
) -> None:
    env = {**example_site, "POSTLINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    version = run(["--version"], tmp_path, env=env)
    assert "example" not in version.stdout and "plugin postlint:builtin" in version.stdout
    result = run(["--output-format", "concise", "main.cf"], tmp_path, env=env)
    assert "EX001" not in result.stdout and result.returncode in (0, 1)
    assert "error" not in result.stderr
