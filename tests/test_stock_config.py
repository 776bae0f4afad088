"""Postfix 3.12's own stock main.cf/master.cf under the PL4xx-PL7xx rules.

The stock master.cf runs `smtp inet ... smtpd`, so the config is an Internet MX; for that
role exactly three pieces of advice apply, all at info level, and all true: VRFY is
answered (PL608), HELO is optional (PL609), and no DKIM signer is configured (PL703).
Nothing else fires: in particular no relay, master.cf or value-type finding.
"""

from __future__ import annotations

from conftest import REFERENCE

from postlint.testing import run


def test_stock_3_12_config_draws_only_role_advice() -> None:
    main = (REFERENCE / "main.cf.stock-3.12.txt").read_text(encoding="utf-8")
    master = (REFERENCE / "master.cf.stock-3.12.txt").read_text(encoding="utf-8")
    result = run(["PL4", "PL5", "PL6", "PL7"], main, master, version="3.12")
    found = sorted((d.code, d.severity.value) for d in result.diagnostics)
    assert found == [("PL608", "info"), ("PL609", "info"), ("PL703", "info")]
