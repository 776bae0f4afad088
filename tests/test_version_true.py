"""Findings follow the target release: on an old release no message or fix names a parameter
that release lacks, nor speaks of compatibility_level where the release has none; and the
stock configuration of a distribution lints clean apart from the missing outbound TLS."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO
from postlint_rules.tls.protocols import RANGE_SYNTAX_SINCE

from postlint.engine.plugins import load_plugins
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.releases import release_table
from postlint.postfix.versions import Version
from postlint.testing import run

FIXTURES = REPO / "tests" / "fixtures"
OLD_TARGETS = ("2.6", "2.10.1", "3.0", "3.5.9")
WORD = re.compile(r"[a-z0-9_]+")
# `>=TLSv1.2` / `<=TLSv1.3` protocol ranges: Postfix reads them only from RANGE_SYNTAX_SINCE.
RANGE = re.compile(r"[<>]=\s*(?:SSL|TLS)v", re.IGNORECASE)


def fixture_cases() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("PL*/*") if (p / "main.cf").exists())


def read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else None


def foreign_names(text: str, version: str, config_text: str) -> set[str]:
    """Catalogue parameters named in `text` that the target release does not know, other
    than names the configuration itself mentions (a finding may quote them)."""
    catalogue = builtin_catalogue()
    release = catalogue.release(version)
    return {
        word
        for word in WORD.findall(text)
        if word in catalogue and "_" in word and not release.knows(word) and word not in config_text
    }


@pytest.mark.parametrize("version", OLD_TARGETS)
def test_no_finding_names_what_the_target_lacks(version: str) -> None:
    problems = []
    for case in fixture_cases():
        main, master = read(case / "main.cf"), read(case / "master.cf")
        config_text = (main or "") + (master or "")
        mentions_level = "compatibility_level" in config_text
        ranges_unknown = Version.parse(version) < Version.parse(RANGE_SYNTAX_SINCE)
        writes_ranges = RANGE.search(config_text) is not None
        result = run(["ALL"], main, master, version=version, unsafe_fixes=True)
        for d in result.diagnostics:
            texts = [d.message]
            if d.fix is not None:
                texts += [d.fix.message, *(e.content for e in d.fix.edits)]
            for text in texts:
                foreign = foreign_names(text, version, config_text)
                if foreign:
                    problems.append((case.parent.name, case.name, d.code, sorted(foreign)))
                speaks_of_level = "compatibility_level" in text
                if speaks_of_level and not version.startswith("3") and not mentions_level:
                    problems.append((case.parent.name, case.name, d.code, "level"))
                if ranges_unknown and not writes_ranges and RANGE.search(text):
                    problems.append((case.parent.name, case.name, d.code, "range syntax"))
    assert problems == []


def lint_corpus(name: str, version: str) -> list[tuple[str, str]]:
    directory = CORPUS / name
    result = run(
        ["ALL"],
        read(directory / "main.cf"),
        read(directory / "master.cf"),
        version=version,
        directory=directory,
    )
    return sorted((d.code, d.severity.value) for d in result.diagnostics)


def test_centos7_stock_config_only_lacks_outbound_tls() -> None:
    # Upstream's 2.10.1 stock files, as CentOS 7 and Amazon Linux 2 install them.
    found = lint_corpus("003-postfix-upstream-v2.10.1", "centos7")
    serious = [f for f in found if f[1] in ("error", "warning")]
    assert serious == [("PL101", "error")]


def postlint(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "postlint", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_cli_lints_the_centos7_stock_files_for_their_release() -> None:
    directory = CORPUS / "003-postfix-upstream-v2.10.1"
    result = postlint(
        "check", "--postfix-version", "centos7", "--output-format", "json", str(directory)
    )
    found = {(d["code"], d["severity"]) for d in json.loads(result.stdout)}
    assert {f for f in found if f[1] != "info"} == {("PL101", "error")}
    assert result.returncode == 1


# RHEL 9's stock /etc/postfix/main.cf as installed by postfix-3.5.9-*.el9: its non-comment
# settings, i.e. what `postconf -n` prints. Three public sources agree on every line:
# - the package's own main.cf patch, postfix-3.5.0-config.patch (Fedora's, also carried by
#   CentOS Stream 9 and by Azure Linux's import of Fedora's postfix.spec): it uncomments
#   mydestination, alias_maps and alias_database, sets inet_interfaces = localhost and
#   inet_protocols = all (replacing upstream's trailing ipv4), and appends the TLS block
#   (smtpd cert/key/level, smtp CApath/CAfile and smtp_tls_security_level = may);
# - postfix.spec's `make non-interactive-package` arguments (the *_directory, *_path,
#   mail_owner and setgid_group values the installer writes into main.cf; shlib_directory
#   is %{_libdir}/postfix);
# - `postconf -n` right after `dnf install postfix` (postfix-3.5.9-19.el9, x86_64) in a
#   public RHEL 9 lab guide, and `egrep -v "^#|^$" /etc/postfix/main.cf` of a fresh install
#   in the Rocky Linux documentation's mail server guide: the same 30 settings.
# compatibility_level = 2, queue_directory, debug_peer_level, debugger_command,
# unknown_local_recipient_reject_code and html_directory = no come from upstream's 3.5
# conf/main.cf, which the package keeps.
RHEL9_MAIN = {
    "compatibility_level": "2",
    "queue_directory": "/var/spool/postfix",
    "command_directory": "/usr/sbin",
    "daemon_directory": "/usr/libexec/postfix",
    "data_directory": "/var/lib/postfix",
    "mail_owner": "postfix",
    "inet_interfaces": "localhost",
    "inet_protocols": "all",
    "mydestination": "$myhostname, localhost.$mydomain, localhost",
    "unknown_local_recipient_reject_code": "550",
    "alias_maps": "hash:/etc/aliases",
    "alias_database": "hash:/etc/aliases",
    "debug_peer_level": "2",
    "debugger_command": "\n\t PATH=/bin:/usr/bin:/usr/local/bin:/usr/X11R6/bin"
    "\n\t ddd $daemon_directory/$process_name $process_id & sleep 5",
    "sendmail_path": "/usr/sbin/sendmail.postfix",
    "newaliases_path": "/usr/bin/newaliases.postfix",
    "mailq_path": "/usr/bin/mailq.postfix",
    "setgid_group": "postdrop",
    "html_directory": "no",
    "manpage_directory": "/usr/share/man",
    "sample_directory": "/usr/share/doc/postfix/samples",
    "readme_directory": "/usr/share/doc/postfix/README_FILES",
    "smtpd_tls_cert_file": "/etc/pki/tls/certs/postfix.pem",
    "smtpd_tls_key_file": "/etc/pki/tls/private/postfix.key",
    "smtpd_tls_security_level": "may",
    "smtp_tls_CApath": "/etc/pki/tls/certs",
    "smtp_tls_CAfile": "/etc/pki/tls/certs/ca-bundle.crt",
    "smtp_tls_security_level": "may",
    "meta_directory": "/etc/postfix",
    "shlib_directory": "/usr/lib64/postfix",
}
# Its active master.cf lines: upstream 3.5's conf/master.cf unchanged (the config patch only
# edits commented-out cyrus examples; master.cf and master.cf.proto have the same size in the
# lab guide's listing; the Rocky guide's `egrep -v` listing shows these services plus the
# submission and smtps lines it had just uncommented).
# (service, type, private, unpriv, chroot, wakeup, maxproc, command)
RHEL9_MASTER = [
    ("smtp", "inet", "n", "-", "n", "-", "-", "smtpd"),
    ("pickup", "unix", "n", "-", "n", "60", "1", "pickup"),
    ("cleanup", "unix", "n", "-", "n", "-", "0", "cleanup"),
    ("qmgr", "unix", "n", "-", "n", "300", "1", "qmgr"),
    ("tlsmgr", "unix", "-", "-", "n", "1000?", "1", "tlsmgr"),
    ("rewrite", "unix", "-", "-", "n", "-", "-", "trivial-rewrite"),
    ("bounce", "unix", "-", "-", "n", "-", "0", "bounce"),
    ("defer", "unix", "-", "-", "n", "-", "0", "bounce"),
    ("trace", "unix", "-", "-", "n", "-", "0", "bounce"),
    ("verify", "unix", "-", "-", "n", "-", "1", "verify"),
    ("flush", "unix", "n", "-", "n", "1000?", "0", "flush"),
    ("proxymap", "unix", "-", "-", "n", "-", "-", "proxymap"),
    ("proxywrite", "unix", "-", "-", "n", "-", "1", "proxymap"),
    ("smtp", "unix", "-", "-", "n", "-", "-", "smtp"),
    ("relay", "unix", "-", "-", "n", "-", "-", "smtp\n  -o syslog_name=postfix/$service_name"),
    ("showq", "unix", "n", "-", "n", "-", "-", "showq"),
    ("error", "unix", "-", "-", "n", "-", "-", "error"),
    ("retry", "unix", "-", "-", "n", "-", "-", "error"),
    ("discard", "unix", "-", "-", "n", "-", "-", "discard"),
    ("local", "unix", "-", "n", "n", "-", "-", "local"),
    ("virtual", "unix", "-", "n", "n", "-", "-", "virtual"),
    ("lmtp", "unix", "-", "-", "n", "-", "-", "lmtp"),
    ("anvil", "unix", "-", "-", "n", "-", "1", "anvil"),
    ("scache", "unix", "-", "-", "n", "-", "1", "scache"),
    ("postlog", "unix-dgram", "n", "-", "n", "-", "1", "postlogd"),
]


def lint_stock(
    tmp_path: Path, main: dict[str, str], master: list[tuple[str, ...]], version: str
) -> tuple[set[tuple[str, str]], int]:
    """Writes a distribution's stock settings as main.cf/master.cf and lints them through the
    CLI for that distribution's release: (code, severity) of the findings, and the exit code."""
    settings = "".join(f"{name} = {value}\n" for name, value in main.items())
    (tmp_path / "main.cf").write_text(settings)
    (tmp_path / "master.cf").write_text("".join(" ".join(row) + "\n" for row in master))
    result = postlint(
        "check", "--postfix-version", version, "--output-format", "json", str(tmp_path)
    )
    return {(d["code"], d["severity"]) for d in json.loads(result.stdout)}, result.returncode


def test_cli_lints_the_rhel9_stock_files_for_their_release(tmp_path: Path) -> None:
    found, code = lint_stock(tmp_path, RHEL9_MAIN, RHEL9_MASTER, "rhel9")
    # The missing outbound TLS (PL101) would be the one finding allowed, but RHEL 9's
    # stock main.cf sets smtp_tls_security_level = may, so nothing above info is.
    assert RHEL9_MAIN["smtp_tls_security_level"] == "may"
    assert {f for f in found if f[1] != "info"} == set()
    assert code == 0


# CentOS 7's stock /etc/postfix/main.cf as installed by postfix-2.10.1-*.el7, in file order:
# its non-comment settings. Sources that agree on every line:
# - `postconf -n` right after `yum install postfix` on CentOS 7 (postfix 2.10.1) in a public
#   CentOS 7 / LPIC mail-server study guide: these 21 settings plus config_directory, which
#   2.10's `postconf -n` always prints and the file does not set;
# - a public Chinese CentOS 7 Postfix/Dovecot guide's main.cf (postfix-2.10.1), whose
#   unedited lines are these in this order, debugger_command on its two tab-indented
#   continuation lines as in upstream's conf/main.cf;
# - a Chef cookbook (scale_postfix) and a Terraform SES user-data script that rewrite
#   main.cf on CentOS 7 starting from these stock values (sample/readme directories with
#   the package's versioned /usr/share/doc/postfix-2.10.1 path).
# Against upstream's 2.10.1 conf/main.cf (corpus 003) the listings differ exactly where the
# el7 package's config patch (postfix-2.10.0-config.patch, not itself found in the index)
# and the spec's install arguments act: inet_interfaces = localhost and mydestination,
# alias_maps, alias_database uncommented; inet_protocols = all instead of upstream's ipv4;
# the *_directory, *_path and setgid_group values filled in. No TLS setting at all, so
# smtp_tls_security_level is unset (unlike el9's, whose patch appends a TLS block).
CENTOS7_MAIN = {
    "queue_directory": "/var/spool/postfix",
    "command_directory": "/usr/sbin",
    "daemon_directory": "/usr/libexec/postfix",
    "data_directory": "/var/lib/postfix",
    "mail_owner": "postfix",
    "inet_interfaces": "localhost",
    "inet_protocols": "all",
    "mydestination": "$myhostname, localhost.$mydomain, localhost",
    "unknown_local_recipient_reject_code": "550",
    "alias_maps": "hash:/etc/aliases",
    "alias_database": "hash:/etc/aliases",
    "debug_peer_level": "2",
    "debugger_command": "\n\t PATH=/bin:/usr/bin:/usr/local/bin:/usr/X11R6/bin"
    "\n\t ddd $daemon_directory/$process_name $process_id & sleep 5",
    "sendmail_path": "/usr/sbin/sendmail.postfix",
    "newaliases_path": "/usr/bin/newaliases.postfix",
    "mailq_path": "/usr/bin/mailq.postfix",
    "setgid_group": "postdrop",
    "html_directory": "no",
    "manpage_directory": "/usr/share/man",
    "sample_directory": "/usr/share/doc/postfix-2.10.1/samples",
    "readme_directory": "/usr/share/doc/postfix-2.10.1/README_FILES",
}


def upstream_master_rows(name: str) -> list[tuple[str, ...]]:
    """Active service lines of a corpus master.cf, one field per item (continuations kept)."""
    rows: list[tuple[str, ...]] = []
    for line in (CORPUS / name / "master.cf").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            if line[0].isspace():
                rows[-1] = (*rows[-1][:-1], rows[-1][-1] + "\n" + line)
            else:
                rows.append(tuple(line.split(None, 7)))
    return rows


def test_cli_lints_the_centos7_package_stock_files_for_their_release(tmp_path: Path) -> None:
    # master.cf: upstream 2.10.1's conf/master.cf, which the el7 package installs with its
    # active service lines unchanged.
    master = upstream_master_rows("003-postfix-upstream-v2.10.1")
    found, code = lint_stock(tmp_path, CENTOS7_MAIN, master, "centos7")
    # CentOS 7 ships no smtp_tls_security_level: the missing outbound TLS (PL101) is the
    # one finding above info, and the exit code is 1 because of it alone.
    assert "smtp_tls_security_level" not in CENTOS7_MAIN
    assert {f for f in found if f[1] != "info"} == {("PL101", "error")}
    assert code == 1


def test_cli_rejects_an_unknown_version_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("myhostname = mail.example.com\n")
    result = postlint("check", "--postfix-version", "2.7", str(tmp_path / "main.cf"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "X.Y.Z" in result.stderr


def gated_rules() -> list[tuple[str, str]]:
    """(code, the newest release before the rule's first) for rules that start after 2.6."""
    lines = sorted(release_table().lines.values(), key=lambda r: r.version.key)
    found = []
    for rule in load_plugins().rules.values():
        first = Version.parse(rule.min_version)
        older = [r for r in lines if r.version.line < first]
        if older:
            found.append((rule.code, f"{older[-1].version.major}.{older[-1].version.minor}"))
    return sorted(found)


@pytest.mark.parametrize(("code", "version"), gated_rules())
def test_a_rule_is_silent_before_its_release(code: str, version: str) -> None:
    """The rule's bad fixtures, linted for the release before the one it needs."""
    cases = sorted((FIXTURES / code).glob("bad*"))
    assert cases, f"{code} has no bad fixture"
    for case in cases:
        result = run([code], read(case / "main.cf"), read(case / "master.cf"), version=version)
        assert [d.message for d in result.diagnostics] == [], case.name
