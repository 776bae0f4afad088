"""`postlint show` against the real postconf (Debian's 3.7, installed by .ci/run)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import corpus_dirs
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import FLAG_SETS, mask, prepare, run_postconf

from postlint.files import encode, load_directory
from postlint.postfix.model import Config
from postlint.postfix.show import ShowError, ShowRequest, show
from postlint.postfix.versions import Version

pytestmark = pytest.mark.usefixtures("needs_postconf")

REQUESTS = {
    ("-n",): ShowRequest(non_default=True),
    ("-M",): ShowRequest(master=True),
    ("-P",): ShowRequest(master_params=True),
    ("-n", "-x"): ShowRequest(non_default=True, expand=True),
}


def show_in_process(directory: Path, flags: tuple[str, ...]) -> bytes | None:
    pair = load_directory(directory)
    config = Config(pair.main, pair.master, Version(3, 7, 11), config_directory=str(directory))
    try:
        text, _warnings = show(config, REQUESTS[flags])
    except ShowError:
        return None
    return encode(text)


def compare(directory: Path, flags: tuple[str, ...]) -> tuple[bool, bool]:
    """(postconf accepted the config, outputs agree)."""
    reference = run_postconf(directory, flags)
    ours = show_in_process(directory, flags)
    if reference.returncode != 0:
        return False, ours is None
    return True, ours is not None and mask(ours) == mask(reference.stdout)


@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_corpus_matches_postconf(directory: Path, tmp_path: Path) -> None:
    mismatches = []
    for flags in FLAG_SETS:
        work = prepare(directory, tmp_path / "-".join(flags), pin_host="-x" in flags)
        accepted, agree = compare(work, flags)
        if not agree:
            mismatches.append((flags, "accepted" if accepted else "rejected"))
    assert not mismatches


# Generated configurations: names from the catalogue, values with references,
# conditionals, continuation lines, comments inside entries, odd whitespace.
_names = st.sampled_from(
    [
        "relayhost",
        "mydestination",
        "smtpd_banner",
        "alias_maps",
        "compatibility_level",
        "smtp_tls_security_level",
        "my_custom",
        "other_custom",
        "inet_interfaces",
        "smtpd_recipient_restrictions",
        "virtual_alias_maps",
        "mail_name",
    ]
)
_atoms = st.sampled_from(
    [
        "x",
        "$myhostname",
        "${mydomain}",
        "$(mail_name)",
        "$my_custom",
        "${other_custom?{on}:{off}}",
        "${compatibility_level:{unset}}",
        "${{$compatibility_level} <level {3.6} ? {a} : {b}}",
        "hash:/etc/x",
        "$$",
        "permit_mynetworks,",
        "reject",
        "{ a b }",
        "#c",
        "3.6",
        "2",
    ]
)
_value = st.lists(_atoms, max_size=4).map(" ".join)
_gap = st.sampled_from(["", "\n# inner comment", "\n", "\n   \t"])
_entry = st.tuples(_names, st.sampled_from([" = ", "=", " =\t"]), _value, _gap, _value).map(
    lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}\n    {t[4]}" if t[4] else f"{t[0]}{t[1]}{t[2]}"
)
_main = st.lists(_entry | st.sampled_from(["# comment", ""]), max_size=12).map(
    lambda lines: (
        "myhostname = mail.example.com\nmydomain = example.com\n"
        "mynetworks = 127.0.0.0/8\n" + "\n".join(lines) + "\n"
    )
)
_service = st.tuples(
    st.sampled_from(["smtp", "submission", "relay", "127.0.0.1:10025", "custom"]),
    st.sampled_from(["inet", "unix"]),
    st.sampled_from(["n", "-", "y"]),
    st.sampled_from(["smtpd", "smtp", "pipe"]),
    st.lists(
        st.sampled_from(
            [
                "\n  -o smtpd_tls_security_level=encrypt",
                "\n  -o { smtpd_client_restrictions = a, b }",
                "\n  -o syslog_name=postfix/$service_name",
                " -v",
                "\n  -omilter_macro_daemon_name=x",
                "\n# comment inside\n  -o my_custom=1",
                " flags=R",
                " { user=a b }",
                " argv=/bin/x",
            ]
        ),
        max_size=4,
    ),
).map(lambda t: f"{t[0]} {t[1]} {t[2]} - n - - {t[3]}" + "".join(t[4]))
_master = st.lists(_service, max_size=5).map(lambda s: "\n".join(s) + "\n")


@settings(max_examples=25, deadline=None)
@given(_main, _master)
def test_generated_configs_match_postconf(main_cf: str, master_cf: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        (source / "main.cf").write_text(main_cf)
        (source / "master.cf").write_text(master_cf)
        for flags in FLAG_SETS:
            work = prepare(source, Path(tmp) / "-".join(flags))
            accepted, agree = compare(work, flags)
            assert agree, (flags, accepted, main_cf, master_cf)


def test_show_cli_prints_postconf_style_fatal(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("myhostname = a.example\nthis line has no equals\n")
    (tmp_path / "master.cf").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "postlint", "show", "-c", str(tmp_path), "-n"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "line 2: missing '=' after attribute name" in result.stderr
    assert "Traceback" not in result.stderr
