"""mynetworks items read as Postfix reads them (util/match_ops.c match_hostaddr,
util/cidr_match.c cidr_match_parse), through the command line: what its net/mask parser
refuses trusts nobody, what it takes is no error."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import postlint


def _findings(directory: Path, main_cf: str, *options: str) -> list[dict[str, object]]:
    (directory / "main.cf").write_text(main_cf)
    codes = "PL422,PL604,PL605"
    result = postlint(
        "check", "--select", codes, "--output-format", "json", *options, str(directory)
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_netmask_or_stray_bracket_is_refused_not_trusted(tmp_path: Path) -> None:
    # cidr_match_parse wants the length in decimal digits ("bad mask value" otherwise) and
    # brackets only around the address: each of these is a lookup error in Postfix (a
    # warning and 451 where permit_mynetworks is checked), so it trusts no network.
    items = ["0.0.0.0/0.0.0.0", "192.168.0.0/255.255.0.0", "10.0.0.0/8]", "[[::]]/0"]
    found = _findings(
        tmp_path,
        "myhostname = mx.example.com\ninet_interfaces = all\n"
        f"mynetworks = 127.0.0.0/8 {' '.join(items)}\n",
    )
    codes = sorted(str(f["code"]) for f in found)
    assert codes == ["PL422"] * len(items), [f["message"] for f in found]
