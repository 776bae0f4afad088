"""`postlint explain`: the derivation of one effective value, through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

from postlint.cli import main

MASTER = (
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "submission inet n       -       y       -       -       smtpd\n"
    "  -o syslog_name=postfix/submission\n"
    "  -o smtpd_tls_security_level=encrypt\n"
    "smtps     inet  n       -       y       -       -       smtpd\n"
    "  -o smtpd_tls_security_level=$tls_for_smtps\n"
)


def config(tmp_path: Path, main: str, master: str = MASTER) -> Path:
    (tmp_path / "main.cf").write_text(main)
    (tmp_path / "master.cf").write_text(master)
    return tmp_path


def explain(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    """Run `postlint explain ARGS`, check the exit status; stdout (stderr on failure)."""
    status = main(["explain", *args, "--isolated"])
    out, err = capsys.readouterr()
    assert status == code, err
    return out if code == 0 else err


def explain_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    return json.loads(explain(capsys, *args, "--output-format", "json"))


def test_default_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = config(tmp_path, "myhostname = mail.example.com\n")
    found = explain_json(capsys, "relayhost", str(directory))
    assert found["value"] == ""
    assert found["origin"] == {"kind": "default", "file": None, "line": None, "service": None}
    assert found["main_cf"] == []
    text = explain(capsys, "relayhost", str(directory))
    assert "from:  release default" in text
    assert "main.cf: not set" in text


@pytest.mark.parametrize(
    ("level_line", "level", "set_at", "value"),
    [
        ("", "0", None, "no"),  # no compatibility_level: the release's own, 0
        ("compatibility_level = 2\n", "2", "main.cf:1", "yes"),
    ],
)
def test_default_chosen_by_compatibility_level(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    level_line: str,
    level: str,
    set_at: str | None,
    value: str,
) -> None:
    directory = config(tmp_path, level_line + "myhostname = mail.example.com\n")
    found = explain_json(capsys, "smtputf8_enable", str(directory))
    assert found["value"] == value
    default = found["default"]
    assert isinstance(default, dict)
    switch = default["compatibility_level"]
    assert switch["threshold"] == "1"
    assert (switch["below"], switch["from_threshold"]) == ("no", "yes")
    assert switch["level"] == level
    assert switch["chosen"] == value
    if set_at is None:
        assert switch["level_set_at"] is None
    else:
        assert switch["level_set_at"] == str(directory / set_at)
    text = explain(capsys, "smtputf8_enable", str(directory))
    assert f"so the default here is {value}" in text


def test_relay_domains_below_level_2_expands_mydestination(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_cf = "myhostname = mail.example.com\nmydestination = $myhostname, localhost\n"
    directory = config(tmp_path, main_cf)
    found = explain_json(
        capsys,
        "relay_domains",
        str(directory),
        "--postfix-version",
        "3.6",
    )
    assert found["value"] == "mail.example.com, localhost"
    names = [(s["name"], s["depth"]) for s in found["expansion"]]
    assert names == [("compatibility_level", 1), ("mydestination", 1), ("myhostname", 2)]


def test_main_cf_duplicate_last_one_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_cf = (
        "relayhost = [old.example.com]\n"
        "myhostname = mail.example.com\n"
        "relayhost = [new.example.com]:587\n"
    )
    directory = config(tmp_path, main_cf)
    found = explain_json(capsys, "relayhost", str(directory))
    assert found["value"] == "[new.example.com]:587"
    assert found["origin"]["line"] == 3
    assert [(s["line"], s["in_effect"]) for s in found["main_cf"]] == [(1, False), (3, True)]
    text = explain(capsys, "relayhost", str(directory))
    assert "main.cf:1  relayhost = [old.example.com]   <- overridden by line 3" in text
    # The rule about duplicates reports on these lines, so it is listed.
    codes = {r["code"] for r in found["rules"]}
    assert "PL403" in codes


def test_override_for_a_service(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_cf = "myhostname = mail.example.com\nsmtpd_tls_security_level = may\n"
    directory = config(tmp_path, main_cf)
    found = explain_json(
        capsys,
        "smtpd_tls_security_level",
        "--service",
        "submission/inet",
        str(directory),
    )
    assert found["service"] == "submission/inet"
    assert found["value"] == "encrypt"
    assert found["origin"] == {
        "kind": "override",
        "file": str(directory / "master.cf"),
        "line": 4,
        "service": "submission/inet",
    }
    assert found["override"]["service_line"] == 2
    assert found["main_cf"] == [
        {"file": str(directory / "main.cf"), "line": 2, "value": "may", "in_effect": False}
    ]
    assert [o["service"] for o in found["other_overrides"]] == ["smtps/inet"]
    # smtpd reads it: the -o is in effect.
    assert found["override"]["read"] is True
    assert found["program"]["name"] == "smtpd" and found["program"]["reads"] is True

    # Without --service: main.cf decides, and both -o lines are listed as other services'.
    found = explain_json(capsys, "smtpd_tls_security_level", str(directory))
    assert (found["value"], found["override"]) == ("may", None)
    assert [o["line"] for o in found["other_overrides"]] == [4, 6]
    text = explain(capsys, "smtpd_tls_security_level", str(directory))
    line = "master.cf:4  -o smtpd_tls_security_level=encrypt  of submission/inet (entry at line 2)"
    assert f"{line}  (another service)" in text


def test_service_name_is_the_service_s_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = config(tmp_path, "myhostname = mail.example.com\n")
    found = explain_json(capsys, "service_name", "--service", "smtps/inet", str(directory))
    assert (found["kind"], found["value"], found["origin"]["kind"]) == (
        "read-only",
        "smtps",
        "service",
    )


def test_nested_expansion_step_by_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_cf = (
        "myhostname = mail.example.com\n"
        "site_banner = ${greeting} from $(where)\n"
        "greeting = hello\n"
        "where = ${host_alias:$myhostname}${tag?{ [tagged]}}\n"
        "smtpd_banner = $site_banner ESMTP\n"
    )
    directory = config(tmp_path, main_cf)
    found = explain_json(capsys, "smtpd_banner", str(directory))
    assert found["value"] == "hello from mail.example.com ESMTP"
    steps = [
        (s["name"], s["depth"], s["value"], s["origin"]["kind"], s["tested"])
        for s in found["expansion"]
    ]
    assert steps == [
        ("site_banner", 1, "hello from mail.example.com", "main.cf", False),
        ("greeting", 2, "hello", "main.cf", False),
        ("where", 2, "mail.example.com", "main.cf", False),
        ("host_alias", 3, None, "undefined", True),
        ("myhostname", 3, "mail.example.com", "main.cf", False),
        ("tag", 3, None, "undefined", True),
    ]
    text = explain(capsys, "smtpd_banner", str(directory))
    assert "$where = ${host_alias:$myhostname}${tag?{ [tagged]}}" in text


def test_expansion_error_is_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_cf = "myhostname = mail.example.com\nbroken = ${oops\nsmtpd_banner = $broken\n"
    found = explain_json(capsys, "smtpd_banner", str(config(tmp_path, main_cf)))
    assert found["value"] is None
    assert "truncated macro reference" in str(found["error"])
    assert found["expansion"][0]["error"]


def test_unknown_name_suggests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = config(tmp_path, "myhostname = mail.example.com\n")
    err = explain(capsys, "smtpd_tls_securty_level", str(directory), code=2)
    assert err.count("\n") == 1
    assert "did you mean smtpd_tls_security_level?" in err


def test_unused_setting_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt name set in main.cf: its line, why Postfix ignores it, and PL402."""
    directory = config(tmp_path, "myhostname = mail.example.com\nsmtpd_helo_requred = yes\n")
    found = explain_json(capsys, "smtpd_helo_requred", str(directory))
    assert (found["kind"], found["value"]) == ("unused", "yes")
    assert found["note"] == (
        "not a parameter of Postfix 3.11, and nothing refers to $smtpd_helo_requred: Postfix "
        "ignores it (postconf: unused parameter); did you mean smtpd_helo_required?"
    )
    assert [r["code"] for r in found["rules"]] == ["PL402"]


def test_name_the_release_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = config(tmp_path, "myhostname = mail.example.com\n")
    err = str(
        explain(capsys, "smtputf8_enable", str(directory), "--postfix-version", "2.10", code=2)
    )
    assert err.strip() == (
        "postlint: error: smtputf8_enable is not a parameter of Postfix 2.10 (new in 3.0)"
    )


def test_unknown_service_and_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = config(tmp_path, "myhostname = mail.example.com\n")
    err = explain(capsys, "relayhost", "--service", "nope/inet", str(directory), code=2)
    assert "no service nope/inet in master.cf" in err
    err = explain(capsys, "relayhost", str(tmp_path / "missing"), code=2)
    assert "no such file or directory" in err


def test_a_bare_service_name_of_two_services_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--service smtp` meant the client; picking smtp/inet (smtpd) explained the wrong program.
    master = MASTER + "smtp      unix  -       -       y       -       -       smtp\n"
    directory = config(tmp_path, "myhostname = mail.example.com\n", master)
    err = explain(capsys, "smtp_tls_security_level", "--service", "smtp", str(directory), code=2)
    assert err == (
        "postlint: error: service smtp is ambiguous in master.cf: smtp/inet, smtp/unix; "
        "give NAME/TYPE\n"
    )
    found = explain_json(
        capsys, "smtp_tls_security_level", "--service", "smtp/unix", str(directory)
    )
    assert found["service"] == "smtp/unix" and found["program"]["name"] == "smtp"
    # A name only one service has is still enough.
    found = explain_json(capsys, "syslog_name", "--service", "submission", str(directory))
    assert found["service"] == "submission/inet"


def test_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_cf = (
        "myhostname = mail.example.com\n"
        "smtpd_banner = $myhostname ESMTP $mail_name ($mail_version)\n"
    )
    found = explain_json(capsys, "smtpd_banner", str(config(tmp_path, main_cf)))
    assert list(found) == [
        "name",
        "postfix_version",
        "service",
        "kind",
        "value",
        "raw",
        "error",
        "expanded",
        "templated",
        "stock_master",
        "note",
        "origin",
        "default",
        "main_cf",
        "override",
        "other_overrides",
        "program",
        "expansion",
        "expansion_left_off",
        "rules",
    ]
    assert set(found["default"]) == {
        "value",
        "since",
        "deprecated_since",
        "replacement",
        "instead",
        "compatibility_level",
    }
    step = found["expansion"][0]
    assert set(step) == {"name", "depth", "raw", "value", "error", "repeated", "tested", "origin"}
    rule = next(r for r in found["rules"] if r["code"] == "PL610")
    assert rule["reads"] is True
    assert set(rule) == {"code", "name", "summary", "reads", "findings"}
    assert set(rule["findings"][0]) == {"file", "line", "column", "message"}


def test_control_characters_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_cf = "myhostname = mail.example.com\nsmtpd_banner = $myhostname \x1b[31mESMTP\n"
    text = explain(capsys, "smtpd_banner", str(config(tmp_path, main_cf)))
    assert "\x1b" not in text
    assert "\\x1b[31mESMTP" in text


def test_the_installed_command(tmp_path: Path) -> None:
    """The console script, with NAME and PATH after the options as well."""
    directory = config(tmp_path, "myhostname = mail.example.com\nrelayhost = [smart.example]\n")
    done = run(["explain", "--isolated", "relayhost", str(directory)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("relayhost (Postfix 3.11, parameter)\n  value: [smart.example]")


def test_removed_name_with_nothing_in_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The data writes "(none; why)" for such names; "use (none; ...)" read as nonsense.
    directory = config(tmp_path, "tls_dane_digest_agility = on\n")
    text = explain(capsys, "tls_dane_digest_agility", str(directory), "--postfix-version", "3.3")
    assert "deprecated since Postfix 3.2; nothing replaces it: ignored since 3.2" in text
    assert "use (none" not in text


def test_replacement_is_a_name_or_null(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The data's advice in parentheses ("(do not specify; leave at default)") is not a
    # name: `replacement` is null and `instead` says it in words, as upgrade's JSON does.
    directory = config(tmp_path, "smtpd_tls_eecdh_grade = strong\nsmtp_use_tls = yes\n")
    advice = explain_json(capsys, "smtpd_tls_eecdh_grade", str(directory))["default"]
    assert advice["replacement"] is None
    assert advice["instead"] == "do not specify; leave at default"
    renamed = explain_json(capsys, "smtp_use_tls", str(directory))["default"]
    assert renamed["replacement"] == "smtp_tls_security_level"
    assert renamed["instead"] == "use smtp_tls_security_level"
    current = explain_json(capsys, "relayhost", str(directory))["default"]
    assert current["replacement"] is None and current["instead"] is None


CLIENTS = (
    "smtp      unix  -       -       n       -       -       smtp\n"
    "  -o relayhost=[smarthost.example]:587\n"
    "  -o my_helo=client.example\n"
    "relay     unix  -       -       n       -       -       smtp\n"
    "  -o relay_destination_concurrency_limit=1\n"
    "rewrite   unix  -       -       n       -       -       trivial-rewrite\n"
    "qmgr      unix  n       -       n       300     1       qmgr\n"
    "submission inet n       -       n       -       -       smtpd\n"
    "  -o relayhost=[other.example]\n"
    "  -o smtpd_restriction_classes=strict\n"
    "  -o strict=reject\n"
    "filter    unix  -       n       n       -       -       site-filter\n"
    "  -o relayhost=[filter.example]\n"
)


def test_override_the_program_never_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_cf = "myhostname = mail.example.com\nrelayhost = [main.example]\n"
    directory = config(tmp_path, main_cf, CLIENTS)
    found = explain_json(capsys, "relayhost", "--service", "smtp/unix", str(directory))
    # The value is the service's, as postconf -P prints it, but the smtp client never reads
    # it: trivial-rewrite (which this master.cf runs) chooses the relay.
    assert found["value"] == "[smarthost.example]:587"
    program = found["program"]
    assert program["facts"].startswith("Postfix 3.")
    assert {k: v for k, v in program.items() if k != "facts"} == {
        "name": "smtp",
        "reads": False,
        "via": None,
        "read_by": ["trivial-rewrite"],
    }
    assert found["override"]["read"] is False
    others = {o["service"]: o["read"] for o in found["other_overrides"]}
    # smtpd does not read it either; site-filter is not a Postfix program: nobody can tell.
    assert others == {"submission/inet": False, "filter/unix": None}
    text = explain(capsys, "relayhost", "--service", "smtp/unix", str(directory))
    assert "  effect: none for smtp/unix: smtp never reads it, only trivial-rewrite does" in text
    assert (
        "main.cf:2  relayhost = [main.example]   <- in effect; the -o of smtp/unix has no" in text
    )
    assert "of smtp/unix (entry at line 1)  <- no effect: smtp never reads it" in text
    assert "(another service; no effect there: smtpd never reads it" in text

    # A service whose program the facts do not know: nothing is claimed.
    found = explain_json(capsys, "relayhost", "--service", "filter/unix", str(directory))
    assert (found["program"], found["override"]["read"]) == (None, None)
    assert "effect:" not in explain(capsys, "relayhost", "--service", "filter/unix", str(directory))


def test_queue_manager_names_have_no_effect_as_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = config(tmp_path, "myhostname = mail.example.com\n", CLIENTS)
    name = "relay_destination_concurrency_limit"
    found = explain_json(capsys, name, "--service", "relay/unix", str(directory))
    assert found["program"]["reads"] is False
    assert found["program"]["read_by"] == ["qmgr"]


def test_a_name_read_through_another_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # smtp reads smtp_helo_name, whose value names $my_helo: the -o changes the HELO name.
    main_cf = "myhostname = mail.example.com\nsmtp_helo_name = $my_helo\n"
    directory = config(tmp_path, main_cf, CLIENTS)
    found = explain_json(capsys, "my_helo", "--service", "smtp/unix", str(directory))
    assert found["program"]["reads"] is True
    assert found["program"]["via"] == "smtp_helo_name"
    text = explain(capsys, "my_helo", "--service", "smtp/unix", str(directory))
    assert "  read:  by smtp through the value of smtp_helo_name" in text
    # A restriction class that smtpd_restriction_classes names is read by smtpd.
    found = explain_json(capsys, "strict", "--service", "submission/inet", str(directory))
    assert found["program"]["via"] == "smtpd_restriction_classes"


def test_no_effect_lines_escape_the_service_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master = "evil\x1b[2J unix  -       -       n       -       -       smtp\n  -o relayhost=[x]\n"
    directory = config(tmp_path, "myhostname = mail.example.com\n", master)
    text = explain(capsys, "relayhost", "--service", "evil\x1b[2J/unix", str(directory))
    assert "effect: none for evil" in text
    assert "\x1b" not in text
