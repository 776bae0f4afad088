"""PL421 reports the {...} groups postconf 3.7 warns about, as the real postconf does: a
list item that starts with '{', and a table's inline text after `type:` (`inline:{...}`,
`pcre:{...}`), which postconf checks too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_postlint
from oracle import run_postconf

pytestmark = pytest.mark.usefixtures("needs_postconf")

VALUES = (
    "smtpd_milters = {inet:127.0.0.1:8891, connect_timeout=10s",
    "smtpd_milters = {a}b",
    "smtpd_milters = {a {b} c}",
    "smtpd_milters = {a}, {b",
    "smtpd_milters = a}",
    "smtpd_client_restrictions = check_client_access inline:{a=b",
    "smtpd_client_restrictions = check_client_access inline:{a=b}x",
    "virtual_alias_maps = inline:{ a=b, {c = d }",
    "virtual_alias_maps = inline:{ a=b, {c = d }}",
    "header_checks = pcre:{{/a/ REJECT}",
    "alias_maps = hash:{a}b",
    "mydestination = x:{a} b:{c",
    "myhostname = a:b:{b",
    "mydestination = x:y{a",
    "smtpd_milters = :{a",
)
# The group postconf quotes: missing '}' in "{a", syntax error after '}' in "{a}b".
_WARNED = re.compile(r"""(?:missing '}'|syntax error after '}') in "(.*)"$""")
CHECK = ("check", "--select", "PL421", "--postfix-version", "3.7", "--output-format", "json")
_QUOTED = re.compile(r'"(.*)" \(postconf warns\)')


@pytest.mark.parametrize("line", VALUES)
def test_pl421_reports_what_postconf_warns_about(line: str, tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(f"compatibility_level = 3.6\n{line}\n")
    (tmp_path / "master.cf").write_text("")
    warned = run_postconf(tmp_path, ("-n",)).stderr.decode().splitlines()
    expected = [m.group(1) for w in warned if (m := _WARNED.search(w))]
    result = run_postlint(*CHECK, ".", cwd=tmp_path)
    found = [_QUOTED.search(f["message"]).group(1) for f in json.loads(result.stdout)]  # type: ignore[union-attr]
    assert found == expected
