"""Config-repo templates (Jinja, ERB): placeholders are opaque, real mistakes still show."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postlint.syntax import FileKind, parse
from postlint.syntax.templates import OPAQUE, mask

TEMPLATES = Path(__file__).parent / "templates"


ADVICE = {"PL608", "PL609", "PL703", "PL312"}  # info-level advice a template may well get


def lint(path: Path, *args: str) -> list[str]:
    """`CODE line` of each warning and error; info findings must be known advice."""
    result = subprocess.run(
        [sys.executable, "-m", "postlint", str(path), "--output-format", "concise", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    found = []
    for line in result.stdout.splitlines()[:-1]:
        code = line.split(": ", 1)[1].split(" ")[0]
        if "[info]" in line:
            assert code in ADVICE, line
            continue
        found.append(f"{code} {line.split(':')[1]}")
    return found


def test_ansible_template_reports_only_real_mistakes() -> None:
    found = lint(TEMPLATES / "ansible")
    assert sorted(found) == ["PL108 6", "PL401 31", "PL613 4"]


def test_salt_template_reports_only_real_mistakes() -> None:
    assert lint(TEMPLATES / "salt") == ["PL301 20"]


def test_puppet_erb_template_reports_only_real_mistakes() -> None:
    assert lint(TEMPLATES / "puppet") == ["PL203 20"]


def test_masking_keeps_positions_and_makes_control_lines_comments() -> None:
    text = "{% if x %}\nmyhostname = {{ host }}\n{% endif %}\n<%= @k %> = <%= @v %>\n"
    masked = mask(text, "auto")
    assert len(masked.text) == len(text)
    lines = masked.text.splitlines()
    assert lines[0].startswith("#") and lines[2].startswith("#")
    assert lines[1] == "myhostname = " + OPAQUE * len("{{ host }}")
    tree = parse(text, FileKind.MAIN, "main.cf.j2", "auto")
    params = list(tree.parameters())
    assert [p.name for p in params] == ["myhostname", OPAQUE * 9]
    assert tree.text == text  # fixes edit the template itself


def test_plain_name_is_sniffed_and_template_none_turns_it_off(tmp_path: Path) -> None:
    target = tmp_path / "main.cf"
    shutil.copy(TEMPLATES / "puppet" / "main.cf.erb", target)
    # A plain main.cf holding ERB tags is read as a template ...
    assert not any(code.startswith("PL406") for code in lint(target))
    # ... unless templates are turned off: then the `<% if ... %>` lines break.
    assert any(code.startswith("PL406") for code in lint(target, "--template", "none"))


def test_sniffing_knows_template_toolkit_and_leaves_postfix_braces_alone() -> None:
    text = (
        "[% IF pmg.mail.tls %]\nsmtpd_tls_security_level = may\n[% END %]\n"
        "message_size_limit = [% pmg.mail.maxsize %]\n"
    )
    tree = parse(text, FileKind.MAIN, "main.cf", "sniff")
    assert tree.template == "auto"
    assert [p.name for p in tree.parameters()] == ["smtpd_tls_security_level", "message_size_limit"]
    plain = "compat = ${{$compatibility_level} <level {3.6}}\nx = {a b}\n"
    assert parse(plain, FileKind.MAIN, "main.cf", "sniff").template is None


def test_fix_never_edits_inside_a_placeholder(tmp_path: Path) -> None:
    target = tmp_path / "main.cf.j2"
    target.write_text(
        "myhostname = {{ host }}\nalias_maps = hash:/etc/aliases # x {{ y }}\n"
        "relayhost = [relay] # note\n"
    )
    subprocess.run(
        [sys.executable, "-m", "postlint", str(target), "--fix", "--select", "PL401"],
        capture_output=True,
        timeout=120,
    )
    assert target.read_text() == (
        "myhostname = {{ host }}\n"
        "alias_maps = hash:/etc/aliases # x {{ y }}\n"
        "# note\nrelayhost = [relay]\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        "message_size_limit = PH_MESSAGE_SIZE_LIMIT_BYTES",  # iRedMail
        "myhostname = %hostname",  # Modoboa
        "%{rspamd_enabled}smtpd_milters = inet:localhost:11332",  # Modoboa line switch
        "myorigin = {=myhostname}",  # kickstart-style
        "mydomain = {MTA_LOCAL_DOMAIN}",  # ispCP / i-MSCP
    ],
)
def test_installer_placeholders_are_opaque(line: str) -> None:
    tree = parse(line + "\n", FileKind.MAIN, "main.cf", "sniff")
    assert tree.template == "auto" and tree.placeholders
    assert any(OPAQUE in p.name + p.value for p in tree.parameters())


def test_postfix_values_that_look_alike_are_not_placeholders() -> None:
    text = "recipient_delimiter = %\nx = ${y?{YES_NO}}\nsmtpd_banner = $myhostname ESMTP\n"
    assert parse(text, FileKind.MAIN, "main.cf", "sniff").template is None
