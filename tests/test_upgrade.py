"""`postlint upgrade` on real migration paths, checked against the release dumps."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS
from upgrade_oracle import RELEASES, changes, corpus_settings, effective, folder, read_pairs

from postlint.cli import main
from postlint.postfix.releases import release_table

STOCK = CORPUS / "003-postfix-upstream-v2.10.1"
# (corpus config, --from, --to): the distributions' upgrade paths and 3.x -> 3.11.
PATHS = [
    (STOCK, "centos7", "rhel9"),
    (STOCK, "amazonlinux2", "3.5.9"),
    (CORPUS / "038-debian-pkg-trusty", "debian11", "debian12"),
    (CORPUS / "035-ubuntu-etckeeper", "ubuntu2204", "ubuntu2404"),
    (CORPUS / "017-macos-stock", "3.5", "3.11"),
    (CORPUS / "010-grapheneos", "3.8", "3.11"),
    (STOCK, "3.5.25", "3.11"),
]
IDS = [f"{d.name}:{a}->{b}" for d, a, b in PATHS]


def upgrade(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["upgrade", *args])
    out, err = capsys.readouterr()
    return code, out, err


def upgrade_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = upgrade(capsys, *args, "--output-format", "json")
    assert code == 0, err
    return json.loads(out)


def listed(changes_json: list[dict]) -> dict[str, tuple[str, str]]:
    """The main.cf-wide changes the command listed, for parameters -d lists."""
    return {
        c["name"]: (c["before"]["value"], c["after"]["value"])
        for c in changes_json
        if c["service"] is None
    }


def copy_config(source: Path, target: Path, extra: str = "") -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("main.cf", "master.cf"):
        if (source / name).exists():
            shutil.copyfile(source / name, target / name)
    if extra:
        with open(target / "main.cf", "a", encoding="utf-8") as f:
            f.write(extra)
    return target


@pytest.mark.parametrize("release", ["3.5.9", "3.5.25", "3.6.4", "3.7.11", "3.8.6", "3.11"])
def test_oracle_reproduces_postconf_x(release: str) -> None:
    """The oracle itself: with only compatibility_level set, it gives what the real
    postconf -x of that release printed (values that expand host facts aside)."""
    host_marks = ("vm.localdomain", "localdomain", "192.0.2.", "fd00:", "fe80:")
    for level in release_table().release(release).levels:
        dumped = read_pairs(RELEASES / release / f"postconf-x-compat-{level}.txt")
        ours = effective(release, {"compatibility_level": level})
        differ = {
            name
            for name, value in dumped.items()
            if name in ours
            and name not in ("process_id", "debugger_command", "myhostname", "mydomain")
            and not any(mark in value for mark in host_marks)
            and " ".join(value.split()) != ours[name]
        }
        assert differ == set(), (release, level, sorted(differ)[:5])


@pytest.mark.parametrize(("config", "old", "new"), PATHS, ids=IDS)
def test_listed_changes_are_the_release_difference(
    capsys: pytest.CaptureFixture[str], config: Path, old: str, new: str
) -> None:
    report = upgrade_json(capsys, str(config), "--from", old, "--to", new)
    expected = changes(folder(old), folder(new), corpus_settings(config))
    got = listed(report["changes"])
    in_dumps = {n: v for n, v in got.items() if n in read_pairs(RELEASES / folder(new) / "postconf-d.txt")}
    assert in_dumps == expected
    # Anything else listed is a per-service parameter of this master.cf's services.
    suffixes = {s for s, _ in release_table().release(new).service_suffixes}
    assert all(any(n.endswith(s) for s in suffixes) for n in set(got) - set(in_dumps))


@pytest.mark.parametrize(("config", "old", "new"), PATHS[:1] + PATHS[2:4] + PATHS[6:], ids=IDS[:1] + IDS[2:4] + IDS[6:])
def test_raising_the_level_lists_the_level_difference(
    capsys: pytest.CaptureFixture[str], config: Path, old: str, new: str
) -> None:
    level = release_table().release(new).newest_level
    report = upgrade_json(capsys, str(config), "--from", old, "--to", new, "--compatibility-level", level)
    settings = corpus_settings(config)
    raised = {**settings, "compatibility_level": level}
    expected = changes(folder(new), folder(new), settings, raised)
    expected.pop("compatibility_level", None)
    assert listed(report["raise_compatibility_level"]["changes"]) == expected
    assert report["raise_compatibility_level"]["level"] == level


def test_stock_2_10_to_rhel9_at_level_2_refuses_relay_for_mydestination(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = upgrade_json(capsys, str(STOCK), "--from", "centos7", "--to", "rhel9", "--compatibility-level", "2")
    assert report["from"] == {"version": "2.10.1", "compatibility_level": None}
    assert report["to"]["compatibility_level"] == "0"
    assert report["to"]["compatibility_level_source"] == "default"
    step = {c["name"]: c for c in report["raise_compatibility_level"]["changes"]}
    assert step["relay_domains"]["after"]["value"] == ""
    assert step["relay_domains"]["category"] == "relay"
    assert "refused" in step["relay_domains"]["meaning"]
    assert step["append_dot_mydomain"]["category"] == "rewriting"
    assert step["smtputf8_enable"]["category"] == "smtputf8"


