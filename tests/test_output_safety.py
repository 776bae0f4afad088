"""Hostile config text in every output format: controls escaped, bytes that are not UTF-8
rendered as escapes, XML well-formed, SARIF URIs percent-encoded (issue 14 items 7 and 8)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).parent / ".schemas" / "sarif-2.1.0-rtm.5.json"

# A value that sets the window title (OSC ... BEL), clears the screen (CSI 2J), overwrites
# the line (bare CR), and carries DEL, a C1 CSI (U+009B) and a bidi override. The lone `$`
# makes PL409 quote the whole value in its message.
HOSTILE = "\x1b]0;pwned\x07 \x1b[2J\rX\x7f\u009b\u202e costs 5$"
# Terminal-relevant controls: C0 (except the newline that ends an output line), DEL, C1.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]")


def postlint(
    *args: str | bytes, cwd: Path, strict: bool = True, encoding: str = "utf-8"
) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    if strict:
        env["PYTHONIOENCODING"] = f"{encoding}:strict"
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "main.cf").write_bytes(f"smtpd_banner = {HOSTILE}\n".encode())
    return tmp_path


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_controls_in_values_are_escaped_visibly(hostile: Path, fmt: str) -> None:
    result = postlint("main.cf", "--select", "PL409", "--output-format", fmt, cwd=hostile)
    out = result.stdout.decode()
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert "PL409" in out
    assert not RAW_CONTROL.search(out), repr(out)
    assert "\\x1b]0;pwned\\x07" in out and "\\r" in out and "\\x7f\\x9b\\u202e" in out


def test_full_format_caret_follows_the_escaped_excerpt(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtpd_banner = \x1b[2J costs 5$\n")
    out = postlint("main.cf", "--select", "PL409", "--output-format", "full", cwd=tmp_path)
    lines = out.stdout.decode().splitlines()
    excerpt = next(line for line in lines if line.startswith(" 1 | "))
    caret = lines[lines.index(excerpt) + 1]
    start = caret.index("^")
    assert excerpt[start:].rstrip() == "\\x1b[2J costs 5$"
    assert caret[start:] == "^" * len("\\x1b[2J costs 5$")


def test_junit_stays_well_formed_xml_with_controls(hostile: Path) -> None:
    result = postlint("main.cf", "--output-format", "junit", cwd=hostile)
    root = ET.fromstring(result.stdout)
    messages = [f.get("message", "") for f in root.iter("failure")]
    assert any("\\x1b]0;pwned\\x07" in m for m in messages)


def test_full_format_prints_the_severity_as_text(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("alias_maps = hash:/etc/aliases # aliases\n")
    out = postlint("main.cf", "--select", "PL401", "--output-format", "full", cwd=tmp_path)
    head = out.stdout.decode().splitlines()[0]
    assert head.startswith("main.cf:1:32: PL401 [error] ")


def _sarif_uris(log: dict[str, Any]) -> list[str]:
    uris = []
    for result in log["runs"][0]["results"]:
        for location in result["locations"]:
            uris.append(location["physicalLocation"]["artifactLocation"]["uri"])
        for fix in result.get("fixes", []):
            uris.extend(c["artifactLocation"]["uri"] for c in fix["artifactChanges"])
    return uris


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    assert SCHEMA.exists(), "run scripts/test.sh (it fetches the SARIF schema from npm)"
    odd = tmp_path / "a dir,x:y#z%41"
    odd.mkdir()
    (odd / "main.cf").write_text("alias_maps = hash:/etc/aliases # aliases\n")
    result = postlint(f"{odd.name}/main.cf", "--output-format", "sarif", cwd=tmp_path)
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    uris = _sarif_uris(log)
    assert uris and set(uris) == {"a%20dir%2Cx%3Ay%23z%2541/main.cf"}


# Bytes that are not UTF-8, in a value (quoted by PL409) and in the directory name.
NOT_UTF8_VALUE = b"smtpd_banner = caf\xe9 \xff costs 5$\n"


@pytest.fixture
def not_utf8(tmp_path: Path) -> bytes:
    directory = os.fsencode(tmp_path) + b"/conf\xff"
    os.mkdir(directory)
    with open(directory + b"/main.cf", "wb") as handle:
        handle.write(NOT_UTF8_VALUE)
    return directory + b"/main.cf"


@pytest.mark.parametrize("fmt", ["full", "concise", "github", "junit"])
def test_bytes_that_are_not_utf8_are_escaped_in_text_formats(
    not_utf8: bytes, tmp_path: Path, fmt: str
) -> None:
    result = postlint(not_utf8, "--output-format", fmt, cwd=tmp_path)
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 1
    out = result.stdout.decode("utf-8")  # strictly valid UTF-8
    assert "conf\\xff" in out and "caf\\xe9 \\xff" in out
    if fmt == "junit":
        ET.fromstring(result.stdout)


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("smtpd_banner = café costs 5$\n")
    result = postlint("main.cf", "--output-format", "concise", cwd=tmp_path, encoding="ascii")
    assert b"Traceback" not in result.stderr and result.returncode == 1
    assert b"caf\\xe9 costs" in result.stdout


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in _strings(key) + _strings(value)]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "gitlab"])
def test_machine_formats_never_hold_lone_surrogates(
    not_utf8: bytes, tmp_path: Path, fmt: str
) -> None:
    result = postlint(not_utf8, "--output-format", fmt, cwd=tmp_path)
    assert b"Traceback" not in result.stderr and result.returncode == 1
    text = result.stdout.decode("utf-8")
    lines = text.splitlines() if fmt == "json-lines" else [text]
    strings = [s for line in lines for s in _strings(json.loads(line))]
    for string in strings:
        string.encode("utf-8")  # a lone surrogate cannot be encoded
    assert any("caf\\xe9 \\xff" in s for s in strings)
    if fmt == "sarif":
        assert all("conf%FF/main.cf" in uri for uri in _sarif_uris(json.loads(text)))


def _fingerprints(directory: Path) -> set[tuple[str, str]]:
    out = postlint("main.cf", "--output-format", "gitlab", cwd=directory, strict=False).stdout
    return {(issue["check_name"], issue["fingerprint"]) for issue in json.loads(out)}


def test_gitlab_fingerprints_survive_a_new_header_comment(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for directory in (before, after):
        directory.mkdir()
        shutil.copy(REPO / "examples" / "master.cf", directory / "master.cf")
    # The example has file-level findings (missing settings) and a duplicate whose message
    # names the line of the first definition.
    text = (REPO / "examples" / "main.cf").read_text() + "myhostname = other.example.com\n"
    (before / "main.cf").write_text(text)
    (after / "main.cf").write_text("# managed by configuration management\n\n" + text)
    found = _fingerprints(before)
    assert {"PL101", "PL403"} <= {code for code, _ in found}
    assert _fingerprints(after) == found


def test_error_messages_escape_the_path(tmp_path: Path) -> None:
    result = postlint("missing\x1b[2J\nfile.cf", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1
    assert "missing\\x1b[2J\\nfile.cf" in err and not RAW_CONTROL.search(err)


# A right-to-left override and a zero-width space: invisible, yet they reorder or hide text.
DISGUISED = "rec\u202eipient\u200blist"


def test_bidi_and_zero_width_characters_are_escaped_in_findings_and_warnings(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o755)
    project = tmp_path / DISGUISED
    project.mkdir(mode=0o755)
    project.chmod(0o755)
    (project / "main.cf").write_text(f"smtpd_banner = {DISGUISED} costs 5$\n")
    (project / ".postlint.toml").write_text('select = ["PL409"]\n')
    (project / ".postlint.toml").chmod(0o664)  # ignored, with a warning naming its path
    result = postlint("main.cf", "--select", "PL409", "--output-format", "concise", cwd=project)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    escaped = "rec\\u202eipient\\u200blist"
    assert f"{escaped} costs 5$" in out and "writable by group or others" in err
    assert f"{escaped}/.postlint.toml" in err
    assert "\u202e" not in out + err and "\u200b" not in out + err
