"""PL311 (berkeley-db-table) with `--postfix-version auto`: the table types of the build come
from the host's own postconf (`postconf -m`, found as for the version, never on PATH), and
nothing is said when the target is not this host and the option does not say."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run as cli_run
from oracle import OLD_MTIME, prepare, run_postconf

from postlint.api import table_types
from postlint.cli import main
from postlint.postfix import local_postconf
from tests.test_missing_table_file import postmap_answers

MAIN = """\
myhostname = mx.example.org
mydomain = example.org
compatibility_level = 3.11
virtual_alias_maps = hash:/etc/postfix/virtual, lmdb:/etc/postfix/more
"""


@pytest.fixture(autouse=True)
def fresh_answers() -> Iterator[None]:
    local_postconf.detect_table_types.cache_clear()
    yield
    local_postconf.detect_table_types.cache_clear()


def host_postconf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, types: str, log: Path | None = None
) -> None:
    """A trusted postconf of a 3.11 host whose build has `types` (postconf -m)."""
    sbin = tmp_path / "sbin"
    sbin.mkdir()
    record = f'echo "$@" >> {log}\n' if log is not None else ""
    script = sbin / "postconf"
    script.write_text(
        f'#!/bin/sh\n{record}case "$*" in *-m*) echo "{types}" | tr " " "\\n";; '
        "*) echo 3.11.0;; esac\n"
    )
    script.chmod(0o755)
    monkeypatch.setattr(local_postconf, "POSTCONF_DIRS", (str(sbin),))


def lint(directory: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code = main(["check", "--select", "PL311", "--output-format", "json", *args, str(directory)])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return [f["message"] for f in json.loads(out)]


def test_auto_reports_hash_tables_on_a_build_without_berkeley_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "asked"
    host_postconf(tmp_path, monkeypatch, "cidr lmdb pcre regexp static texthash", log)
    config = tmp_path / "postfix"
    config.mkdir()
    (config / "main.cf").write_text(MAIN)
    found = lint(config, capsys, "--postfix-version", "auto")
    assert len(found) == 1
    assert found[0].startswith("virtual_alias_maps table hash:/etc/postfix/virtual: this host's")
    assert "run postmap lmdb:/etc/postfix/virtual, then write lmdb: here" in found[0]
    # postconf was asked about its build with an empty configuration of postlint's own,
    # never with the linted one.
    asked = log.read_text().splitlines()
    table_question = [line for line in asked if line.endswith("-m")]
    assert len(table_question) == 1 and str(config) not in table_question[0]


def test_auto_says_nothing_on_a_build_with_berkeley_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    host_postconf(tmp_path, monkeypatch, "btree cidr hash lmdb regexp static")
    (tmp_path / "main.cf").write_text(MAIN)
    assert lint(tmp_path, capsys, "--postfix-version", "auto") == []


def test_without_auto_the_build_is_unknown_and_postconf_is_not_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "asked"
    host_postconf(tmp_path, monkeypatch, "cidr lmdb", log)
    (tmp_path / "main.cf").write_text(MAIN)
    assert lint(tmp_path, capsys, "--postfix-version", "3.11") == []
    assert not log.exists()
    # The option states it for a host that is not this one.
    (tmp_path / "postlint.toml").write_text("[rules.PL311]\nberkeley-db = false\n")
    assert len(lint(tmp_path, capsys, "--postfix-version", "3.11")) == 1


@pytest.mark.usefixtures("needs_postconf")
def test_the_table_types_are_those_of_the_real_postconf(tmp_path: Path) -> None:
    config = prepare(tmp_path, tmp_path / "etc")
    real = run_postconf(config, ("-m",)).stdout.decode().split()
    assert "hash" in real  # the oracle answered
    assert local_postconf.detect_table_types() == frozenset(real)


def test_auto_reports_a_table_type_the_build_lacks_under_pl411(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The types of Postfix that come as plugins of their own (postfix-pcre, postfix-lmdb).
    host_postconf(tmp_path, monkeypatch, "btree cidr hash proxy regexp static unionmap")
    config = tmp_path / "postfix"
    config.mkdir()
    (config / "main.cf").write_text(
        "header_checks = pcre:/etc/postfix/header_checks\n"
        "virtual_alias_maps = proxy:lmdb:/etc/postfix/virtual, hash:/etc/postfix/more,\n"
        "    unionmap:{cidr:/etc/postfix/a, mysql:/etc/postfix/mysql.cf}\n"
        "transport_maps = hahs:/etc/postfix/transport\n"  # no Postfix has it: PL423's
    )
    code = main(["check", "--select", "PL411", "--postfix-version", "auto", str(config)])
    out = capsys.readouterr().out
    assert code == 1
    found = [line for line in out.splitlines() if " PL411 " in line]
    assert [line.split(" table ")[1].split(":")[0] for line in found] == [
        "pcre",
        "proxy",
        "mysql",
    ]
    assert "this host's Postfix has no lmdb: table type" in found[1]
    # Without auto the build is unknown: nothing.
    main(["check", "--select", "PL411", "--postfix-version", "3.11", str(config)])
    assert " PL411 " not in capsys.readouterr().out


# Types whose name is no file, or whose lookups go to a server or a service (postmap -q
# would wait for it): left out of the comparison with the real postmap.
NOT_FILES = {"hash", "btree", "proxy", "tcp", "socketmap", "unix", "nis", "memcache"}
NOT_FILES |= {"pipemap", "unionmap", "inline", "environ", "fail", "static", "randmap"}
NOT_FILES |= {"internal", "debug"}


@pytest.mark.usefixtures("needs_postconf")
def test_pl411_agrees_with_the_real_postmap_on_the_types_of_this_build(tmp_path: Path) -> None:
    config = prepare(tmp_path, tmp_path / "etc")
    kinds = sorted(table_types(local_postconf.detect_version()) - NOT_FILES)
    tables = [f"{kind}:{tmp_path}/none-{kind}.cf" for kind in kinds]
    (config / "main.cf").write_text("virtual_alias_maps =\n    " + ",\n    ".join(tables) + "\n")
    os.utime(config / "main.cf", (OLD_MTIME, OLD_MTIME))
    unsupported = {
        spec
        for spec, said in postmap_answers(config, tables).items()
        if "unsupported dictionary type" in said
    }
    assert unsupported  # the oracle answered (Debian builds pcre, lmdb, mysql... as plugins)
    assert len(unsupported) < len(tables)  # and regexp, cidr, texthash are built in
    args = ["check", "--select", "PL411", "--postfix-version", "auto", "--output-format", "json"]
    found = cli_run([*args, str(config)], cwd=tmp_path)
    reported = {f["message"].split(" table ")[1].split(": ")[0] for f in json.loads(found.stdout)}
    assert reported == unsupported


@pytest.mark.parametrize("how", ["in-the-directory", "through-a-symlink", "a-symlink-to-it"])
def test_a_postconf_others_could_swap_is_not_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    # A root-owned program in a directory anyone may write (a symlink placed there, or the
    # program renamed away and replaced) is not the host's postconf, however it is owned.
    log = tmp_path / "ran"
    host_postconf(tmp_path, monkeypatch, "btree cidr", log)
    sbin = tmp_path / "sbin"
    if how == "in-the-directory":
        sbin.chmod(0o777)
    elif how == "a-symlink-to-it":  # planted where others may write, to a trusted program
        planted = tmp_path / "planted"
        planted.mkdir()
        planted.chmod(0o777)
        (planted / "postconf").symlink_to(sbin / "postconf")
        monkeypatch.setattr(local_postconf, "POSTCONF_DIRS", (str(planted),))
    else:
        unsafe = tmp_path / "unsafe"
        unsafe.mkdir()
        unsafe.chmod(0o777)
        (sbin / "postconf").rename(unsafe / "postconf")
        (sbin / "postconf").symlink_to(unsafe / "postconf")
    (tmp_path / "main.cf").write_text(MAIN)
    code = main(["check", "--select", "PL311", "--postfix-version", "auto", str(tmp_path)])
    assert code == 2
    assert "no postconf in" in capsys.readouterr().err
    assert not log.exists()
