"""The value `postlint explain` derives equals what the real postconf (Debian's 3.7) computes:
`postconf -c DIR -x NAME ...` globally, `postconf -c DIR -Px` per service, on the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_dirs
from oracle import mask, prepare, run_postconf

from postlint.cli import main
from postlint.explain_cli import load_unit_at, model_for
from postlint.files import encode
from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.derivation import UnknownName, derive
from postlint.postfix.show import normalise_line
from postlint.postfix.versions import Version

pytestmark = pytest.mark.usefixtures("needs_postconf")

VERSION = Version(3, 7, 11)  # Debian 12: the postconf the tests run
# Defaults that depend on compatibility_level, and a few that expand other names.
ALWAYS = ("relay_domains", "mynetworks_style", "smtputf8_enable", "append_dot_mydomain")
ALWAYS += ("smtpd_relay_restrictions", "mydestination", "smtpd_banner", "myorigin")


def _pairs(output: bytes) -> dict[str, bytes]:
    """`name = value` lines (postconf's normalised spelling) by name."""
    found = {}
    for line in mask(output).split(b"\n"):
        name, sep, _value = line.partition(b" = ")
        if not sep:
            name = line.rstrip(b" =")
        if name:
            found[name.decode("utf-8", "surrogateescape")] = line
    return found


def _ours(line_name: str, value: str | None) -> bytes:
    return mask(encode(normalise_line(f"{line_name} = {value or ''}").rstrip("\n")))


def accepted_dirs() -> list[Path]:
    """Corpus configurations the real postconf reads (SOURCES.tsv, column postconf_3.7):
    for the others (unrendered templates, broken master.cf) it has no values to compare."""
    rows = [line.split("\t") for line in (CORPUS / "SOURCES.tsv").read_text().splitlines()]
    column = rows[0].index("postconf_3.7")
    refused = {row[0] for row in rows[1:] if row[column].startswith("FATAL")}
    return [d for d in corpus_dirs() if d.name not in refused]


@pytest.mark.parametrize("directory", accepted_dirs(), ids=lambda p: p.name)
def test_explained_value_equals_postconf(directory: Path, tmp_path: Path) -> None:
    work = prepare(directory, tmp_path / "config", pin_host=True)
    assert run_postconf(work, ("-n",)).returncode == 0
    unit = load_unit_at(work)
    config = model_for(unit, VERSION, builtin_catalogue())
    names = sorted(set(config.main_values) | set(ALWAYS))
    names = [n for n in names if n != "config_directory"]
    reference = _pairs(run_postconf(work, ("-x", *names)).stdout)
    assert reference, "postconf printed nothing"
    mismatches = []
    for name, line in reference.items():
        try:
            found = derive(config, name)
        except UnknownName:
            mismatches.append((name, line, b"(unknown to postlint)"))
            continue
        if found.templated:
            continue  # postconf reads a template's placeholder as text; postlint as unknown
        if _ours(name, found.value) != line:
            mismatches.append((name, line, _ours(name, found.value)))

    services = _pairs(run_postconf(work, ("-P", "-x")).stdout)
    for key, line in services.items():
        name_, type_, name = key.split("/", 2)
        if not config.is_builtin(name):
            continue  # the release lacks it: postconf -P echoes the -o, Postfix ignores it
        found = derive(config, name, f"{name_}/{type_}")
        if not found.templated and _ours(key, found.value) != line:
            mismatches.append((key, line, _ours(key, found.value)))
    assert not mismatches


def test_the_command_agrees_on_a_corpus_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same comparison through `postlint explain --output-format json`."""
    source = next(d for d in corpus_dirs() if d.name.endswith("debian-pkg-trusty"))
    work = prepare(source, tmp_path / "config", pin_host=True)
    for name in ("mydestination", "relay_domains", "smtpd_banner"):
        reference = _pairs(run_postconf(work, ("-x", name)).stdout)[name]
        args = [name, str(work), "--postfix-version", "3.7.11", "--output-format", "json"]
        status = main(["explain", *args, "--isolated"])
        assert status == 0
        found = json.loads(capsys.readouterr().out)
        assert _ours(name, found["value"]) == reference
