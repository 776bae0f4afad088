"""PL411 (missing-table-file) through the CLI, on real files with real mtimes: reported only
where Postfix opens the files (the linted directory itself), never through a symlink out of
it, never in a config repository; and it agrees with the real postmap on every state of
every table type the local build has."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from oracle import OLD_MTIME
from tools import require_system_tool

from tests.test_cli import postlint

HEAD = "myhostname = mx.example.org\nmydomain = example.org\n"


def findings(directory: Path, *extra: str) -> list[dict[str, object]]:
    result = postlint(
        "check", "--select", "PL411", "--output-format", "json", *extra, str(directory)
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def table(path: Path, text: str = "key value\n", age: int = 0) -> Path:
    """A file at `path`, `age` seconds older than the old mtime the tests start from."""
    path.write_text(text)
    os.utime(path, (OLD_MTIME - age, OLD_MTIME - age))
    return path


def postmap_answers(config: Path, specs: list[str]) -> dict[str, str]:
    """What the real postmap says on stderr when asked to look a key up in each table, all
    asked at once (each fatal error costs postmap a second's sleep)."""
    postmap = require_system_tool("postmap")
    asked = {
        spec: subprocess.Popen(
            [postmap, "-c", str(config), "-q", "key", spec],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for spec in specs
    }
    return {spec: process.communicate(timeout=60)[1] for spec, process in asked.items()}


def quoted(found: dict[str, object]) -> str:
    """The table a finding is about, as written ("... table hash:/x: problem")."""
    message = str(found["message"])
    return message.split(" table ", 1)[1].split(": ", 1)[0]


def test_missing_and_stale_built_files_in_the_linted_directory(tmp_path: Path) -> None:
    table(tmp_path / "virtual")  # never built
    table(tmp_path / "transport")
    table(tmp_path / "transport.db", age=3600)  # built before the last edit
    table(tmp_path / "relocated")
    table(tmp_path / "relocated.db")  # same second: Postfix does not warn either
    (tmp_path / "main.cf").write_text(
        HEAD + f"virtual_alias_maps = hash:{tmp_path}/virtual\n"
        f"transport_maps = hash:{tmp_path}/transport\n"
        f"relocated_maps = hash:{tmp_path}/relocated\n"
    )
    found = findings(tmp_path)
    assert [(f["severity"], quoted(f)) for f in found] == [
        ("error", f"hash:{tmp_path}/virtual"),
        ("warning", f"hash:{tmp_path}/transport"),
    ]
    assert f"run postmap hash:{tmp_path}/virtual" in str(found[0]["message"])
    assert "older than" in str(found[1]["message"])
    # After postmap (a newer .db), nothing is left.
    table(tmp_path / "virtual.db")
    table(tmp_path / "transport.db")
    assert findings(tmp_path) == []


def test_a_config_repository_is_not_judged_by_what_it_does_not_commit(tmp_path: Path) -> None:
    # The same texts as /etc/postfix holds them, without the .db files: nothing to say.
    table(tmp_path / "virtual")
    (tmp_path / "main.cf").write_text(
        HEAD + "virtual_alias_maps = hash:/etc/postfix/virtual\n"
        "header_checks = regexp:/etc/postfix/header_checks\n"
        "alias_maps = hash:$config_directory/aliases\n"
    )
    assert findings(tmp_path) == []
    # Unless the repository says it is a complete copy of /etc/postfix.
    (tmp_path / "postlint.toml").write_text(
        '[rules.missing-table-file]\ninstalled-as = "/etc/postfix"\n'
    )
    assert sorted(quoted(f) for f in findings(tmp_path)) == [
        "hash:$config_directory/aliases",
        "hash:/etc/postfix/virtual",
        "regexp:/etc/postfix/header_checks",
    ]


def test_a_symlink_out_of_the_directory_is_never_followed(tmp_path: Path) -> None:
    config, outside = tmp_path / "postfix", tmp_path / "elsewhere"
    config.mkdir()
    outside.mkdir()
    table(outside / "virtual")  # newer than the .db below, but not postlint's to look at
    (config / "virtual").symlink_to(outside / "virtual")
    table(config / "virtual.db", age=3600)
    (config / "header_checks").symlink_to(outside / "missing")  # out, and dangling
    (config / "sub").symlink_to(outside)  # a directory on the way leads out
    (config / "main.cf").write_text(
        HEAD + f"virtual_alias_maps = hash:{config}/virtual\n"
        f"header_checks = regexp:{config}/header_checks\n"
        f"body_checks = regexp:{config}/sub/nothing\n"
    )
    assert findings(config) == []
    # A dangling link inside the directory is as missing for Postfix as no file at all.
    (config / "header_checks").unlink()
    (config / "header_checks").symlink_to(config / "missing")
    assert [quoted(f) for f in findings(config)] == [f"regexp:{config}/header_checks"]


def test_a_config_directory_reached_through_a_symlink(tmp_path: Path) -> None:
    # /etc/postfix -> /usr/local/etc/postfix: the tables are named by the link's path.
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    table(real / "access")
    (real / "main.cf").write_text(
        HEAD + "smtpd_client_restrictions = permit_mynetworks,\n"
        f"    check_client_access hash:{tmp_path}/link/access, reject\n"
    )
    found = findings(real)
    assert [quoted(f) for f in found] == [f"hash:{tmp_path}/link/access"]
    assert found[0]["location"] == {"row": 4, "column": 25}


def test_master_cf_override_and_members_of_composite_tables(tmp_path: Path) -> None:
    table(tmp_path / "sender_access")
    table(tmp_path / "one.db")
    (tmp_path / "main.cf").write_text(
        HEAD + f"virtual_alias_maps = unionmap:{{hash:{tmp_path}/one, cidr:{tmp_path}/two}}\n"
    )
    (tmp_path / "master.cf").write_text(
        "smtp inet n - n - - smtpd\n"
        "submission inet n - n - - smtpd\n"
        f"  -o smtpd_sender_restrictions=check_sender_access,proxy:btree:{tmp_path}/sender_access\n"
    )
    found = findings(tmp_path)
    assert [(f["filename"].rsplit("/", 1)[-1], f["service"], quoted(f)) for f in found] == [
        ("main.cf", None, f"cidr:{tmp_path}/two"),
        ("master.cf", "submission/inet", f"proxy:btree:{tmp_path}/sender_access"),
    ]
    assert "does not exist" in str(found[1]["message"])


def test_aliases_are_rebuilt_with_postalias_from_their_source(tmp_path: Path) -> None:
    table(tmp_path / "aliases.db")  # built, but its source is gone
    table(tmp_path / "local_aliases")  # never built
    (tmp_path / "main.cf").write_text(
        HEAD + f"alias_maps = hash:{tmp_path}/aliases, hash:{tmp_path}/local_aliases\n"
        f"alias_database = hash:{tmp_path}/aliases\n"
    )
    found = findings(tmp_path)
    assert [(f["severity"], quoted(f)) for f in found] == [
        ("warning", f"hash:{tmp_path}/aliases"),
        ("error", f"hash:{tmp_path}/local_aliases"),
        ("warning", f"hash:{tmp_path}/aliases"),
    ]
    assert "cannot be rebuilt" in str(found[0]["message"])
    assert f"run postalias hash:{tmp_path}/local_aliases" in str(found[1]["message"])
    assert "newaliases fails" in str(found[2]["message"])


# Every state a table's files can be in: (source, built file) ages in seconds before the
# tests' old mtime, None for a missing file.
STATES = {
    "built": (3600, 0),
    "stale": (0, 3600),
    "unbuilt": (0, None),
    "built-only": (None, 0),
    "nothing": (None, None),
}


@pytest.mark.usefixtures("needs_postconf")
def test_reported_exactly_when_the_real_postmap_complains(tmp_path: Path) -> None:
    postmap = require_system_tool("postmap")
    config = tmp_path / "etc"
    config.mkdir()
    table(config / "main.cf", HEAD)  # postmap -c reads it
    written = []
    for kind in ("hash", "btree", "regexp", "cidr", "texthash"):
        for state, (source_age, built_age) in STATES.items():
            name = config / f"{kind}-{state}"
            text = "192.0.2.1 OK\n" if kind == "cidr" else "key value\n"
            if built_age is not None and kind in ("hash", "btree"):
                table(name, text)  # what postmap builds from (removed after: "built-only")
                subprocess.run([postmap, "-c", str(config), f"{kind}:{name}"], check=True)
                os.utime(f"{name}.db", (OLD_MTIME - built_age, OLD_MTIME - built_age))
                name.unlink()
            if source_age is not None:
                table(name, text, source_age)
            written.append(f"{kind}:{name}")
    table(config / "main.cf", HEAD + "virtual_alias_maps =\n    " + ",\n    ".join(written))
    complaints = {
        spec
        for spec, said in postmap_answers(config, written).items()
        if "older than source file" in said or ": fatal: open " in said
    }
    # The oracle answered: unbuilt, stale and nothing for the two built types, no file for
    # the three others.
    assert len(complaints) == 2 * 3 + 3 * 2
    assert {quoted(f) for f in findings(config)} == complaints


@pytest.mark.parametrize("maybe_is_a_link", [False, True])
def test_nothing_outside_the_directory_decides_a_finding(
    tmp_path: Path, maybe_is_a_link: bool
) -> None:
    # A config (or a symlink committed to a repository) that goes out of the directory and
    # back with '..' would make the finding tell whether a path out there is a symlink:
    # such a table is not looked at, whatever lies outside.
    config, outside = tmp_path / "postfix", tmp_path / "elsewhere"
    config.mkdir()
    (outside / "deep" / "er").mkdir(parents=True)
    maybe = outside / "maybe"
    if maybe_is_a_link:
        maybe.symlink_to(outside / "deep" / "er")
    else:
        maybe.mkdir()
    back = f"{maybe}/../../postfix"
    table(config / "virtual")  # never built
    table(config / "transport")
    table(config / "transport.real", age=3600)
    (config / "transport.db").symlink_to(f"{back}/transport.real")
    table(config / "relocated")  # never built
    (config / "via").symlink_to(back)
    (config / "main.cf").write_text(
        HEAD + f"virtual_alias_maps = hash:{back}/virtual\n"
        f"transport_maps = hash:{config}/transport\n"
        f"relocated_maps = hash:{config}/via/relocated\n"
    )
    assert findings(config) == []


def test_a_line_a_later_one_overrides_is_never_opened(tmp_path: Path) -> None:
    # The last line of a name wins: Postfix never opens the table of an earlier one (PL403
    # reports the duplicate), so neither PL411 nor PL311 judges it.
    table(tmp_path / "old")  # never built, but no longer used
    table(tmp_path / "new", age=3600)
    table(tmp_path / "new.db")
    (tmp_path / "main.cf").write_text(
        HEAD + f"virtual_alias_maps = hash:{tmp_path}/old\n"
        f"virtual_alias_maps = hash:{tmp_path}/new\n"
        "default_database_type = hash\ndefault_database_type = lmdb\n"
    )
    assert findings(tmp_path) == []
    (tmp_path / "postlint.toml").write_text("[rules.PL311]\nberkeley-db = false\n")
    result = postlint(
        "check",
        "--select",
        "PL311",
        "--output-format",
        "concise",
        "--postfix-version",
        "3.11",
        str(tmp_path),
    )
    assert [line for line in result.stdout.splitlines() if "PL311" in line] == [
        line for line in result.stdout.splitlines() if f"hash:{tmp_path}/new" in line
    ]
    assert f"hash:{tmp_path}/new" in result.stdout
    # The earlier line stays judged where it is the only one.
    (tmp_path / "main.cf").write_text(HEAD + f"virtual_alias_maps = hash:{tmp_path}/old\n")
    assert [quoted(f) for f in findings(tmp_path)] == [f"hash:{tmp_path}/old"]


def test_an_override_its_program_never_reads_is_never_opened(tmp_path: Path) -> None:
    # header_checks is cleanup's: on the smtp client the -o changes nothing (PL202 says so),
    # so its table is never opened; smtp_header_checks on the same service is.
    (tmp_path / "main.cf").write_text(HEAD)
    (tmp_path / "master.cf").write_text(
        "smtp unix - - n - - smtp\n"
        f"  -o header_checks=regexp:{tmp_path}/unread\n"
        f"  -o smtp_header_checks=regexp:{tmp_path}/read\n"
    )
    found = findings(tmp_path)
    assert [(f["service"], quoted(f)) for f in found] == [("smtp/unix", f"regexp:{tmp_path}/read")]
