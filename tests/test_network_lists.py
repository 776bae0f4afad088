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


def test_ipv6_without_brackets_is_a_table_to_postfix_not_a_network(tmp_path: Path) -> None:
    # match_list.c reads an item with ':' that does not start with '[' as type:table
    # (postconf(5) mynetworks, note 2): `fd00::/8` is a table of the unknown type "fd00"
    # (every lookup fails, 451), `::/0` one with no type (a fatal error). Neither is a
    # network that trusts anyone.
    # PL423 (unknown-table-type) reports them, with the brackets as a fix; PL422 not twice.
    line = "mynetworks = 127.0.0.0/8 fd00::/8 ::/0 !2001:db8::1 hash:/etc/postfix/network_table"
    found = _findings(
        tmp_path,
        f"myhostname = mx.example.com\ninet_interfaces = all\n{line}\n",
        "--extend-select",
        "PL423",
    )
    assert sorted(str(f["code"]) for f in found) == ["PL423"] * 3, [f["message"] for f in found]
    by_column = {f["location"]["column"]: f for f in found}  # type: ignore[index]
    written_as = [
        ("fd00::/8", "[fd00::]/8"),
        ("::/0", "[::]/0"),
        ("2001:db8::1", "[2001:db8::1]"),
    ]
    for item, written in written_as:
        finding = by_column[line.index(item) + 1]
        assert finding["severity"] == "error"
        message = str(finding["message"])
        assert "without []" in message and message.endswith(f"write {written}")
    assert "fatal" in str(by_column[line.index("::/0") + 1]["message"])
    assert "451" in str(by_column[line.index("fd00::/8") + 1]["message"])


def test_what_postfix_takes_is_no_error(tmp_path: Path) -> None:
    # atoi() reads the length, leading zeros and all (`/0008` is /8); the value is
    # $-expanded before the list is read, so `10.0.$octet.0/24` is 10.0.1.0/24.
    found = _findings(
        tmp_path,
        "myhostname = mx.example.com\noctet = 1\n"
        "mynetworks = 127.0.0.0/8 192.0.2.0/0024 [2001:db8::]/0032 10.0.$octet.0/24\n",
    )
    assert found == []
    # However many zeros: no crash (int() refuses over 4,300 digits), host bits still found.
    found = _findings(tmp_path, f"mynetworks = 10.0.0.1/{'0' * 5000}8\n")
    assert [f["code"] for f in found] == ["PL422"] and "10.0.0.0/8" in str(found[0]["message"])


def test_items_after_a_hash_word_are_dropped_from_postfix_3_8_on(tmp_path: Path) -> None:
    # util/mystrtok.c (3.8+): a list word that starts with '#' ends the list ("#comment
    # after other text is not allowed", the rest is dropped); 3.7 reads on and uses them.
    line = "mynetworks = 127.0.0.0/8 # was 0.0.0.0/0 10.0.0.0/99 fd00::/8 hahs:/x"
    main_cf = f"myhostname = mx.example.com\ninet_interfaces = all\n{line}\n"
    table = ("--extend-select", "PL423")
    assert _findings(tmp_path, main_cf, "--postfix-version", "3.8", *table) == []
    assert _findings(tmp_path, main_cf, *table) == []
    old = _findings(tmp_path, main_cf, "--postfix-version", "3.7", *table)
    assert sorted(str(f["code"]) for f in old) == ["PL422", "PL423", "PL423", "PL604"]


def test_a_lone_negation_is_a_fatal_error(tmp_path: Path) -> None:
    # match_list.c: "no pattern after '!'" is fatal (smtpd reads mynetworks when it starts).
    line = "mynetworks = 127.0.0.0/8 ! 192.0.2.0/24"
    (found,) = _findings(tmp_path, f"myhostname = mx.example.com\n{line}\n")
    assert found["code"] == "PL422" and found["severity"] == "error"
    assert found["location"] == {"row": 2, "column": line.index("!") + 1}
    assert "no pattern after '!'" in str(found["message"])


def test_a_network_in_braces_never_matches(tmp_path: Path) -> None:
    # match_list.c keeps the braces of a `{ ... }` word as part of the pattern (they group
    # words only for the split), and match_hostaddr skips a pattern with '{' or a blank
    # without a word: the hosts are silently not trusted.
    line = "mynetworks = 127.0.0.0/8 { 203.0.113.0/24 } {192.0.2.1}"
    found = _findings(tmp_path, f"myhostname = mx.example.com\n{line}\n")
    assert [(f["code"], f["severity"]) for f in found] == [("PL422", "warning")] * 2
    assert [f["location"]["column"] for f in found] == [  # type: ignore[index]
        line.index("{ 203") + 1,
        line.index("{192") + 1,
    ]
    assert "never matches" in str(found[0]["message"])
