"""The committed catalogue equals what the generator makes from the reference data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import REFERENCE, REPO

from postlint.postfix.catalogue import ParameterInfo, builtin_catalogue, fresh_catalogue
from postlint.postfix.versions import Version


def _generator():
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts" / "generate_catalogue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerated_data_equals_committed_data(tmp_path: Path) -> None:
    written = _generator().generate(REFERENCE, tmp_path)
    committed = REPO / "src" / "postlint" / "postfix" / "data"
    for path in written:
        assert path.read_bytes() == (committed / path.name).read_bytes(), path.name


def test_every_reference_row_and_dumped_name_is_in_the_catalogue() -> None:
    names = {
        line.split("\t", 1)[0]
        for line in (REFERENCE / "parameters.tsv").read_text().splitlines()[1:]
        if line
    }
    for dump in (REFERENCE / "releases").glob("*/postconf-d.txt"):
        names |= {line.split(" =", 1)[0] for line in dump.read_text().splitlines()}
    assert names == {p.name for p in builtin_catalogue()}


def test_queries_by_version() -> None:
    cat = builtin_catalogue()
    forbid = cat.get("smtpd_forbid_bare_newline")
    assert forbid is not None
    assert forbid.exists_in(Version(3, 9))
    assert forbid.exists_in(Version(3, 7))  # backported to 3.7.9
    assert not forbid.exists_in(Version(3, 5, 9))  # RHEL 9's patch level predates it
    assert not forbid.exists_in(Version(3, 4))
    removed = cat.get("tlsproxy_client_loglevel_parameter")
    assert removed is not None and not removed.exists_in(Version(3, 12))
    level = cat.get("smtp_tls_security_level")
    assert level is not None
    assert level.default_for(Version(3, 7)) == ""
    assert level.default_for(Version(3, 10)) == ""  # the <level {3.11} switch did not exist
    assert "may" in level.default_for(Version(3, 11))
    assert not cat.get("smtpd_tls_security_level").exists_in(Version(2, 2))  # type: ignore[union-attr]


def test_the_defaults_references_come_from_the_data_not_the_parser(monkeypatch) -> None:
    """A start reads the ~180 defaults' $names from data: no default goes through the
    value grammar (what a fresh process would do for each new release it lints)."""
    from postlint.postfix import macros
    from postlint.postfix.release_cache import ReleaseCache

    parsed: list[str] = []
    real = macros.tokenize.__wrapped__

    def counting(value: str):  # type: ignore[no-untyped-def]
        parsed.append(value)
        return real(value)

    monkeypatch.setattr(macros, "tokenize", counting)
    references = ReleaseCache(builtin_catalogue(), Version(3, 11)).default_references
    assert references["address_verify_map"] == {"default_cache_db_type", "data_directory"}
    assert parsed == []


def test_read_only_names_are_the_reference_rows_marked_read_only() -> None:
    # Code never lists them (issue 17): the model, PL408 and explain ask the catalogue.
    rows = [line.split("\t") for line in (REFERENCE / "parameters.tsv").read_text().splitlines()]
    status = rows[0].index("status")
    marked = {row[0] for row in rows[1:] if len(row) > status and row[status] == "read-only"}
    assert "service_name" in marked
    assert builtin_catalogue().read_only_names == marked


def test_names_with_answers_from_the_rows_as_the_built_parameters_would() -> None:
    catalogue = fresh_catalogue()
    for field, value in (("kind", "restriction-list"), ("ctype", "raw"), ("source", "postfix")):
        expected = {p.name for p in builtin_catalogue() if getattr(p, field) == value}
        assert expected and catalogue.names_with(field, value) == expected
    # A plugin's parameter is seen, and may take a built-in name's place.
    catalogue.add(ParameterInfo("site_maps", "", "3.0", "map-list", "str", "builtin", source="x"))
    replaced = catalogue.get("mynetworks")
    assert replaced is not None
    catalogue.add(replaced.replace(kind="restriction-list"))
    assert "site_maps" in catalogue.names_with("kind", "map-list")
    assert "site_maps" not in catalogue.names_with("source", "postfix")
    assert "mynetworks" in catalogue.names_with("kind", "restriction-list")
    assert [p.name for p in catalogue][-1] == "site_maps"  # built-in order, then additions
    # The shared built-in catalogue is not touched.
    assert "site_maps" not in builtin_catalogue()
    assert "mynetworks" not in builtin_catalogue().names_with("kind", "restriction-list")
