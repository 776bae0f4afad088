"""Every parameter has a one-line meaning for hover, and the data names only real ones."""

from __future__ import annotations

import pytest

from postlint.postfix.catalogue import ParameterInfo, builtin_catalogue, fresh_catalogue
from postlint.postfix.descriptions import describe, written_descriptions


def test_every_catalogue_parameter_has_one_line() -> None:
    catalogue = builtin_catalogue()
    missing = [p.name for p in catalogue if not describe(catalogue, p.name)]
    assert missing == []
    for info in catalogue:
        meaning = describe(catalogue, info.name)
        assert "\n" not in meaning and len(meaning) <= 240, info.name
        assert meaning.endswith((".", "...")), info.name


def test_written_lines_name_only_known_parameters() -> None:
    catalogue = builtin_catalogue()
    assert [name for name in written_descriptions() if name not in catalogue] == []


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("lmtp_tls_security_level", "smtp_tls_security_level"),
        ("postscreen_tls_security_level", "smtpd_tls_security_level"),
        ("tlsproxy_client_CAfile", "smtp_tls_CAfile"),
        ("transport_destination_rate_delay", "default_destination_rate_delay"),
    ],
)
def test_derived_parameters_name_their_source(name: str, source: str) -> None:
    catalogue = builtin_catalogue()
    meaning = describe(catalogue, name)
    assert meaning.startswith(f"Like {source}, for ")
    assert meaning.lower().endswith(describe(catalogue, source).lower())


def test_legacy_alias_points_at_new_name() -> None:
    catalogue = builtin_catalogue()
    assert describe(catalogue, "fallback_relay").startswith("Older name of smtp_fallback_relay.")


def test_client_and_server_tls_levels_read_differently() -> None:
    catalogue = builtin_catalogue()
    client = describe(catalogue, "smtp_tls_security_level")
    server = describe(catalogue, "smtpd_tls_security_level")
    assert "Outbound" in client and "Inbound" in server


def test_plugin_parameter_brings_its_own_meaning() -> None:
    catalogue = fresh_catalogue()
    catalogue.add(
        ParameterInfo(
            name="site_quota_map",
            default="",
            since="3.0",
            kind="string",
            ctype="str",
            status="builtin",
            source="site",
            description="Quota table of the site's mailbox service.",
        )
    )
    assert describe(catalogue, "site_quota_map") == "Quota table of the site's mailbox service."
    assert describe(catalogue, "no_such_parameter") == ""
