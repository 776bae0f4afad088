"""Every release's defaults, against the real postconf dumps of that release.

`show -d` must print postconf-d.txt (and postconf-d-stock-master.txt with the stock
master.cf), and `show -x` the postconf-x-compat-L.txt dumps, apart from what the dumps'
README calls host-dependent (mynetworks and process_id; myhostname/mydomain are pinned to
the dump machine's name here).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import REFERENCE

from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.host import HostFacts
from postlint.postfix.model import Config
from postlint.postfix.releases import DISTRIBUTIONS, release_table
from postlint.postfix.show import ShowRequest, show
from postlint.postfix.versions import Version, parse_target
from postlint.syntax import FileKind, parse

RELEASES = REFERENCE / "releases"
DUMP_HOST = HostFacts("vm.localdomain")  # the build machine of the dumps
MACHINE = {"mynetworks", "process_id"}  # this machine's interfaces and process


def folders() -> list[str]:
    return sorted(p.name for p in RELEASES.iterdir() if p.is_dir())


def dump(path: Path) -> list[str]:
    """The lines postconf printed."""
    return path.read_text(encoding="utf-8").splitlines()


def shown(config: Config, request: ShowRequest) -> list[str]:
    text, _warnings = show(config, request)
    return text.splitlines()


def differences(ours: list[str], theirs: list[str]) -> list[str]:
    """Lines only one side printed (as a multiset: a line printed twice counts twice),
    apart from the machine's values."""

    def release_lines(lines: list[str]) -> Counter[str]:
        return Counter(line for line in lines if line.split(" =", 1)[0] not in MACHINE)

    mine, real = release_lines(ours), release_lines(theirs)
    return sorted((mine - real) + (real - mine))


def test_the_data_covers_every_release_folder() -> None:
    assert sorted(r.name for r in release_table()) == folders()


@pytest.mark.parametrize("folder", folders())
def test_show_d_prints_the_releases_defaults(folder: str) -> None:
    config = Config(None, None, parse_target(folder), host=DUMP_HOST)
    ours = shown(config, ShowRequest(defaults=True))
    assert differences(ours, dump(RELEASES / folder / "postconf-d.txt")) == []


def stock_master(version: Version) -> str:
    """The stock master.cf's services; postlog (unix-dgram) arrived in 3.4."""
    text = (REFERENCE / "master.cf.stock-3.12.txt").read_text(encoding="utf-8")
    if version < Version(3, 4):
        text = "".join(line for line in text.splitlines(True) if "unix-dgram" not in line)
    return text


@pytest.mark.parametrize("folder", folders())
def test_show_d_adds_the_releases_per_service_parameters(folder: str) -> None:
    version = parse_target(folder)
    master = parse(stock_master(version), FileKind.MASTER, "master.cf", "none")
    config = Config(None, master, version, host=DUMP_HOST)
    ours = shown(config, ShowRequest(defaults=True))
    assert differences(ours, dump(RELEASES / folder / "postconf-d-stock-master.txt")) == []


def compat_dumps() -> list[tuple[str, str]]:
    return [
        (folder, path.name[len("postconf-x-compat-") : -len(".txt")])
        for folder in folders()
        for path in sorted((RELEASES / folder).glob("postconf-x-compat-*.txt"))
    ]


@pytest.mark.parametrize(("folder", "level"), compat_dumps())
def test_show_x_expands_like_the_release_at_each_level(folder: str, level: str) -> None:
    reference = dump(RELEASES / folder / f"postconf-x-compat-{level}.txt")
    # mynetworks is the dump machine's: give it that value so its expansions compare too.
    mynetworks = next(line for line in reference if line.startswith("mynetworks ="))
    main_cf = f"compatibility_level = {level}\n{mynetworks}\n"
    main = parse(main_cf, FileKind.MAIN, "main.cf", "none")
    config = Config(main, None, parse_target(folder), host=DUMP_HOST)
    ours = shown(config, ShowRequest(expand=True))
    assert differences(ours, reference) == []


def test_level_dependent_defaults_come_from_each_release() -> None:
    cat = builtin_catalogue()
    relay = "smtpd_relay_restrictions"
    assert cat.release("2.10.1").default(relay, "0") == (
        "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"
    )
    assert cat.release("3.2").default(relay, "0") == cat.release("2.10.1").default(relay)
    assert cat.release("3.3").default(relay, "0") == ""
    assert cat.release("3.3").default(relay, "1") == cat.release("3.2").default(relay)
    assert cat.release("2.9").default(relay) is None  # arrived in 2.10
    assert cat.release("3.10").default("smtp_tls_security_level", "3.11") == ""
    assert cat.release("3.11").default("smtp_tls_security_level", "3.11") == "may"
    assert not cat.release("2.11").has_compatibility_level
    assert cat.release("3.7").newest_level == "3.6"


def test_patch_levels_differ_where_the_releases_do() -> None:
    cat = builtin_catalogue()
    forbid = "smtpd_forbid_bare_newline"
    assert not cat.release("3.5.9").knows(forbid)
    assert cat.release("3.5.25").knows(forbid)
    assert not cat.release("3.6.4").knows(forbid)
    assert cat.release("3.6").knows(forbid)
    assert cat.release("3.7.11").default("milter_default_action") == "tempfail"
    assert cat.release("3.7").default("milter_default_action") == "shutdown"
    assert cat.release("2.10.1").default("tls_high_cipherlist") == cat.release("2.6").default(
        "tls_high_cipherlist"
    )
    assert "!RC4" in (cat.release("3.8").default("tls_high_cipherlist") or "")


def test_legacy_names_are_honoured_but_not_listed() -> None:
    release = builtin_catalogue().release("3.12")
    assert "postscreen_dnsbl_ttl" in release.legacy_names
    assert "postscreen_dnsbl_ttl" not in release.names
    assert builtin_catalogue().get("postscreen_dnsbl_ttl").exists_in(Version(3, 12))  # type: ignore[union-attr]
    assert "postscreen_dnsbl_ttl" in builtin_catalogue().release("3.0").names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5", "3.5"),
        ("3.5.9", "3.5.9"),
        ("3.5.27", "3.5.27"),
        ("rhel9", "3.5.9"),
        ("RHEL-8", "3.5.8"),
        ("centos7", "2.10.1"),
        ("amazonlinux2", "2.10.1"),
        ("debian11", "3.5.25"),
        ("debian12", "3.7.11"),
        ("ubuntu22.04", "3.6.4"),
        ("ubuntu2404", "3.8.6"),
    ],
)
def test_targets_name_exact_releases(text: str, expected: str) -> None:
    assert str(parse_target(text)) == expected
    assert builtin_catalogue().release(parse_target(text)).knows("mail_version")


def test_every_distribution_maps_to_a_release_in_the_data() -> None:
    exact = {r.mail_version for r in release_table()}
    assert set(DISTRIBUTIONS.values()) <= exact


def test_x_y_means_the_newest_patch_of_the_line() -> None:
    assert builtin_catalogue().release("3.3").mail_version == "3.3.22"
    assert builtin_catalogue().release("3.3.0").mail_version == "3.3.0"


@pytest.mark.parametrize("text", ["2.7", "3.5.10", "4.0", "fedora", "3.x"])
def test_unknown_versions_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"X\.Y \(2\.6, .*X\.Y\.Z.*3\.5\.9.*rhel9"):
        parse_target(text)


@pytest.mark.parametrize(("version", "source"), [("3.5.9", "default"), ("3.5.25", "main.cf")])
def test_a_parameter_the_target_lacks_has_no_effect(version: str, source: str) -> None:
    main = parse("smtpd_forbid_bare_newline = yes\n", FileKind.MAIN, "main.cf", "none")
    master = parse(
        "smtp inet n - n - - smtpd\n  -o smtpd_forbid_bare_newline=yes\n",
        FileKind.MASTER,
        "master.cf",
        "none",
    )
    config = Config(main, master, parse_target(version))
    assert config.effective("smtpd_forbid_bare_newline").source == source
    override = config.effective("smtpd_forbid_bare_newline", "smtp/inet")
    assert override.source == ("default" if source == "default" else "override")
