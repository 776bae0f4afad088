"""Discovery for many directories walks each folder above them once, with the same result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from postlint import discovery
from postlint.discovery import SettingsResolver


def test_siblings_share_the_walk_above_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "postlint.toml").write_text('ignore = ["PL703"]\n')
    hosts = tmp_path / "hosts"
    for i in range(50):
        (hosts / f"host{i:02d}").mkdir(parents=True)
    (hosts / "host07" / "postlint.toml").write_text('ignore = ["PL101"]\n')
    looked: list[str] = []
    real_lexists = os.path.lexists

    def lexists(path: object) -> bool:
        looked.append(str(path))
        return real_lexists(path)

    monkeypatch.setattr(discovery.os.path, "lexists", lexists)
    resolver = SettingsResolver()
    found = {i: resolver.for_path(hosts / f"host{i:02d}" / "main.cf") for i in range(50)}
    top = found[0]
    assert Path(top.where).parent == tmp_path.resolve()
    assert all(found[i] is top for i in found if i != 7)
    assert Path(found[7].where).parent.name == "host07"
    # The folders above the hosts were looked in once, not once per host.
    assert looked.count(str(hosts.resolve() / "postlint.toml")) == 1
    assert looked.count(str(tmp_path.resolve() / "postlint.toml")) == 1
