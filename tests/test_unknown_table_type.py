"""PL423 against the real Postfix 3.7: the types its build opens are never reported, the
types PL423 reports are the ones Postfix refuses ("unsupported dictionary type"), and a
bare IPv6 network in mynetworks is read by Postfix as a table of type "2001"."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from oracle import prepare, run_postconf
from postlint_rules.syntax.table_words import may_name_tables
from tools import require_system_tool

from postlint.api import LIST_SEPARATORS, Version, brace_tokens, table_types
from tests.test_cli import postlint

needs_postconf = pytest.mark.usefixtures("needs_postconf")

MAIN = """\
myhostname = mx.example.com
mydomain = example.com
virtual_alias_maps = hahs:/etc/postfix/virtual
transport_maps = lmbd:/etc/postfix/transport
mynetworks = 127.0.0.0/8 2001:db8::/32 [::1]/128
"""


def postmap_error(config: Path, table: str) -> str:
    """What the real postmap says when asked to look a key up in `table`."""
    result = subprocess.run(
        [require_system_tool("postmap"), "-c", str(config), "-q", "key", table],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stderr


@needs_postconf
def test_every_type_of_the_real_postconf_is_known_at_its_release(tmp_path: Path) -> None:
    config = prepare(tmp_path, tmp_path / "etc")
    listed = run_postconf(config, ("-m",)).stdout.decode().split()
    assert "hash" in listed  # the oracle answered
    assert set(listed) <= table_types(Version(3, 7))


@needs_postconf
def test_reported_types_are_those_postfix_refuses(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(MAIN)
    config = prepare(tmp_path, tmp_path / "etc")
    result = postlint(
        "check", "--select", "PL423", "--postfix-version", "3.7", "--output-format", "json",
        str(config / "main.cf"),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert [(f["location"]["row"], f["location"]["column"]) for f in found] == [
        (3, 22),
        (4, 18),
        (5, 26),
    ]
    assert "did you mean 'hash'" in found[0]["message"]
    assert "did you mean 'lmdb'" in found[1]["message"]
    assert "write [2001:db8::]/32" in found[2]["message"]
    # Postfix itself: each reported table is a type it does not have; a known one is not.
    refused = {
        "hahs:/etc/postfix/virtual": "hahs",
        "2001:db8::/32": "2001",  # mynetworks' bare IPv6, as Postfix reads it
    }
    for table, kind in refused.items():
        assert f"unsupported dictionary type: {kind}" in postmap_error(config, table)
    assert postmap_error(config, "static:found") == ""  # a type it has answers


@needs_postconf
def test_fix_brackets_the_ipv6_network_and_postconf_reads_it(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(MAIN)
    config = prepare(tmp_path, tmp_path / "etc")
    result = postlint(
        "check", "--select", "PL423", "--postfix-version", "3.7", "--fix", str(config)
    )  # fmt: skip
    assert result.returncode == 1  # the misspelt types stay: their fix is unsafe
    fixed = (config / "main.cf").read_text()
    assert "mynetworks = 127.0.0.0/8 [2001:db8::]/32 [::1]/128\n" in fixed
    assert "hahs:/etc/postfix/virtual" in fixed
    prepare(config, config)
    shown = run_postconf(config, ("-n", "mynetworks")).stdout.decode()
    assert shown == "mynetworks = 127.0.0.0/8 [2001:db8::]/32 [::1]/128\n"
    again = postlint("check", "--select", "PL422,PL423", "--postfix-version", "3.7", str(config))
    assert "mynetworks" not in again.stdout


_ITEMS = st.sampled_from(
    [
        "10.0.0.0/8", "[2001:db8::]/32", "![::1]", "hash:/etc/x", "!hahs:/x", "2001:db8::/32",
        "::1", "[host]:25", "{", "}", "{a,", "inline:{", "a]b:c", "$names", "[x", "é:x", "\udcff",
    ]
)  # fmt: skip


@given(st.lists(st.tuples(_ITEMS, st.sampled_from([*LIST_SEPARATORS, ", ", "\n    "]))))
@example([("10.0.0.0/8", " "), ("a]b:c", ",")])
@example([("[2001:db8::]/32", "\n    "), ("!hahs:/x", " ")])
def test_the_long_list_shortcut_never_hides_a_table(parts: list[tuple[str, str]]) -> None:
    value = "".join(item + separator for item, separator in parts)
    words = [value[s:e].lstrip("!") for s, e in brace_tokens(value, LIST_SEPARATORS)]
    # The words the rule reads as tables: a ':', and not [address], $name, /file ({group}s
    # with a ':' are tables too: Postfix keeps the braces).
    if any(":" in word and word[0] not in "[$/" for word in words):
        assert may_name_tables(value)


def test_a_table_among_thousands_of_networks_is_found(tmp_path: Path) -> None:
    networks = [f"10.{i >> 8}.{i & 255}.0/24 [2001:db8:{i:x}::]/48" for i in range(2000)]
    networks[1000] += " 2001:db8:ffff::/48"
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\nmynetworks = 127.0.0.0/8\n    "
        + "\n    ".join(networks)
        + "\n"
    )
    result = postlint("check", "--select", "PL423", "--output-format", "json", str(tmp_path))
    (found,) = json.loads(result.stdout)
    assert "2001:db8:ffff::/48" in found["message"] and found["location"]["row"] == 1003


def _network_findings(main: Path, *args: str) -> list[dict]:
    """PL422's and PL423's findings on `main`, as json (there is at least one)."""
    result = postlint(
        "check", "--select", "PL422,PL423", *args, "--output-format", "json", str(main)
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


@needs_postconf
def test_a_table_without_type_or_name_is_fatal_before_3_12(tmp_path: Path) -> None:
    # dict_open() up to 3.11 stops the program on `hash:` or `:x` (no name, no type); no
    # rule reported them, and `2001:` was called a table whose lookups fail.
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\nmydomain = example.com\n"
        "mynetworks = 127.0.0.0/8 hash: :x 2001:\nvirtual_alias_maps = hash:\n"
    )
    config = prepare(tmp_path, tmp_path / "etc")
    found = _network_findings(config / "main.cf", "--postfix-version", "3.7")
    assert [(f["code"], f["location"]["row"], f["location"]["column"]) for f in found] == [
        ("PL423", 3, 26),
        ("PL423", 3, 32),
        ("PL423", 3, 35),
        ("PL423", 4, 22),
    ]
    assert all("a fatal error" in f["message"] for f in found), found
    for table in ("hash:", ":x", "2001:"):
        assert 'fatal: open dictionary: expecting "type:name"' in postmap_error(config, table)


def test_a_table_without_type_is_no_fatal_error_from_3_12(tmp_path: Path) -> None:
    # From 3.12 dict_open() opens a stand-in whose lookups fail instead of stopping.
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\nmynetworks = ::1 hash:\n")
    result = postlint(
        "check", "--select", "PL423", "--postfix-version", "3.12", str(tmp_path / "main.cf")
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()[:2]
    assert len(lines) == 2 and all("with 451" in line for line in lines), result.stdout
    assert "fatal" not in result.stdout


def test_a_table_or_ipv6_network_in_braces_in_a_list_is_reported(tmp_path: Path) -> None:
    # match_list.c keeps the braces of a `{ }` word and opens any word with a ':' that does
    # not start with '[' as type:name: the type is then "{2001" or "{ hash", which Postfix
    # does not have. Neither PL422 (it leaves ':' words to PL423) nor PL423 reported it.
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\n"
        "mynetworks = 127.0.0.0/8 {2001:db8::/32} { [::1]/128 }\n"
        "debug_peer_list = { hash:/etc/postfix/peers }\n"
        "virtual_alias_maps = {hash:/etc/postfix/virtual}\n"  # maps.c keeps them too
    )
    found = _network_findings(tmp_path / "main.cf")
    assert [(f["code"], f["location"]["row"], f["location"]["column"]) for f in found] == [
        ("PL423", 2, 26),
        ("PL423", 2, 42),
        ("PL423", 3, 19),
        ("PL423", 4, 22),
    ]
    assert all("write it without braces" in f["message"] for f in found), found


@needs_postconf
def test_tables_inside_unionmap_and_pipemap_are_those_postfix_refuses(tmp_path: Path) -> None:
    # dict_union.c and dict_pipe.c open each table in the braces (and those nested in
    # them); PL423 stopped at the outer type. Each composite PL423 reports is one the real
    # postmap refuses (a member's unknown type, or a composite it cannot split), and the
    # ones it leaves alone answer.
    bad = [
        "unionmap:{static:a, hahs:/etc/b}",
        "pipemap:{static:a, unionmap:{static:b, mongo:/c}}",
        "unionmap:{static:a, /etc/b}",
        "unionmap:static:a",
        "pipemap:{ }",
        "unionmap:{ {static:a} }",
        "unionmap:{static:a}x",
    ]
    good = ["unionmap:{static:a, inline:{k=v}}", "pipemap:{inline:{key=x}, static:b}"]
    names = [
        "virtual_alias_maps", "transport_maps", "canonical_maps", "sender_canonical_maps",
        "recipient_canonical_maps", "relocated_maps", "virtual_mailbox_maps",
        "smtp_generic_maps", "sender_dependent_relayhost_maps",
    ]  # fmt: skip
    lines = [f"{name} = {table}" for name, table in zip(names, bad + good, strict=True)]
    (tmp_path / "main.cf").write_text(
        "myhostname = mx.example.com\nmydomain = example.com\n" + "\n".join(lines) + "\n"
    )
    config = prepare(tmp_path, tmp_path / "etc")
    result = postlint(
        "check", "--select", "PL423", "--postfix-version", "3.7", "--output-format", "json",
        str(config / "main.cf"),
    )  # fmt: skip
    rows = {f["location"]["row"] for f in json.loads(result.stdout)}
    assert rows == set(range(3, 3 + len(bad))), result.stdout
    for table in bad:
        assert "fatal: " in postmap_error(config, table), table
    for table in good:
        assert postmap_error(config, table) == "", table


def _typos(count: int) -> str:
    return "virtual_alias_maps = " + " ".join(f"hahs:/etc/postfix/v{i}" for i in range(count))


@pytest.mark.parametrize("count", [3, 10, 11, 400])
def test_typos_in_one_list_make_fixes_that_grow_linearly(tmp_path: Path, count: int) -> None:
    """Each finding of a list's typos carries the fix of every typo in it, up to ten typos;
    past them only the first: JSON that repeated the whole fix on each finding grew with the
    square of the typos (2,000 in one list printed 535 MB)."""
    (tmp_path / "main.cf").write_text(_typos(count) + "\n")
    result = postlint(
        "check", "--select", "PL423", "--unsafe-fixes", "--output-format", "json", str(tmp_path)
    )  # fmt: skip
    found = json.loads(result.stdout)
    assert len(found) == count
    edits = [len(d["fix"]["edits"]) if d["fix"] else 0 for d in found]
    assert edits[0] == count
    assert edits[1:] == [count if count <= 10 else 0] * (count - 1)
    assert all(d["fix"] is None or d["fix"]["applicability"] == "unsafe" for d in found)
    assert len(found[0]["fix"]["message"]) < 200  # titles past three are counted
    fixed = postlint("check", "--select", "PL423", "--fix", "--unsafe-fixes", str(tmp_path))
    assert fixed.returncode == 0, fixed.stdout
    assert (tmp_path / "main.cf").read_text() == _typos(count).replace("hahs:", "hash:") + "\n"


@pytest.mark.parametrize("count", [3, 11, 40])
def test_every_typo_one_fix_repairs_counts_as_fixable_and_fixed(tmp_path: Path, count: int) -> None:
    """Past ten typos only the first finding carries the list's fix, but the fix repairs
    them all: the summary said "11 problems (1 fixable)" and --fix "1 fixed"."""
    (tmp_path / "main.cf").write_text(_typos(count) + "\n")
    select = ("--select", "PL423", "--postfix-version", "3.11", "--output-format", "concise")
    select += ("--unsafe-fixes",)
    lint = postlint("check", *select, str(tmp_path))
    assert lint.stdout.endswith(
        f"Found {count} problems ({count} fixable with `postlint --fix --unsafe-fixes`).\n"
    ), lint.stdout
    safe = postlint("check", *select[:-1], str(tmp_path))
    # Without --unsafe-fixes every fix is one it would need: the summary says how to run them.
    assert safe.stdout.endswith(
        f"Found {count} problems ({count} fixable with `postlint --fix --unsafe-fixes`).\n"
    ), safe.stdout
    fixed = postlint("check", *select, "--fix", str(tmp_path))
    assert fixed.stderr == f"{count} fixed, 0 remaining.\n"
    # Through a worker process, as a run over many configurations sends its findings.
    other = tmp_path / "other"
    other.mkdir()
    (other / "main.cf").write_text(_typos(count) + "\n")
    (tmp_path / "main.cf").write_text(_typos(count) + "\n")
    both = postlint("check", *select, "--jobs", "2", str(tmp_path), str(other))
    assert both.stdout.endswith(f"({2 * count} fixable with `postlint --fix --unsafe-fixes`).\n")
