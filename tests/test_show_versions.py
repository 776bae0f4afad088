"""`postlint show` exits and derives host values like postconf of the target release."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS
from oracle import OLD_MTIME, run_postconf

from postlint.postfix.releases import release_table

needs_postconf = pytest.mark.usefixtures("needs_postconf")
REAL = "3.7.11"  # Debian 12's postconf, which the CI installs


def write(directory: Path, main: str | None, master: str | None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (("main.cf", main), ("master.cf", master)):
        if text is not None:
            (directory / name).write_text(text)
            os.utime(directory / name, (OLD_MTIME, OLD_MTIME))
    return directory


def show(directory: Path, *args: str, version: str = REAL) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "postlint", "show", "-c", str(directory), *args]
    return subprocess.run(
        [*command, "--postfix-version", version], capture_output=True, text=True, timeout=60
    )


HOST_CONFIGS = {
    "explicit-fqdn": "myhostname = mail.example.com\n",
    "explicit-domain": "mydomain = example.org\n",
    "dotless-hostname": "myhostname = foo\n",
    "both": "myhostname = mail.example.com\nmydomain = other.example\n",
    "via-reference": "mydomain = $mail_name.example\n",
    "nothing": "",
}
HOST_NAMES = ("myhostname", "mydomain", "myorigin", "mydestination", "smtp_helo_name")


@needs_postconf
@pytest.mark.parametrize("case", sorted(HOST_CONFIGS))
@pytest.mark.parametrize("flags", [("-x",), ("-d",), ()])
def test_host_derived_defaults_match_postconf(
    case: str, flags: tuple[str, ...], tmp_path: Path
) -> None:
    directory = write(tmp_path, HOST_CONFIGS[case], "")
    reference = run_postconf(directory, (*flags, *HOST_NAMES))
    ours = show(directory, *flags, *HOST_NAMES)
    assert (ours.returncode, ours.stdout) == (reference.returncode, reference.stdout.decode())


FATAL_CASES = {
    "no-master-M": ("compatibility_level = 3.6\n", None, ("-M",)),
    "no-master-P": ("compatibility_level = 3.6\n", None, ("-P",)),
    "no-master-n": ("compatibility_level = 3.6\n", None, ("-n",)),
    "no-main-d": (None, "", ("-d", "mail_version")),
    "no-main-n": (None, "", ("-n",)),
    "bad-inet-protocols-n": ("inet_protocols = IPv4\n", "", ("-n",)),
    "bad-inet-protocols-M": ("inet_protocols = ipv4 bogus\n", "", ("-M",)),
    "bad-inet-protocols-d": ("inet_protocols = ipv5\n", "", ("-d", "inet_protocols")),
    "good-inet-protocols": ("x = ipv6\ninet_protocols = ipv4, $x\n", "", ("-n",)),
    "bad-main-d": ("no equals sign\n", "", ("-d", "mail_version")),
    "bad-master-d": ("", "foo bogus - - n - - smtpd\n", ("-d", "mail_version")),
}


@needs_postconf
@pytest.mark.parametrize("case", sorted(FATAL_CASES))
def test_exit_status_matches_postconf(case: str, tmp_path: Path) -> None:
    main, master, flags = FATAL_CASES[case]
    directory = write(tmp_path / "cf", main, master)
    reference = run_postconf(directory, flags)
    ours = show(directory, *flags)
    assert ours.returncode == reference.returncode, ours.stderr
    assert ours.stdout == reference.stdout.decode()
    assert "Traceback" not in ours.stderr


POSTLOG = "smtp inet n - n - - smtpd\npostlog unix-dgram n - n - 1 postlogd\n"


@pytest.mark.parametrize(
    ("version", "flags", "status"),
    [
        ("3.4", ("-n",), 0),
        ("3.3", ("-n",), 1),  # 2.9-3.3 read master.cf in every mode, and reject the type
        ("3.3", ("-d", "mail_version"), 1),
        ("2.9", ("-M",), 1),
        ("2.8", ("-n",), 0),  # 2.8 never reads master.cf
        ("2.8", ("-d", "mail_version"), 0),
        ("2.8", ("-M",), 1),  # and has no -M
        ("2.10", ("-P",), 1),  # -P came with 2.11
    ],
)
def test_master_cf_checks_follow_the_release(
    version: str, flags: tuple[str, ...], status: int, tmp_path: Path
) -> None:
    directory = write(tmp_path, "compatibility_level = 2\n", POSTLOG)
    result = show(directory, *flags, version=version)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr


def test_old_releases_print_empty_values_with_a_blank(tmp_path: Path) -> None:
    directory = write(tmp_path, "relayhost =\n", "")
    assert show(directory, "-n", version="2.8").stdout.endswith("\nrelayhost = \n")
    assert show(directory, "-n", version="2.9").stdout.endswith("\nrelayhost =\n")


def test_unknown_target_is_one_line_naming_the_forms(tmp_path: Path) -> None:
    directory = write(tmp_path, "", "")
    result = show(directory, "-n", version="2.7")
    # postlint's own option, not postconf's: a bad option, exit 2 as in every command.
    assert result.returncode == 2 and result.stderr.startswith("postlint: error: ")
    assert result.stderr.count("\n") == 1
    assert "X.Y.Z" in result.stderr and "rhel9" in result.stderr


# Debian's package changes the install paths (releases/README.md); the machine gives
# mynetworks and process_id.
NOT_RELEASE = release_table().packaging_dependent | {"mynetworks", "process_id"}


def release_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.split(" =", 1)[0] not in NOT_RELEASE]


@needs_postconf
@pytest.mark.parametrize("corpus", ["005-mailcow", "008-iredmail", "030-zimbra"])
@pytest.mark.parametrize("flags", [(), ("-d",)])
def test_full_listing_matches_postconf(corpus: str, flags: tuple[str, ...], tmp_path: Path) -> None:
    source = CORPUS / corpus
    directory = write(
        tmp_path, (source / "main.cf").read_text(), (source / "master.cf").read_text()
    )
    reference = run_postconf(directory, flags)
    ours = show(directory, *flags, version="debian12")
    assert ours.returncode == reference.returncode
    assert release_lines(ours.stdout) == release_lines(reference.stdout.decode())
