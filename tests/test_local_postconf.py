"""`--postfix-version auto` asks the host's own postconf, and only a postconf it can trust."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from postlint.postfix import local_postconf


@pytest.mark.usefixtures("needs_postconf")
def test_auto_is_the_release_of_the_installed_postconf(tmp_path: Path) -> None:
    import subprocess

    out = subprocess.run(
        ["/usr/sbin/postconf", "-d", "-h", "mail_version"], capture_output=True, text=True
    ).stdout.split(".")
    found = local_postconf.detect_version()
    assert (found.major, found.minor) == (int(out[0]), int(out[1]))
    (tmp_path / "main.cf").write_text("smtp_tls_security_level = may\n")
    result = run(["check", "--isolated", "--postfix-version", "auto", "."], cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Assumed Postfix" not in result.stdout + result.stderr


def test_a_postconf_planted_on_the_path_is_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    planted = tmp_path / "bin" / "postconf"
    planted.parent.mkdir()
    planted.write_text(f"#!/bin/sh\ntouch {marker}\necho 3.11.0\n")
    planted.chmod(0o755)
    monkeypatch.setenv("PATH", f"{planted.parent}:/usr/sbin:/usr/bin:/sbin:/bin")
    monkeypatch.setattr(local_postconf, "POSTCONF_DIRS", ("/nonexistent",))
    with pytest.raises(ValueError, match="no postconf in /nonexistent"):
        local_postconf.detect_version()
    assert not marker.exists()


def test_a_postconf_others_may_change_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    shared = tmp_path / "postconf"
    shared.write_text(f"#!/bin/sh\ntouch {marker}\necho 3.11.0\n")
    shared.chmod(0o777)  # group and world writable
    monkeypatch.setattr(local_postconf, "POSTCONF_DIRS", (str(tmp_path),))
    assert local_postconf.installed_postconf() is None
    shared.chmod(0o755)
    assert local_postconf.installed_postconf() == str(shared)
    found = local_postconf.detect_version()
    assert (found.major, found.minor) == (3, 11)
    assert marker.exists()
