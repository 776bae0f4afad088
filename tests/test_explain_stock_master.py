"""`postlint explain` on a directory without master.cf: Postfix's stock services, as
`postlint check` assumes them, not "no service smtp in master.cf"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from postlint.cli import main

MAIN = "relayhost = [isp.example]:587\nrelay_destination_concurrency_limit = 5\n"


def main_only(tmp_path: Path) -> Path:
    (tmp_path / "main.cf").write_text(MAIN)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main([*args, "--isolated"])
    out, err = capsys.readouterr()
    return status, out, err


def explain_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    status, out, err = run(capsys, "explain", *args, "--output-format", "json")
    assert status == 0, err
    return json.loads(out)


def test_a_stock_service_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = str(main_only(tmp_path))
    found = explain_json(capsys, "relayhost", directory, "--service", "smtp/unix")
    assert found["stock_master"] is True
    assert found["service"] == "smtp/unix"
    assert found["value"] == "[isp.example]:587"
    assert found["origin"]["kind"] == "main.cf" and found["override"] is None
    # The stock smtp/unix runs the smtp client, which never reads relayhost.
    assert found["program"]["name"] == "smtp" and found["program"]["reads"] is False
    status, out, _err = run(capsys, "explain", "relayhost", directory, "--service", "smtp/unix")
    assert status == 0
    assert "(no master.cf: Postfix's stock services, as check assumes;" in out.splitlines()[1]
    assert "effect: none for smtp/unix: smtp never reads it" in out


def test_the_stock_override_is_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The stock relay entry sets its own syslog_name with an -o.
    found = explain_json(capsys, "syslog_name", str(main_only(tmp_path)), "--service", "relay")
    assert found["value"] == "postfix/relay"
    assert found["origin"]["kind"] == "override"
    assert found["override"]["file"] == "<stock master.cf>"


def test_a_per_service_name_of_a_stock_service_is_not_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # check does not call relay_destination_concurrency_limit unknown without a master.cf;
    # explain said "unused ... Postfix ignores it".
    directory = str(main_only(tmp_path))
    status, out, _err = run(capsys, "check", directory, "--select", "PL402")
    assert status == 0, out
    found = explain_json(capsys, "relay_destination_concurrency_limit", directory)
    assert found["kind"] == "per-service" and found["note"] is None
    assert found["value"] == "5"


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ("nope/unix", "no service nope/unix in Postfix's stock master.cf (there is no master.cf)"),
        (
            "smtp",
            "service smtp is ambiguous in Postfix's stock master.cf (there is no master.cf): "
            "smtp/inet, smtp/unix; give NAME/TYPE",
        ),
    ],
)
def test_a_service_the_stock_file_lacks_or_names_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], service: str, message: str
) -> None:
    status, out, err = run(
        capsys, "explain", "relayhost", str(main_only(tmp_path)), "--service", service
    )
    assert (status, out, err) == (2, "", f"postlint: error: {message}\n")


def test_a_master_cf_is_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = main_only(tmp_path)
    (directory / "master.cf").write_text("smtp inet n - n - - smtpd\n")
    found = explain_json(capsys, "syslog_name", str(directory))
    assert found["stock_master"] is False and found["other_overrides"] == []
    status, _out, err = run(capsys, "explain", "relayhost", str(directory), "--service", "relay")
    assert status == 2 and err == "postlint: error: no service relay in master.cf\n"
