"""`postlint upgrade` on real migration paths, checked against the release dumps."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, REFERENCE
from upgrade_oracle import (
    NOT_COMPARED,
    RELEASES,
    changes,
    corpus_settings,
    effective,
    folder,
    read_pairs,
    read_pairs_text,
)

from postlint.cli import main
from postlint.files import load_directory
from postlint.postfix.releases import release_table
from postlint.postfix.upgrade import Evaluation, compare, resolve

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


def write_config(tmp_path: Path, main_cf: str, master_cf: str | None = None) -> Path:
    directory = tmp_path / "conf"
    directory.mkdir()
    (directory / "main.cf").write_text(main_cf)
    if master_cf is not None:
        (directory / "master.cf").write_text(master_cf)
    return directory


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
    in_dumps = {
        n: v for n, v in got.items() if n in read_pairs(RELEASES / folder(new) / "postconf-d.txt")
    }
    assert in_dumps == expected
    # Anything else listed is a per-service parameter of this master.cf's services.
    suffixes = {s for s, _ in release_table().release(new).service_suffixes}
    assert all(any(n.endswith(s) for s in suffixes) for n in set(got) - set(in_dumps))


@pytest.mark.parametrize(
    ("config", "old", "new"), PATHS[:1] + PATHS[2:4] + PATHS[6:], ids=IDS[:1] + IDS[2:4] + IDS[6:]
)
def test_raising_the_level_lists_the_level_difference(
    capsys: pytest.CaptureFixture[str], config: Path, old: str, new: str
) -> None:
    level = release_table().release(new).newest_level
    report = upgrade_json(
        capsys, str(config), "--from", old, "--to", new, "--compatibility-level", level
    )
    settings = corpus_settings(config)
    raised = {**settings, "compatibility_level": level}
    expected = changes(folder(new), folder(new), settings, raised)
    expected.pop("compatibility_level", None)
    assert listed(report["raise_compatibility_level"]["changes"]) == expected
    assert report["raise_compatibility_level"]["level"] == level


def test_stock_2_10_to_rhel9_at_level_2_refuses_relay_for_mydestination(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = upgrade_json(
        capsys, str(STOCK), "--from", "centos7", "--to", "rhel9", "--compatibility-level", "2"
    )
    assert report["from"] == {"version": "2.10.1", "compatibility_level": None}
    assert report["to"]["compatibility_level"] == "0"
    assert report["to"]["compatibility_level_source"] == "default"
    step = {c["name"]: c for c in report["raise_compatibility_level"]["changes"]}
    assert step["relay_domains"]["after"]["value"] == ""
    assert step["relay_domains"]["category"] == "relay"
    assert "refused" in step["relay_domains"]["meaning"]
    assert step["append_dot_mydomain"]["category"] == "rewriting"
    assert step["smtputf8_enable"]["category"] == "smtputf8"


def not_pinned(stderr: str) -> set[str]:
    """The names `--fix` said it left as the newer release has them."""
    for line in stderr.splitlines():
        if "not pinned" in line:
            return {n.strip() for n in line.split(":", 2)[-1].split(",")}
    return set()


# Inline tables ({{...}} that look like templates) and banners that show $mail_version.
PIN_PATHS = [
    *PATHS,
    (CORPUS / "021-danwin-tor-mail", "3.4", "3.11"),
    (CORPUS / "020-openmandriva", "2.10.1", "3.5.9"),
]


@pytest.mark.parametrize(
    ("config", "old", "new"), PIN_PATHS, ids=[f"{d.name}:{a}->{b}" for d, a, b in PIN_PATHS]
)
def test_pinned_config_keeps_todays_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path, old: str, new: str
) -> None:
    directory = copy_config(config, tmp_path / "conf")
    code, _out, err = upgrade(capsys, str(directory), "--from", old, "--to", new, "--fix")
    assert code == 0, err
    left = not_pinned(err)
    report = upgrade_json(capsys, str(directory), "--from", old, "--to", new)
    assert {c["name"] for c in report["changes"]} <= left
    # Left: lists the newer release's own programs need, deprecated cipher grades, and
    # settings that show the release's version (a banner with $mail_version).
    main_cf = (config / "main.cf").read_text("utf-8", "surrogateescape")
    shows_version = {n for n in left if "mail_version" in main_cf and n.endswith("_banner")}
    assert left <= {"import_environment", "proxy_read_maps"} | shows_version | {
        n for n in left if n.endswith("_tls_ciphers")
    }
    # Pins write the older release's values: on the older release nothing changes.
    pinned, original = load_directory(directory), load_directory(config)
    release = resolve(old)
    today = Evaluation(original.main, original.master, release)
    assert compare(today, Evaluation(pinned.main, pinned.master, release)).changes == []


def test_diff_is_a_patch_git_applies_that_equals_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_config(STOCK, tmp_path / "a")
    copy_config(STOCK, tmp_path / "b")
    code, patch, _err = upgrade(capsys, "a", "--from", "centos7", "--to", "rhel9", "--diff")
    assert code == 0 and patch.startswith("--- a/a/main.cf\n+++ b/a/main.cf\n")
    assert (tmp_path / "a" / "main.cf").read_bytes() == (STOCK / "main.cf").read_bytes()
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=patch, text=True, check=True)
    code, _out, _err = upgrade(capsys, "b", "--from", "centos7", "--to", "rhel9", "--fix")
    assert code == 0
    assert (tmp_path / "a" / "main.cf").read_text() == (tmp_path / "b" / "main.cf").read_text()
    assert "smtpd_relay_restrictions = permit_mynetworks" in patch


def test_adopt_raises_the_level_and_keeps_relaying_and_rewriting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = copy_config(STOCK, tmp_path / "conf")
    code, _out, err = upgrade(
        capsys, str(directory), "--from", "centos7", "--to", "3.11", "--fix", "--adopt"
    )
    assert code == 0, err
    text = (directory / "main.cf").read_text()
    assert "compatibility_level = 3.11\n" in text
    report = upgrade_json(capsys, str(directory), "--from", "centos7", "--to", "3.11")
    assert report["to"]["compatibility_level"] == "3.11"
    kinds = {c["category"] for c in report["changes"]}
    assert "relay" not in kinds and "rewriting" not in kinds
    # The level is no longer below the release's: postconf stops logging old defaults.
    assert not any("PL312" in w for w in report["warnings"])


def test_adopt_uses_current_names_and_drops_what_became_the_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_config(
        tmp_path,
        "smtpd_tls_protocols = !SSLv2, !SSLv3\nsmtp_tls_ciphers = medium\n"
        "fallback_relay = [backup.example.net]\nvirtual_maps = hash:/etc/postfix/virtual\n",
    )
    code, patch, err = upgrade(
        capsys, str(directory), "--from", "2.10.1", "--to", "3.5.9", "--diff", "--adopt"
    )
    assert code == 0, err
    assert "-fallback_relay = [backup.example.net]\n+smtp_fallback_relay = [backup" in patch
    # virtual_maps also meant virtual_alias_domains: no exact equivalent, left alone.
    assert "-virtual_maps" not in patch
    assert "-smtpd_tls_protocols = !SSLv2, !SSLv3\n" in patch  # 3.5.9's default now
    assert "-smtp_tls_ciphers = medium\n" in patch
    assert "+compatibility_level = 2\n" in patch


def _debian_upgrade(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *fix: str
) -> tuple[dict[str, str], dict[str, str], str, tuple[set[str], set[str]]]:
    """Debian 11 -> 12 with `upgrade --fix ...` on a copy, read back by the real 3.7.11
    postconf: today's values (3.5.25 dump with the config), the real -x values after,
    the command's stderr and postconf's warnings before and after."""
    import oracle

    postconf = oracle.postconf()  # skips on a developer machine without it, fails in CI
    installed = subprocess.run([postconf, "-d", "mail_version"], capture_output=True, text=True)
    if "3.7.11" not in installed.stdout:
        pytest.skip("needs the real postconf 3.7.11 (Debian 12)")
    source = CORPUS / "038-debian-pkg-trusty"
    host = "myhostname = mail.example.net\nmydomain = example.net\nmynetworks = 127.0.0.0/8\n"
    before = copy_config(source, tmp_path / "before", host)
    after = copy_config(source, tmp_path / "after", host)
    code, _out, err = upgrade(capsys, str(after), "--from", "debian11", "--to", "debian12", *fix)
    assert code == 0, err
    for directory in (before, after):
        for name in ("main.cf", "master.cf"):
            if (directory / name).exists():
                os.utime(directory / name, (oracle.OLD_MTIME, oracle.OLD_MTIME))
    real = read_pairs_text(oracle.run_postconf(after, ("-x",)).stdout.decode())
    settings = read_pairs_text(oracle.run_postconf(before, ("-n",)).stdout.decode())
    warnings = (oracle.warnings(before), oracle.warnings(after))
    return effective("3.5.25", settings), real, err, warnings


def test_pin_verified_by_real_postconf_of_the_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The real 3.7.11 postconf shows 3.5.25's values for the pinned config, and prints
    no warning it did not print before."""
    today, real, err, (warned, warned_after) = _debian_upgrade(capsys, tmp_path, "--fix")
    differ = {
        n
        for n in today.keys() & real.keys()
        if n not in NOT_COMPARED and today[n] != " ".join(real[n].split())
    }
    assert differ <= not_pinned(err)
    assert warned_after <= warned


def test_adopt_verified_by_real_postconf_of_the_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After --adopt, the real 3.7.11 postconf runs at level 3.6 with today's relaying and
    rewriting, and prints no new warning (the backwards-compatibility notes are gone)."""
    today, real, _err, (warned, warned_after) = _debian_upgrade(
        capsys, tmp_path, "--fix", "--adopt"
    )
    assert real["compatibility_level"] == "3.6"
    for name in ("relay_domains", "mynetworks_style", "append_dot_mydomain"):
        assert " ".join(real[name].split()) == today[name], name
    assert warned_after <= warned


def test_names_the_upgrade_affects_and_master_cf_needs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_config(
        tmp_path,
        "maillog_file = /var/log/postfix.log\nsmtp_use_tls = yes\n"
        "smtpd_recipient_restrictions = permit_mynetworks, check_relay_domains\n",
        "smtp inet n - n - - smtpd\n",
    )
    report = upgrade_json(capsys, str(directory), "--from", "centos7", "--to", "3.11")
    names = {n["name"]: n for n in report["names"]}
    assert names["maillog_file"]["kind"] == "unknown-before"  # 2.10.1 ignores it
    assert names["smtp_use_tls"]["kind"] == "deprecated"
    assert names["smtp_use_tls"]["replacement"].startswith("smtp_tls_security_level")
    assert "new with this upgrade" in names["smtp_use_tls"]["detail"]  # warned from 3.9
    assert names["check_relay_domains"]["kind"] == "restriction"
    assert "removed in 3.9" in names["check_relay_domains"]["detail"]
    assert len(report["master_cf"]) == 1 and "postlog" in report["master_cf"][0]
    assert any("PL510" in w for w in report["warnings"])
    with open(directory / "master.cf", "a") as f:
        f.write("postlog unix-dgram n - n - 1 postlogd\n")
    assert (
        upgrade_json(capsys, str(directory), "--from", "centos7", "--to", "3.11")["master_cf"] == []
    )


def test_fix_adds_the_postlog_service_maillog_file_needs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, needs_postconf: str
) -> None:
    from oracle import prepare, run_postconf, warnings

    master_cf = "smtp inet n - n - - smtpd\r\npickup unix n - n 60 1 pickup"
    directory = write_config(tmp_path, "maillog_file = /var/log/postfix.log\r\n", master_cf)
    code, patch, _err = upgrade(
        capsys, str(directory), "--from", "centos7", "--to", "3.7", "--diff"
    )
    assert code == 0
    assert "+++ b/" + str(directory / "master.cf").lstrip("/") in patch
    code, _out, err = upgrade(capsys, str(directory), "--from", "centos7", "--to", "3.7", "--fix")
    assert code == 0 and "master.cf" in err
    fixed = (directory / "master.cf").read_bytes()
    assert fixed.startswith(master_cf.encode() + b"\r\npostlog ")  # final newline added first
    assert fixed.endswith(b" postlogd\r\n")
    report = upgrade_json(capsys, str(directory), "--from", "centos7", "--to", "3.7")
    assert report["master_cf"] == [] and not any("PL510" in w for w in report["warnings"])
    # The real postconf reads the new entry as the postlogd service, with no warning.
    checked = prepare(directory, tmp_path / "checked")
    services = run_postconf(checked, ("-M",)).stdout.decode().splitlines()
    assert any(
        line.split()[:2] == ["postlog", "unix-dgram"] and "postlogd" in line for line in services
    )
    assert warnings(checked) == set()


def test_full_and_markdown_reports(capsys: pytest.CaptureFixture[str]) -> None:
    args = (str(STOCK), "--from", "centos7", "--to", "rhel9", "--compatibility-level", "2")
    code, full, _err = upgrade(capsys, *args)
    assert code == 0
    assert full.startswith("Postfix 2.10.1 -> 3.5.9: ")
    assert "compatibility_level: none (before 3.0) -> 0 (the release default)" in full
    assert "  TLS (levels, protocols, ciphers)\n    lmtp_tls_ciphers: export -> medium" in full
    assert "Raising compatibility_level to 2 on 3.5.9 also changes:" in full
    code, markdown, _err = upgrade(capsys, *args, "--output-format", "markdown")
    assert markdown.startswith("## Postfix upgrade 2.10.1 → 3.5.9\n")
    assert (
        "| `relay_domains` | all | `mail.example.net, localhost.example.net, localhost` | *empty* |"
        in markdown
    )


def test_control_characters_in_values_are_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_config(tmp_path, "smtp_tls_protocols = $evil\nevil = \x1b[31mred\n")
    code, full, _err = upgrade(capsys, str(directory), "--from", "2.10.1", "--to", "3.5.9")
    assert code == 0 and "\x1b" not in full


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "3.11", "--to", "3.5"], "older than --from"),
        (["--from", "2.7", "--to", "3.5"], "unknown Postfix version"),
        (["--from", "3.5", "--to", "3.11", "--compatibility-level", "x"], "compatibility-level"),
        (["--from", "2.8", "--to", "2.10", "--compatibility-level", "2"], "no compatibility_level"),
        (["--from", "3.5", "--to", "3.11", "--adopt"], "--adopt needs --fix or --diff"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = upgrade(capsys, str(STOCK), *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("postlint: error: ")


def test_missing_directory_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = upgrade(capsys, str(tmp_path / "nope"), "--from", "3.5", "--to", "3.11")
    assert code == 2 and err.count("\n") == 1


def test_path_may_be_either_file_of_the_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # As for explain: master.cf names its directory too (it said "not a directory").
    directory = write_config(tmp_path, "smtpd_use_tls = yes\n", "smtp inet n - n - - smtpd\n")
    reports = [
        upgrade(capsys, str(path), "--from", "3.5", "--to", "3.11")
        for path in (directory, directory / "main.cf", directory / "master.cf")
    ]
    assert [code for code, _out, _err in reports] == [0, 0, 0]
    assert reports[1][1] == reports[0][1] == reports[2][1]


def test_per_service_overrides_and_their_expansion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An -o override that expands a parameter whose default changed is listed for that
    service, with the values the dumps give."""
    directory = write_config(
        tmp_path,
        "",
        "submission inet n - n - - smtpd\n  -o smtpd_tls_protocols=$smtpd_tls_mandatory_protocols\n"
        "  -o smtpd_tls_security_level=encrypt\n",
    )
    report = upgrade_json(capsys, str(directory), "--from", "2.10.1", "--to", "3.5.9")
    per_service = {c["name"]: c for c in report["changes"] if c["service"] == "submission/inet"}
    old, new = effective("2.10.1", {}), effective("3.5.9", {})
    change = per_service["smtpd_tls_protocols"]
    assert change["before"] == {"value": old["smtpd_tls_mandatory_protocols"], "source": "override"}
    assert change["after"]["value"] == new["smtpd_tls_mandatory_protocols"]
    assert "smtpd_tls_security_level" not in per_service  # the override keeps it


@pytest.mark.parametrize("output", ["full", "markdown"])
def test_removed_name_nothing_replaces_is_not_use_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    # The data says "(none)" or "(none; why)" when no name takes the place of a removed one.
    directory = write_config(tmp_path, "tls_dane_digest_agility = on\n")
    code, out, err = upgrade(
        capsys, "--from", "3.1", "--to", "3.4", "--output-format", output, str(directory)
    )
    assert code == 0, err
    note = next(line for line in out.splitlines() if "(removed, main.cf)" in line)
    assert note.endswith("ignores it; nothing replaces it"), note
    assert "use (none" not in out


def test_no_master_cf_is_the_stock_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # check assumes the stock services without a master.cf; upgrade listed none of their
    # per-service parameters and asked for a postlog entry the stock file has.
    main_cf = "maillog_file = /var/log/postfix.log\nrelay_destination_concurrency_limit = 5\n"
    stock = REFERENCE / "master.cf.stock-3.12.txt"
    for name in ("absent", "stock"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.cf").write_text(main_cf)
    (tmp_path / "stock" / "master.cf").write_bytes(stock.read_bytes())
    absent, with_stock = (
        upgrade_json(capsys, str(tmp_path / name), "--from", "2.10", "--to", "3.11")
        for name in ("absent", "stock")
    )
    assert absent["master_cf"] == [] and "relay_transport_rate_delay" in absent["new_parameters"]
    assert {k: v for k, v in absent.items() if k != "path"} == {
        k: v for k, v in with_stock.items() if k != "path"
    }
    code, _out, err = upgrade(
        capsys, str(tmp_path / "absent"), "--from", "2.10", "--to", "3.11", "--fix"
    )
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "absent").iterdir()) == ["main.cf"]
