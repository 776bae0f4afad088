"""The fix a rule gets from `fix_policy.setting_fix` (and `ctx.set_parameter`, which uses it)
is safe only where docs/fix-safety.md says so: an allowed value for an unset setting that
nothing else the admin wrote decides. A third-party rule relies on this as the built-in ones do.
"""

from __future__ import annotations

import pytest

from postlint.api import Applicability, fix_policy
from postlint.testing import make_unit

MAIN = "myhostname = mail.example.com\ndisable_vrfy_command = no\n"


@pytest.mark.parametrize(
    ("name", "value", "written", "overrides_admin", "expected"),
    [
        ("smtp_tls_security_level", "may", False, False, Applicability.SAFE),
        ("disable_vrfy_command", "yes", False, False, Applicability.SAFE),
        ("smtpd_tls_loglevel", "1", False, False, Applicability.SAFE),
        # A mandatory level, or another value of an allowed name: refuses or defers mail.
        ("smtp_tls_security_level", "encrypt", False, False, Applicability.UNSAFE),
        ("smtpd_tls_loglevel", "4", False, False, Applicability.UNSAFE),
        # A new restriction.
        ("smtpd_helo_required", "yes", False, False, Applicability.UNSAFE),
        # A value the admin wrote, even changed to an allowed one.
        ("disable_vrfy_command", "yes", True, False, Applicability.UNSAFE),
        # A legacy switch the admin wrote decides today; the new setting would override it.
        ("smtp_tls_security_level", "may", False, True, Applicability.UNSAFE),
    ],
)
def test_setting_fix_is_safe_only_as_the_policy_allows(
    name: str, value: str, written: bool, overrides_admin: bool, expected: Applicability
) -> None:
    main = make_unit(MAIN).main
    assert main is not None
    existing = next((p for p in main.parameters() if p.name == name), None) if written else None
    assert (existing is not None) == written
    fix = fix_policy.setting_fix(main, existing, name, value, overrides_admin=overrides_admin)
    assert fix.applicability is expected
    assert fix.changes == ((name, value),)
