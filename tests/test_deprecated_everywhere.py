"""Every deprecated parameter is reported in master.cf -o exactly as in main.cf (postconf
warns about both), by the same rule."""

from __future__ import annotations

import pytest

from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.versions import NEWEST_STABLE, Version
from postlint.testing import run

TARGET = Version.parse(NEWEST_STABLE)


def _deprecated_parameters() -> list[str]:
    names = []
    for entry in builtin_catalogue().deprecations:
        info = builtin_catalogue().get(entry.item)
        if entry.item_type == "parameter" and info is not None and info.exists_in(TARGET):
            names.append(entry.item)
    return names


def _codes(findings: list[str]) -> set[str]:
    # PL312 (compatibility_level) speaks about the whole file, not the name.
    return {c for c in (f.split()[1] for f in findings) if c.startswith("PL3") and c != "PL312"}


@pytest.mark.parametrize("name", _deprecated_parameters())
def test_override_reported_like_main_cf(name: str) -> None:
    in_main = run(["PL3"], main=f"{name} = yes\n")
    in_override = run(["PL3"], main="", master=f"relay unix - - n - - smtp\n  -o {name}=yes\n")
    assert _codes(in_main.findings), f"{name} in main.cf is not reported"
    assert _codes(in_override.findings) == _codes(in_main.findings)
