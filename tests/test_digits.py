"""Numbers are ASCII digits, as Postfix reads them: other scripts' digits and superscripts
are not numbers (str.isdigit() and regex \\d accept them; int() takes some, rejects others)."""

from __future__ import annotations

import pytest

from postlint.testing import run

SUPERSCRIPT_TWO = "\u00b2"
ARABIC_INDIC_THREE = "\u0663"


@pytest.mark.parametrize("digit", [SUPERSCRIPT_TWO, ARABIC_INDIC_THREE])
def test_a_size_limit_in_other_digits_is_not_a_number(digit: str) -> None:
    result = run(["PL407", "PL412"], f"mailbox_size_limit = {digit}\n")
    assert [d.code for d in result.diagnostics] == ["PL407"]
    assert "is not a whole number" in result.diagnostics[0].message


@pytest.mark.parametrize("digit", [SUPERSCRIPT_TWO, ARABIC_INDIC_THREE])
def test_a_wakeup_time_in_other_digits_stops_the_master(digit: str) -> None:
    result = run(["PL503"], "", f"pickup unix n - n {digit} 1 pickup\n")
    assert [d.message for d in result.diagnostics] == [
        f'invalid wakeup field "{digit}"; Postfix will not start'
    ]


@pytest.mark.parametrize("digit", [SUPERSCRIPT_TWO, ARABIC_INDIC_THREE])
def test_sleep_and_milter_port_need_ascii_digits(digit: str) -> None:
    main_cf = (
        f"smtpd_recipient_restrictions = sleep {digit}, permit\n"
        f"smtpd_milters = inet:localhost:{digit}{digit}\n"
        f"non_smtpd_milters = inet:localhost{digit}\n"
    )
    result = run(["PL416", "PL419"], main_cf)
    codes = sorted(d.code for d in result.diagnostics)
    assert codes[0] == "PL416" and "PL419" in codes


@pytest.mark.parametrize("level", [ARABIC_INDIC_THREE, f"3.{ARABIC_INDIC_THREE}"])
def test_a_compatibility_level_in_other_digits_is_not_a_level(level: str) -> None:
    from postlint.postfix.compat import parse_level

    assert parse_level(level) is None
