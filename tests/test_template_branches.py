"""PL403 in templates: definitions in different branches of one if/else block are not
duplicates (a rendered file holds one of them); repeats within a branch still are."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.cli import main

JINJA = """\
{% if relay_enabled %}
relayhost = [{{ relay_host }}]
{% if tls %}
smtp_tls_security_level = encrypt
{% endif %}
{%- elif backup %}
relayhost = [backup.example]
{% else %}
relayhost =
smtp_tls_security_level = may
{% endif %}
{% for x in y %}
mynetworks = 127.0.0.0/8
{% endfor %}
mynetworks = 10.0.0.0/8
{% if a %}
myorigin = a.example
myorigin = b.example
{% endif %}
"""
# Go text/template (docker images), ERB (Puppet, Chef) and Template Toolkit.
GO = """\
{{ if eq .DRIVER "ldap" }}
virtual_mailbox_maps = ldap:/etc/postfix/ldap.cf
{{ else if eq .DRIVER "pgsql" }}
virtual_mailbox_maps = proxy:pgsql:/etc/postfix/pgsql.cf
{{ else }}
virtual_mailbox_maps = proxy:mysql:/etc/postfix/mysql.cf
{{ end }}
virtual_mailbox_maps = hash:/etc/postfix/vmailbox
"""
ERB = """\
<% if @relay -%>
relayhost = [relay.example]
<% @extra.each do |line| -%>
<%= line %>
<% end -%>
<% else -%>
relayhost =
<% end -%>
relayhost = [after.example]
"""
TT = """\
[% SWITCH mode %]
[% CASE 'relay' %]
relayhost = [relay.example]
[% CASE %]
relayhost =
[% END %]
"""


def pl403_lines(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[int]:
    (tmp_path / "main.cf").write_text(text)
    main(["check", str(tmp_path / "main.cf"), "--select", "PL403", "--output-format", "concise"])
    out = capsys.readouterr().out
    return [int(line.split(":")[1]) for line in out.splitlines() if " PL403 " in line]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (JINJA, [15, 18]),  # after {% endfor %}; twice inside one branch
        (GO, [8]),  # only the one after {{ end }}
        (ERB, [9]),  # a nested `do` block does not end the if
        (TT, []),
    ],
    ids=["jinja", "go", "erb", "tt"],
)
def test_other_branches_are_not_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, lines: list[int]
) -> None:
    assert pl403_lines(tmp_path, text, capsys) == lines
